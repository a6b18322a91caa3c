# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the lifecycle modules print, as Ansible gets it: no password written into the url, in any result.

These tests run the module's real exit_json and fail_json (not the stand-ins of
helpers.run_module), so the output includes the invocation that -vvv and
register show. The client's behaviour itself is in
module_utils/test_client_security.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import threading
import time

import pytest
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.modules import server_lifecycle
from ansible_collections.promops.prometheus.tests.unit.helpers import basic_auth

SECRET = 'S3cr%40t%2Fpw'    # as written in the url
PLAIN_SECRET = 'S3cr@t/pw'  # as sent


def with_credentials(url, secret=SECRET):
    return url.replace('http://', 'http://admin:%s@' % secret, 1)


def assert_secret_hidden(out, result):
    assert 'S3cr' not in out, out
    url = result['invocation']['module_args']['url']
    assert url.startswith('http://admin:********@127.0.0.1:'), url


# --------------------------------------------------------------------------
# credentials in the url never show
# --------------------------------------------------------------------------

@pytest.mark.parametrize('state', ['healthy', 'ready', 'reloaded'])
def test_success_shows_no_password_from_the_url_and_sends_it_as_basic_auth(fake, module_output, state):
    out, result = module_output(fake.product.main, dict(url=with_credentials(fake.url), state=state))

    assert not result.get('failed'), result
    assert_secret_hidden(out, result)
    headers = set(request.headers.get('Authorization') for request, dummy in fake.httpserver.log)
    assert headers == {basic_auth('admin', PLAIN_SECRET)}


def test_a_refused_connection_shows_no_password(product, refused_url, module_output):
    out, result = module_output(product.main, dict(url=with_credentials(refused_url), wait=False))

    assert result['failed'] is True
    assert result['msg'].startswith('%s is not healthy: GET %s/-/healthy failed' % (product.name, refused_url))
    assert result['url'] == refused_url + '/-/healthy'
    assert_secret_hidden(out, result)


def test_a_401_shows_no_password(fake, module_output):
    fake.on('GET', '/-/healthy', Response('Unauthorized\n', status=401))

    out, result = module_output(fake.product.main, dict(url=with_credentials(fake.url), wait=False))

    assert result['msg'].endswith('answered 401 Unauthorized: the credentials given were rejected.')
    assert_secret_hidden(out, result)


def test_a_rejected_reload_shows_no_password(fake, module_output):
    fake.reject_reload(fake.product.reload_error)

    out, result = module_output(fake.product.main, dict(url=with_credentials(fake.url), state='reloaded'))

    assert result['msg'].startswith('%s rejected the new configuration' % fake.name)
    assert_secret_hidden(out, result)


def test_an_oversized_metrics_answer_fails_naming_the_address_without_password(fake, module_output):
    fake.on('GET', '/metrics', Response((b'x' * 65536 for dummy in range(300)), content_type='text/plain'))

    out, result = module_output(fake.product.main, dict(url=with_credentials(fake.url), state='reloaded'))

    assert result['msg'].startswith('GET %s/metrics: the answer (HTTP 200) is larger than 16 MiB' % fake.url)
    assert result['url'] == fake.url + '/metrics'
    assert_secret_hidden(out, result)


@pytest.mark.parametrize('args, msg', [
    (dict(state='restarted'), 'value of state must be one of: '),
    (dict(timeout=float('nan')), 'timeout must be a finite number of seconds, got nan'),
    (dict(url_username='admin', url_password='other'), 'url holds credentials (user:password@) and url_username'),
    (dict(bearer_token='tok3n'), 'url holds credentials (user:password@) and bearer_token'),
], ids=['argument-check', 'nan-timeout', 'also-url-username', 'also-bearer-token'])
def test_a_refused_argument_shows_no_password_and_sends_nothing(product, httpserver, module_output, args, msg):
    url = with_credentials('http://127.0.0.1:%d' % httpserver.port)

    out, result = module_output(product.main, dict(args, url=url))

    assert result['failed'] is True and result['msg'].startswith(msg)
    assert_secret_hidden(out, result)
    assert httpserver.log == []


