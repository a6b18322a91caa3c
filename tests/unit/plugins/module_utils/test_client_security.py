# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client's secure defaults: credentials in the url, proxies, bounded reads, sane timeouts.

What a module's output shows of them is in tests/unit/plugins/modules/test_lifecycle_modules_security.py.
Every request goes to 127.0.0.1: a guard refuses to resolve any other name,
so a request that should have gone through the (fake, local) proxy cannot
leave the machine.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import math
import re
import socket
import threading
import time
import tracemalloc

import pytest
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.module_utils._client import (
    BODY_LIMIT,
    METRICS_BODY_LIMIT,
    MIB,
    ApiError,
    BodyTooLarge,
    Client,
    NoAnswer,
    Unreachable,
    direct_proxies,
    goes_direct,
    is_loopback,
    proxy_for,
    redact,
    redact_url,
    split_url_credentials,
    url_secrets,
)
from ansible_collections.promops.prometheus.tests.unit.helpers import basic_auth, client_params

SECRET = 'S3cr%40t%2Fpw'    # as written in a url: percent-encoded
PLAIN_SECRET = 'S3cr@t/pw'  # as sent


def assert_no_secret(*texts):
    for text in texts:
        assert 'S3cr' not in str(text)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Refuse to resolve anything but loopback names: no request of these tests may leave the machine."""
    resolve = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        if not is_loopback(name):
            raise socket.gaierror(socket.EAI_NONAME, 'the unit tests resolve only loopback names, not %s' % name)
        return resolve(host, *args, **kwargs)
    monkeypatch.setattr(socket, 'getaddrinfo', guarded)


# --------------------------------------------------------------------------
# a raw TCP server: a fake proxy, or a server that drips its headers
# --------------------------------------------------------------------------

class RawServer:
    """A TCP server on 127.0.0.1 that records the head of each request it gets and answers it with answer(conn).

    One connection at a time; it stops at teardown or after 60 s, whichever comes first.
    """

    def __init__(self, answer):
        self.answer = answer
        self.heads = []
        self.stopped = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = 'http://127.0.0.1:%d' % self.port
        self.thread = threading.Thread(target=self._serve)
        self.thread.daemon = True
        self.thread.start()

    def _serve(self):
        give_up = time.monotonic() + 60
        while not self.stopped.is_set() and time.monotonic() < give_up:
            try:
                conn, dummy = self.sock.accept()
            except socket.timeout:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    head = b''
                    while b'\r\n\r\n' not in head and len(head) < 65536:
                        data = conn.recv(4096)
                        if not data:
                            break
                        head += data
                    self.heads.append(head.decode('latin-1'))
                    self.answer(conn, self.stopped)
                except OSError:
                    pass

    def stop(self):
        self.stopped.set()
        self.thread.join(5)
        self.sock.close()


def healthy_answer(conn, stopped):
    body = b'Prometheus Server is Healthy.\n'
    conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' % (len(body), body))


def dripping_headers(conn, stopped):
    """A status line, then one byte of a header every half second (at most 30 s)."""
    conn.sendall(b'HTTP/1.1 200 OK\r\nX-Drip: ')
    for dummy in range(60):
        if stopped.wait(0.5):
            return
        conn.sendall(b'x')


@pytest.fixture
def raw_server():
    servers = []

    def start(answer):
        servers.append(RawServer(answer))
        return servers[-1]
    yield start
    for server in servers:
        server.stop()


PROXY_VARIABLES = ('http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY')


@pytest.fixture
def proxy(raw_server, monkeypatch):
    """A fake proxy that every proxy variable of the environment names; it answers as Prometheus would."""
    server = raw_server(healthy_answer)
    for name in PROXY_VARIABLES:
        monkeypatch.setenv(name, server.url)
    monkeypatch.delenv('no_proxy', raising=False)
    monkeypatch.delenv('NO_PROXY', raising=False)
    return server


@pytest.fixture
def client_for():
    def factory(url, product='Prometheus', **overrides):
        return Client(client_params(url, **overrides), product)
    return factory


# --------------------------------------------------------------------------
# credentials in the url
# --------------------------------------------------------------------------

@pytest.mark.parametrize('url, expected', [
    ('http://admin:secret@127.0.0.1:9090', ('http://127.0.0.1:9090', 'admin', 'secret')),
    ('https://admin:S3cr%40t%2Fpw@prometheus.example.com:9090/prom/',
     ('https://prometheus.example.com:9090/prom/', 'admin', 'S3cr@t/pw')),
    ('http://ad%3Amin:p:w@[::1]:9093', ('http://[::1]:9093', 'ad:min', 'p:w')),
    ('http://admin:@127.0.0.1', ('http://127.0.0.1', 'admin', '')),
    ('http://admin@127.0.0.1', ('http://127.0.0.1', 'admin', None)),
    ('http://127.0.0.1:9090/prom', ('http://127.0.0.1:9090/prom', None, None)),
    ('http://127.0.0.1:9090/prom?x=a@b', ('http://127.0.0.1:9090/prom?x=a@b', None, None)),
])
def test_split_url_credentials_takes_out_and_decodes_user_and_password(url, expected):
    assert split_url_credentials(url) == expected


def test_credentials_in_the_url_are_sent_as_basic_auth_and_left_out_of_the_address(httpserver, server, client_for):
    httpserver.expect_request('/prom/-/healthy', headers={'Authorization': basic_auth('admin', PLAIN_SECRET)}) \
        .respond_with_data('OK')
    url = 'http://admin:%s@127.0.0.1:%d/prom' % (SECRET, httpserver.port)
    client = client_for(url)

    assert client.base_url == server.url('/prom')
    assert client.session.auth == ('admin', PLAIN_SECRET)
    assert client.request('GET', '/-/healthy').status_code == 200
    assert server.seen() == [('GET', '/prom/-/healthy')]


@pytest.mark.parametrize('option, options', [
    ('url_username', dict(url_username='admin', url_password='other')),
    ('bearer_token', dict(bearer_token='abc.def')),
])
def test_credentials_both_in_the_url_and_as_options_are_refused_naming_both(client_for, option, options):
    with pytest.raises(ApiError) as raised:
        client_for('http://admin:%s@127.0.0.1:9' % SECRET, **options)

    assert raised.value.msg.startswith('url holds credentials (user:password@) and %s is set too: give the '
                                       'credentials one way only' % option)
    assert_no_secret(raised.value.msg, raised.value.details)


@pytest.mark.parametrize('url', ['http://admin:S3cr@t/pw@127.0.0.1:9090', 'http://admin:S3cr/pw@127.0.0.1:9090'])
def test_a_password_with_an_unencoded_slash_is_refused_without_showing_it(client_for, url):
    with pytest.raises(ApiError) as raised:
        client_for(url)

    assert raised.value.msg == (
        "url 'http://127.0.0.1:9090' is ambiguous: it has an @ after a / of the address, as when a password holds "
        "an unencoded / or @. In a user name or password, write /, ?, #, @ and : percent-encoded (%2F, %3F, %23, "
        "%40, %3A).")


def test_a_url_with_an_invalid_port_is_refused_naming_it(client_for):
    with pytest.raises(ApiError) as raised:
        client_for('http://admin:%s@127.0.0.1:90x0' % SECRET)

    assert raised.value.msg.startswith("url 'http://127.0.0.1:90x0' is not a valid address (")
    assert_no_secret(raised.value.msg)


def test_a_url_without_scheme_is_refused_without_showing_its_password(client_for):
    with pytest.raises(ApiError) as raised:
        client_for('admin:S3cret@127.0.0.1:9090')

    assert raised.value.msg == "url must start with http:// or https://, got '127.0.0.1:9090'."


@pytest.mark.parametrize('url', ['http://admin:%s@127.0.0.1:9' % SECRET, 'http://admin:S3cr@t/pw@127.0.0.1:9',
                                 'admin:S3cr%40t@127.0.0.1:9'])
def test_url_secrets_are_the_password_as_written_and_decoded(url):
    secrets = url_secrets(url)

    assert secrets and all(secret.startswith('S3cr') for secret in secrets)
    assert redact_url(url).endswith('127.0.0.1:9')


def test_url_secrets_of_a_url_without_password_are_none():
    assert url_secrets('http://127.0.0.1:9090/prom') == set()
    assert url_secrets('http://admin@127.0.0.1:9090') == set()
    assert url_secrets(None) == set()


def test_redact_takes_credentials_out_of_addresses_in_a_text():
    text = ("HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded (Caused by ProxyError("
            "'Unable to connect to proxy http://proxyuser:S3cret@127.0.0.1:3128/'))")

    assert redact(text) == ("HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded (Caused by "
                            "ProxyError('Unable to connect to proxy http://127.0.0.1:3128/'))")


def test_a_refused_connection_names_the_address_without_credentials(refused_url, client_for):
    client = client_for(refused_url.replace('http://', 'http://admin:%s@' % SECRET))

    with pytest.raises(Unreachable) as raised:
        client.request('GET', '/-/healthy')

    assert raised.value.msg.startswith('GET %s/-/healthy failed: Prometheus is not reachable' % refused_url)
    assert raised.value.details == {'url': refused_url + '/-/healthy'}


def test_a_redirect_to_an_address_with_credentials_is_reported_without_them(httpserver, server, client_for):
    location = 'http://admin:S3cret@127.0.0.1:%d/prom/-/healthy' % httpserver.port
    httpserver.expect_request('/-/healthy').respond_with_data('', status=302, headers={'Location': location})
    client = client_for(server.url().replace('http://', 'http://admin:%s@' % SECRET))

    with pytest.raises(ApiError) as raised:
        client.request('GET', '/-/healthy')

    assert raised.value.msg.startswith('GET %s was redirected (HTTP 302) to %s. '
                                       % (server.url('/-/healthy'), server.url('/prom/-/healthy')))
    assert_no_secret(raised.value.msg, raised.value.details)


def test_wrong_credentials_in_the_url_count_as_credentials_given(httpserver, server, client_for):
    httpserver.expect_request('/-/ready').respond_with_data('Unauthorized\n', status=401)
    client = client_for(server.url().replace('http://', 'http://admin:%s@' % SECRET))

    with pytest.raises(ApiError) as raised:
        client.request('GET', '/-/ready')

    assert raised.value.msg == ('GET %s answered 401 Unauthorized: the credentials given were rejected.'
                                % server.url('/-/ready'))


# --------------------------------------------------------------------------
# proxies
# --------------------------------------------------------------------------

@pytest.mark.parametrize('host, loopback', [
    ('127.0.0.1', True), ('127.8.9.10', True), ('::1', True), ('::ffff:127.0.0.1', True), ('localhost', True),
    ('LOCALHOST.', True), ('128.0.0.1', False), ('10.0.0.1', False), ('::2', False), ('localhost.example.com', False),
    ('prometheus.example.com', False), ('', False), (None, False),
])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


@pytest.mark.parametrize('url', ['http://127.0.0.1:9090', 'https://127.0.0.2:9090', 'http://[::1]:9093/am',
                                 'http://localhost:9090'])
def test_loopback_addresses_never_use_a_proxy_whatever_the_environment(proxy, url):
    assert goes_direct(url, use_proxy=True)
    assert proxy_for(url, use_proxy=True) is None


def test_other_hosts_use_the_environments_proxy_unless_use_proxy_is_off(proxy):
    url = 'http://prometheus.example.com:9090'

    assert proxy_for(url, use_proxy=True) == proxy.url
    assert proxy_for('https://prometheus.example.com:9090', use_proxy=True) == proxy.url
    assert not goes_direct(url, use_proxy=True)
    assert proxy_for(url, use_proxy=False) is None
    assert goes_direct(url, use_proxy=False)


@pytest.mark.parametrize('no_proxy', ['prometheus.example.com', '.example.com', 'example.com', '*'])
def test_no_proxy_of_the_environment_is_respected(proxy, monkeypatch, no_proxy):
    monkeypatch.setenv('no_proxy', no_proxy)

    assert proxy_for('http://prometheus.example.com:9090', use_proxy=True) is None
    assert proxy_for('http://alertmanager.example.org:9093', use_proxy=True) == (None if no_proxy == '*' else proxy.url)


def test_the_client_overrides_every_proxy_of_the_environment_when_it_goes_direct(proxy, client_for):
    loopback = client_for('http://127.0.0.1:9090')
    remote_without_proxy = client_for('http://prometheus.example.com:9090', use_proxy=False)
    remote = client_for('http://prometheus.example.com:9090')

    assert loopback.proxies() == remote_without_proxy.proxies() == direct_proxies()
    assert set(direct_proxies()) >= {'http', 'https', 'all'}
    assert set(direct_proxies().values()) == {None}
    # None: requests takes the proxy from the environment, no_proxy included.
    assert remote.proxies() is None


@pytest.mark.parametrize('host', ['127.0.0.1', 'localhost'])
def test_a_loopback_request_goes_direct_with_proxies_in_the_environment(proxy, httpserver, client_for, host):
    httpserver.expect_request('/-/healthy', headers={'Authorization': basic_auth('admin', PLAIN_SECRET)}) \
        .respond_with_data('Prometheus Server is Healthy.\n')
    client = client_for('http://admin:%s@%s:%d' % (SECRET, host, httpserver.port))

    assert client.request('GET', '/-/healthy').status_code == 200
    assert len(httpserver.log) == 1
    assert proxy.heads == []


def test_a_request_to_another_host_goes_through_the_proxy_of_the_environment(proxy, client_for):
    # The proxy is the fake on 127.0.0.1: nothing leaves the machine, and the name is never resolved.
    client = client_for('http://prometheus.example.invalid:9090', bearer_token='tok3n')

    assert client.request('GET', '/-/healthy').text == 'Prometheus Server is Healthy.\n'
    head, = proxy.heads
    assert head.startswith('GET http://prometheus.example.invalid:9090/-/healthy HTTP/1.1\r\n')


def test_use_proxy_false_sends_no_request_to_the_proxy(proxy, client_for):
    client = client_for('http://prometheus.example.invalid:9090', use_proxy=False)

    # Direct, the name must be resolved: the guard of these tests refuses it.
    with pytest.raises(Unreachable):
        client.request('GET', '/-/healthy')
    assert proxy.heads == []


# --------------------------------------------------------------------------
# timeouts
# --------------------------------------------------------------------------

@pytest.mark.parametrize('option', ['timeout', 'request_timeout'])
def test_nan_timeouts_are_refused_before_any_request(httpserver, server, client_for, option):
    with pytest.raises(ApiError) as raised:
        client_for(server.url(), **{option: float('nan')})

    assert raised.value.msg == ('%s must be a finite number of seconds, got nan: with it the task would wait '
                                'forever. Give a number of seconds greater than 0.' % option)
    assert httpserver.log == []


@pytest.mark.parametrize('value', [float('inf'), 1e12])
@pytest.mark.parametrize('option', ['timeout', 'request_timeout'])
def test_infinite_or_huge_timeouts_are_refused_before_any_request(httpserver, server, client_for, option, value):
    with pytest.raises(ApiError) as raised:
        client_for(server.url(), **{option: value})

    assert raised.value.msg == ('%s must be a finite number of seconds of at most 31536000 (a year), got %s: with '
                                'it the task could wait forever.' % (option, value))
    assert httpserver.log == []


@pytest.mark.parametrize('value', [0.0, -1.0, -math.inf])
def test_non_positive_timeouts_are_refused_as_before(client_for, value):
    with pytest.raises(ApiError) as raised:
        client_for('http://127.0.0.1:9', timeout=value)

    assert raised.value.msg == 'timeout and request_timeout must be positive numbers of seconds.'


# --------------------------------------------------------------------------
# bounded reads
# --------------------------------------------------------------------------

@pytest.fixture
def drip(httpserver):
    """Factory of handlers that send one byte every half second (at most 30 s; until teardown)."""
    stopped = threading.Event()

    def factory(announce_length):
        def handler(request):
            def body():
                for dummy in range(60):
                    yield b'x'
                    if stopped.wait(0.5):
                        return
            headers = {'Content-Length': '60'} if announce_length else {}
            return Response(body(), status=200, headers=headers)
        return handler
    yield factory
    stopped.set()


@pytest.mark.parametrize('announce_length', [False, True], ids=['chunked', 'content-length'])
def test_a_dripping_body_cannot_hold_the_request_past_the_tasks_deadline(httpserver, server, drip, client_for,
                                                                         announce_length):
    httpserver.expect_request('/-/healthy').respond_with_handler(drip(announce_length))
    client = client_for(server.url(), timeout=3, request_timeout=10)

    started = time.monotonic()
    with pytest.raises(NoAnswer) as raised:
        client.request('GET', '/-/healthy')

    assert time.monotonic() - started < 3 + 5
    # The deadline counts from the client's start: on a loaded machine a tenth or two has gone before the request.
    answer = re.fullmatch(r'GET %s got no complete answer within ([0-9.]+) s \(what was left of timeout\): the server '
                          r'sent the headers but stalled in the body\.' % re.escape(server.url('/-/healthy')),
                          raised.value.msg)
    assert answer and 0 < float(answer.group(1)) <= 3.0, raised.value.msg


def test_a_dripping_body_cannot_hold_one_request_past_request_timeout(httpserver, server, drip, client_for):
    httpserver.expect_request('/metrics').respond_with_handler(drip(False))
    client = client_for(server.url(), timeout=30, request_timeout=1.5)

    started = time.monotonic()
    with pytest.raises(NoAnswer) as raised:
        client.get_metrics(['up'])

    assert time.monotonic() - started < 1.5 + 5
    assert '(request_timeout)' in raised.value.msg


def test_dripping_headers_cannot_hold_the_request_past_the_tasks_deadline(raw_server, client_for):
    dripper = raw_server(dripping_headers)
    client = client_for(dripper.url, timeout=2, request_timeout=10)

    started = time.monotonic()
    with pytest.raises(NoAnswer) as raised:
        client.request('GET', '/-/ready')

    assert time.monotonic() - started < 2 + 5
    answer = re.match(r'GET %s/-/ready got no answer within ([0-9.]+) s \(what was left of timeout\)'
                      % re.escape(dripper.url), raised.value.msg)
    assert answer and 0 < float(answer.group(1)) <= 2.0, raised.value.msg


@pytest.fixture
def endless(httpserver):
    """A handler answering with a generated body of total bytes, in 64 KiB pieces; counts the pieces it made."""
    made = []

    def factory(total, announce_length=False, status=200):
        def handler(request):
            def body():
                piece = b'# filler line of a metrics page that never ends\n' * 1337
                piece = piece[:64 * 1024]
                for dummy in range(total // len(piece)):
                    made.append(1)
                    yield piece
            headers = {'Content-Length': str(total)} if announce_length else {}
            return Response(body(), status=status, headers=headers, content_type='text/plain')
        return handler
    return factory, made


def test_an_oversized_metrics_body_is_cut_at_the_limit_without_reading_it_all(httpserver, server, client_for, endless):
    factory, made = endless
    total = 64 * MIB
    httpserver.expect_request('/metrics').respond_with_handler(factory(total))
    client = client_for(server.url().replace('http://', 'http://admin:%s@' % SECRET), timeout=30)

    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLarge) as raised:
            client.get_metrics(['up'])
        dummy, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert raised.value.msg == (
        'GET %s: the answer (HTTP 200) is larger than 16 MiB, the most this module reads from /metrics; it stopped '
        'reading there. Check that url points at Prometheus itself (with its route prefix), not at another service '
        'or a proxy in between.' % server.url('/metrics'))
    assert raised.value.details == {'url': server.url('/metrics'), 'status_code': 200}
    assert METRICS_BODY_LIMIT == 16 * MIB
    # Reading it all would take 64 MiB; what was read up to the limit, and the buffers of urllib3, fit in twice it.
    assert peak < 2 * METRICS_BODY_LIMIT
    # The server could write the limit and what the socket buffers hold, not the rest.
    deadline = time.monotonic() + 5
    while len(made) * 64 * 1024 < METRICS_BODY_LIMIT and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(made) * 64 * 1024 < total


def test_a_body_announced_larger_than_the_limit_is_not_read(httpserver, server, client_for, endless):
    factory, made = endless
    httpserver.expect_request('/metrics').respond_with_handler(factory(20 * MIB, announce_length=True))
    client = client_for(server.url())

    with pytest.raises(BodyTooLarge) as raised:
        client.get_metrics(['up'])

    assert raised.value.msg.startswith('GET %s: the answer (HTTP 200) announces 20971520 bytes, more than 16 MiB, '
                                       'the most this module reads from /metrics; it did not read it.'
                                       % server.url('/metrics'))
    assert len(made) * 64 * 1024 < 20 * MIB


def test_other_answers_are_limited_to_the_smaller_body_limit(httpserver, server, client_for, endless):
    factory, dummy = endless
    httpserver.expect_request('/api/v1/status/config').respond_with_handler(factory(BODY_LIMIT + 2 * MIB, status=500))

    with pytest.raises(BodyTooLarge) as raised:
        client_for(server.url()).get_json('/api/v1/status/config')

    assert BODY_LIMIT == 8 * MIB
    assert raised.value.msg.startswith('GET %s: the answer (HTTP 500) is larger than 8 MiB, the most this module '
                                       'reads from an API endpoint;' % server.url('/api/v1/status/config'))
    assert raised.value.details['status_code'] == 500


def test_a_body_of_the_limit_itself_is_read(httpserver, server, client_for):
    httpserver.expect_request('/a').respond_with_data('a' * 1000)
    httpserver.expect_request('/b').respond_with_data('b' * 1001)
    client = client_for(server.url())

    assert client.request('GET', '/a', max_body=1000).text == 'a' * 1000
    with pytest.raises(BodyTooLarge):
        client.request('GET', '/b', max_body=1000)


def test_a_streamed_body_is_kept_for_text_and_json(httpserver, server, client_for):
    httpserver.expect_request('/api/v2/status').respond_with_json({'versionInfo': {'version': '0.28.1'}})
    client = client_for(server.url(), product='Alertmanager')

    assert client.get_json('/api/v2/status') == {'versionInfo': {'version': '0.28.1'}}
    assert httpserver.log[0][0].headers['Accept-Encoding'] == 'identity'


def test_requests_leave_no_thread_behind(httpserver, server, client_for):
    httpserver.expect_request('/-/ready').respond_with_data('OK')
    client = client_for(server.url())

    for dummy in range(20):
        client.request('GET', '/-/ready')

    # Each request's watchdog (a threading.Timer) has ended with it.
    assert [thread for thread in threading.enumerate() if isinstance(thread, threading.Timer)] == []


def test_a_connection_cut_at_the_deadline_is_not_reused(httpserver, server, drip, client_for):
    httpserver.expect_request('/-/healthy').respond_with_handler(drip(True))
    httpserver.expect_request('/-/ready').respond_with_data('OK')
    client = client_for(server.url(), request_timeout=1)

    with pytest.raises(NoAnswer):
        client.request('GET', '/-/healthy')

    assert client.request('GET', '/-/ready').text == 'OK'


def test_basic_auth_header_of_credentials_in_the_url(httpserver, server, client_for):
    httpserver.expect_request('/-/ready').respond_with_data('OK')
    client_for(server.url().replace('http://', 'http://ad%%20min:%s@' % SECRET)).request('GET', '/-/ready')

    header = httpserver.log[0][0].headers['Authorization']
    assert base64.b64decode(header.split(' ', 1)[1]).decode('utf-8') == 'ad min:' + PLAIN_SECRET