def test_server_lifecycle_shows_no_password_either(fake, module_output):
    out, result = module_output(server_lifecycle.main, dict(url=with_credentials(fake.url), product=fake.product.key,
                                                            state='reloaded'))

    assert result['reloaded'] is True
    assert_secret_hidden(out, result)


def test_a_password_with_an_unencoded_slash_shows_in_no_part(product, module_output):
    out, result = module_output(product.main, dict(url='http://admin:S3cr/et@127.0.0.1:9'))

    assert result['failed'] is True and 'ambiguous' in result['msg']
    assert 'S3cr' not in out


# --------------------------------------------------------------------------
# proxies
# --------------------------------------------------------------------------

@pytest.fixture
def proxy(monkeypatch):
    """A local address that every proxy variable names; it counts the connections it gets and answers none."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('127.0.0.1', 0))
    sock.listen(8)
    sock.settimeout(0.1)
    connections = []
    stopped = threading.Event()

    def accept():
        give_up = time.monotonic() + 60
        while not stopped.is_set() and time.monotonic() < give_up:
            try:
                conn, dummy = sock.accept()
            except socket.timeout:
                continue
            connections.append(1)
            conn.close()
    thread = threading.Thread(target=accept)
    thread.daemon = True
    thread.start()
    url = 'http://127.0.0.1:%d' % sock.getsockname()[1]
    for name in ('http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'):
        monkeypatch.setenv(name, url)
    monkeypatch.delenv('no_proxy', raising=False)
    monkeypatch.delenv('NO_PROXY', raising=False)
    yield connections
    stopped.set()
    thread.join(5)
    sock.close()


@pytest.mark.parametrize('use_proxy', [True, False])
def test_a_loopback_server_is_reached_directly_whatever_the_proxy_variables_say(
        fake, proxy, module_succeeds, use_proxy):
    result = module_succeeds(fake.product.main, dict(url=fake.url, state='reloaded', url_username='admin',
                                                     url_password=PLAIN_SECRET, use_proxy=use_proxy))

    assert result['reloaded'] is True
    assert proxy == []


# --------------------------------------------------------------------------
# the task's deadline holds
# --------------------------------------------------------------------------

@pytest.fixture
def drip():
    stopped = threading.Event()

    def handler(request):
        def body():
            for dummy in range(60):
                yield 'O'
                if stopped.wait(0.5):
                    return
        return Response(body(), status=200)
    yield handler
    stopped.set()


def test_a_server_dripping_its_answer_cannot_hold_the_task_past_timeout(fake, drip, module_fails):
    fake.on('GET', '/-/ready', drip)

    started = time.monotonic()
    result = module_fails(fake.product.main, dict(url=fake.url, state='ready', timeout=2))

    assert time.monotonic() - started < 2 + 5
    assert result['msg'].startswith('%s did not become ready within 2.0 s (timeout). Last attempt: GET %s/-/ready got '
                                    'no complete answer within' % (fake.name, fake.url))


@pytest.mark.parametrize('value, msg', [
    ('nan', 'timeout must be a finite number of seconds, got nan: with it the task would wait forever. Give a number '
            'of seconds greater than 0.'),
    ('inf', 'timeout must be a finite number of seconds of at most 31536000 (a year), got inf: with it the task could '
            'wait forever.'),
    ('-inf', 'timeout and request_timeout must be positive numbers of seconds.'),
])
def test_timeouts_that_never_end_are_refused_before_any_request(product, httpserver, module_fails, value, msg):
    result = module_fails(product.main, dict(url='http://127.0.0.1:%d' % httpserver.port, timeout=value))

    assert result['msg'] == msg
    assert httpserver.log == []
