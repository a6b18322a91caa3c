# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The management API client: transport failures, redirects, authentication, TLS, JSON and metrics.

Transport is tested here once, for both products; the lifecycle and module
tests do not repeat it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import ipaddress
import socket
import ssl
import sys
import threading
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.module_utils._client import (
    BODY_EXCERPT,
    STRICT_X509_ERRORS,
    ApiError,
    NoAnswer,
    SchemeMismatch,
    Unreachable,
    excerpt,
    parse_metrics,
    tls_hint,
)
from ansible_collections.promops.prometheus.tests.unit.helpers import HELD, base_url, basic_auth, stalled_body


# --------------------------------------------------------------------------
# transport failures
# --------------------------------------------------------------------------

def test_request_hanging_past_request_timeout_raises_no_answer_naming_url_and_option(httpserver, server, hang, make_client):
    httpserver.expect_request('/-/healthy').respond_with_handler(hang(HELD))
    client = make_client(server.url(), request_timeout=0.3)

    started = time.monotonic()
    with pytest.raises(NoAnswer) as raised:
        client.request('GET', '/-/healthy')
    elapsed = time.monotonic() - started

    assert 0.25 <= elapsed < 3
    url = server.url('/-/healthy')
    assert raised.value.msg.startswith('GET %s got no answer within 0.3 s (request_timeout)' % url)
    assert raised.value.details == {'url': url}


def test_body_stalling_past_request_timeout_raises_no_answer(httpserver, server, make_client):
    httpserver.expect_request('/metrics').respond_with_handler(
        stalled_body('process_start_time_seconds 1.79559482e+09\n', 5.0))
    client = make_client(server.url(), request_timeout=0.3)

    started = time.monotonic()
    with pytest.raises(NoAnswer) as raised:
        client.get_metrics(['process_start_time_seconds'])

    assert time.monotonic() - started < 3
    assert raised.value.msg.startswith('GET %s got no complete answer within 0.3 s (request_timeout): the server '
                                       'sent the headers but stalled in the body.' % server.url('/metrics'))


def test_overall_timeout_caps_a_longer_request_timeout(httpserver, server, hang, make_client):
    httpserver.expect_request('/-/ready').respond_with_handler(hang(HELD))
    client = make_client(server.url(), request_timeout=10, timeout=0.4)

    started = time.monotonic()
    with pytest.raises(NoAnswer):
        client.request('GET', '/-/ready')

    assert time.monotonic() - started < 3


def test_request_timeout_never_drops_below_a_tenth_of_a_second_past_the_deadline(make_client):
    client = make_client('http://127.0.0.1:9', request_timeout=5, timeout=0.01)
    time.sleep(0.02)

    assert client.remaining() < 0
    assert client._timeout_for(None) == 0.1
    assert client._timeout_for(3) == 0.1


def test_refused_connection_raises_unreachable_with_the_cause(refused_url, make_client):
    client = make_client(refused_url, product='Alertmanager')

    with pytest.raises(Unreachable) as raised:
        client.request('GET', '/-/healthy')

    msg = raised.value.msg
    assert msg.startswith('GET %s/-/healthy failed: Alertmanager is not reachable (' % refused_url)
    assert 'Connection refused' in msg
    assert 'Check that it is running and listening at that address.' in msg
    assert raised.value.details == {'url': refused_url + '/-/healthy'}


def test_https_url_against_plain_http_server_fails_in_the_tls_handshake(httpserver, server, make_client):
    httpserver.expect_request('/-/healthy').respond_with_data('Prometheus Server is Healthy.\n')
    client = make_client('https://127.0.0.1:%d' % httpserver.port)

    with pytest.raises(ApiError) as raised:
        client.request('GET', '/-/healthy')

    assert not isinstance(raised.value, Unreachable)
    assert 'failed in the TLS handshake' in raised.value.msg
    assert 'use an http:// url' in raised.value.msg


# --------------------------------------------------------------------------
# redirects and authentication
# --------------------------------------------------------------------------

@pytest.mark.parametrize('status', [301, 302, 307])
def test_redirect_is_reported_with_its_location_and_not_followed(httpserver, server, make_client, status):
    location = server.url('/prometheus/-/healthy')
    httpserver.expect_request('/-/healthy').respond_with_data('', status=status, headers={'Location': location})
    httpserver.expect_request('/prometheus/-/healthy').respond_with_data('Prometheus Server is Healthy.\n')
    client = make_client(server.url())

    with pytest.raises(ApiError) as raised:
        client.request('GET', '/-/healthy')

    assert raised.value.msg.startswith('GET %s was redirected (HTTP %d) to %s. Set url to the address'
                                       % (server.url('/-/healthy'), status, location))
    assert raised.value.details['status_code'] == status
    assert server.seen() == [('GET', '/-/healthy')]


def test_redirect_without_location_header_says_so(httpserver, server, make_client):
    httpserver.expect_request('/-/reload').respond_with_data('', status=302)
    client = make_client(server.url())

    with pytest.raises(ApiError) as raised:
        client.request('POST', '/-/reload')

    assert 'redirected (HTTP 302) to (no Location header)' in raised.value.msg


def test_401_without_credentials_says_credentials_are_required(httpserver, server, make_client):
    httpserver.expect_request('/-/healthy').respond_with_data('Unauthorized\n', status=401)
    client = make_client(server.url())

    with pytest.raises(ApiError) as raised:
        client.request('GET', '/-/healthy')

    assert raised.value.msg == (
        'GET %s answered 401 Unauthorized: the server requires credentials: set url_username and '
        'url_password, or bearer_token.' % server.url('/-/healthy'))
    assert raised.value.details['status_code'] == 401


@pytest.mark.parametrize('credentials', [
    dict(url_username='admin', url_password='wrong'),
    dict(bearer_token='expired-token'),
], ids=['basic', 'bearer'])
def test_401_with_credentials_says_they_were_rejected(httpserver, server, make_client, credentials):
    httpserver.expect_request('/-/ready').respond_with_data('Unauthorized\n', status=401)
    client = make_client(server.url(), **credentials)

    with pytest.raises(ApiError) as raised:
        client.request('GET', '/-/ready')

    assert raised.value.msg.endswith('answered 401 Unauthorized: the credentials given were rejected.')


@pytest.mark.parametrize('path', ['/-/healthy', '/-/ready'])
def test_basic_auth_is_sent_on_health_and_readiness_probes(httpserver, server, make_client, path):
    httpserver.expect_request(path, headers={'Authorization': basic_auth('admin', 's3cret')}) \
        .respond_with_data('OK')
    client = make_client(server.url(), url_username='admin', url_password='s3cret')

    assert client.request('GET', path).status_code == 200


def test_bearer_token_is_sent_as_authorization_header(httpserver, server, make_client):
    httpserver.expect_request('/-/healthy', headers={'Authorization': 'Bearer abc.def.ghi'}).respond_with_data('OK')
    client = make_client(server.url(), bearer_token='abc.def.ghi')

    assert client.request('GET', '/-/healthy').status_code == 200


def test_no_authorization_header_without_credentials(httpserver, server, make_client):
    httpserver.expect_request('/-/healthy').respond_with_data('OK')
    client = make_client(server.url())

    client.request('GET', '/-/healthy')

    assert 'Authorization' not in httpserver.log[0][0].headers


# --------------------------------------------------------------------------
# addressing and TLS settings
# --------------------------------------------------------------------------

@pytest.mark.parametrize('prefix', ['/prom/', '/prom'])
def test_route_prefix_in_url_is_kept_in_every_request(httpserver, server, make_client, prefix):
    httpserver.expect_request('/prom/-/healthy').respond_with_data('OK')
    client = make_client(server.url(prefix))

    assert client.base_url == server.url('/prom')
    assert client.request('GET', '/-/healthy').status_code == 200
    assert server.seen() == [('GET', '/prom/-/healthy')]


@pytest.fixture(scope='module')
def tls_files(tmp_path_factory):
    """A private CA and a server certificate for 127.0.0.1 signed by it, as PEM files."""
    directory = tmp_path_factory.mktemp('tls')
    now = datetime.datetime.now(datetime.timezone.utc)

    def certificate(subject, issuer, public_key, signing_key, is_ca, san=None, strict=True):
        """A certificate with the extensions that Python 3.13's strict verification requires (key
        identifiers, key usage, a critical basicConstraints), or with only the basic ones (strict=False)."""
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
                   .public_key(public_key)
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=strict))
        if strict:
            builder = (builder
                       .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
                       .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()),
                                      critical=False)
                       .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=is_ca, crl_sign=is_ca,
                                                    content_commitment=False, key_encipherment=False,
                                                    data_encipherment=False, key_agreement=False,
                                                    encipher_only=False, decipher_only=False), critical=True))
        if san:
            builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
        if san and strict:
            builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        return builder.sign(signing_key, hashes.SHA256())

    def write(name, data):
        path = directory / name
        path.write_bytes(data)
        return str(path)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = certificate('promops test CA', 'promops test CA', ca_key.public_key(), ca_key, True)
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = certificate('127.0.0.1', 'promops test CA', server_key.public_key(), ca_key, False,
                              [x509.IPAddress(ipaddress.ip_address('127.0.0.1'))])
    other_key = ec.generate_private_key(ec.SECP256R1())
    other_ca = certificate('another CA', 'another CA', other_key.public_key(), other_key, True)
    # A CA and server certificate with only the basic extensions, as older tools made them.
    legacy_ca_key = ec.generate_private_key(ec.SECP256R1())
    legacy_ca = certificate('legacy CA', 'legacy CA', legacy_ca_key.public_key(), legacy_ca_key, True, strict=False)
    legacy_cert = certificate('127.0.0.1', 'legacy CA', server_key.public_key(), legacy_ca_key, False,
                              [x509.IPAddress(ipaddress.ip_address('127.0.0.1'))], strict=False)
    pem = serialization.Encoding.PEM
    return dict(
        ca=write('ca.pem', ca.public_bytes(pem)),
        other_ca=write('other-ca.pem', other_ca.public_bytes(pem)),
        cert=write('server.pem', server_cert.public_bytes(pem)),
        key=write('server-key.pem', server_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        legacy_ca=write('legacy-ca.pem', legacy_ca.public_bytes(pem)),
        legacy_cert=write('legacy-server.pem', legacy_cert.public_bytes(pem)),
    )


def serve_https(cert, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HTTPServer(host='127.0.0.1', port=0, ssl_context=context, threaded=True)
    server.expect_request('/-/healthy').respond_with_data('Prometheus Server is Healthy.\n')
    server.start()
    return server


@pytest.fixture(scope='module')
def https_server(tls_files):
    server = serve_https(tls_files['cert'], tls_files['key'])
    yield 'https://127.0.0.1:%d' % server.port
    server.clear()
    server.stop()


@pytest.fixture(scope='module')
def legacy_https_server(tls_files):
    """A server whose certificate lacks what Python 3.13 checks strictly (no key identifiers)."""
    server = serve_https(tls_files['legacy_cert'], tls_files['key'])
    yield 'https://127.0.0.1:%d' % server.port
    server.clear()
    server.stop()


def test_a_certificate_python_3_13_refuses_as_not_strict_enough_is_named_with_the_fix(
        legacy_https_server, make_client, tls_files):
    client = make_client(legacy_https_server, ca_path=tls_files['legacy_ca'])

    if sys.version_info < (3, 13):
        assert client.request('GET', '/-/healthy').status_code == 200
        return
    with pytest.raises(ApiError) as raised:
        client.request('GET', '/-/healthy')
    assert raised.value.msg.startswith('GET %s/-/healthy failed in the TLS handshake' % legacy_https_server)
    assert 'Python 3.13 and later verify certificates strictly (RFC 5280)' in raised.value.msg
    assert 'set ca_path' not in raised.value.msg


@pytest.mark.parametrize('error', STRICT_X509_ERRORS)
def test_each_strict_verification_error_gets_the_certificate_hint(error):
    assert tls_hint('[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s (_ssl.c:1028)' % error) \
        .startswith('Python 3.13 and later verify certificates strictly')


def test_other_tls_errors_get_the_ca_path_hint():
    assert tls_hint('[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer '
                    'certificate').startswith('If the server uses a private CA, set ca_path')


def test_https_with_an_unknown_ca_fails_in_the_tls_handshake_suggesting_ca_path(https_server, make_client):
    client = make_client(https_server)

    with pytest.raises(ApiError) as raised:
        client.request('GET', '/-/healthy')

    assert not isinstance(raised.value, Unreachable)
    assert raised.value.msg.startswith('GET %s/-/healthy failed in the TLS handshake' % https_server)
    assert 'set ca_path to its certificate' in raised.value.msg


def test_https_with_ca_path_verifies_the_server(https_server, make_client, tls_files):
    client = make_client(https_server, ca_path=tls_files['ca'])

    assert client.request('GET', '/-/healthy').status_code == 200


def test_ca_path_wins_over_requests_ca_bundle_from_the_environment(
        https_server, make_client, tls_files, monkeypatch):
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', tls_files['other_ca'])
    client = make_client(https_server, ca_path=tls_files['ca'])

    assert client.request('GET', '/-/healthy').status_code == 200


@pytest.mark.filterwarnings('ignore:Unverified HTTPS request')
def test_validate_certs_false_skips_verification_even_with_requests_ca_bundle_set(
        https_server, make_client, tls_files, monkeypatch):
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', tls_files['other_ca'])
    client = make_client(https_server, validate_certs=False)

    assert client.request('GET', '/-/healthy').status_code == 200


def test_client_certificate_and_key_are_presented_together(make_client):
    with_key = make_client('https://prometheus.example.com', client_cert='/etc/c.pem', client_key='/etc/k.pem')
    combined = make_client('https://prometheus.example.com', client_cert='/etc/both.pem')
    without = make_client('https://prometheus.example.com')

    assert with_key.session.cert == ('/etc/c.pem', '/etc/k.pem')
    assert combined.session.cert == '/etc/both.pem'
    assert without.session.cert is None


@pytest.mark.parametrize('option, scheme', [('client_cert', 'http'), ('ca_path', 'https')])
def test_a_missing_certificate_file_fails_cleanly_naming_the_options(httpserver, server, make_client, tmp_path,
                                                                     option, scheme):
    httpserver.expect_request('/-/healthy').respond_with_data('ok')
    url = server.url().replace('http:', scheme + ':')
    client = make_client(url, **{option: str(tmp_path / 'missing.pem')})

    with pytest.raises(ApiError) as raised:
        client.request('GET', '/-/healthy')

    assert raised.value.msg.startswith('GET %s/-/healthy was not sent: ' % url)
    assert str(tmp_path / 'missing.pem') in raised.value.msg
    assert raised.value.msg.endswith('Check that ca_path, client_cert and client_key name readable PEM files on the '
                                     'host the task runs on.')
    assert httpserver.log == []


# --------------------------------------------------------------------------
# JSON documents
# --------------------------------------------------------------------------

@pytest.mark.parametrize('product, path', [
    ('Prometheus', '/api/v1/status/buildinfo'),
    ('Prometheus', '/api/v1/status/config'),
    ('Alertmanager', '/api/v2/status'),
])
def test_get_json_on_garbage_asks_whether_url_points_at_the_product(httpserver, server, make_client, product, path):
    httpserver.expect_request(path).respond_with_data('<html><body>Grafana</body></html>', content_type='text/html')
    client = make_client(server.url(), product=product)

    with pytest.raises(ApiError) as raised:
        client.get_json(path)

    assert raised.value.msg == (
        "GET %s did not return JSON (got '<html><body>Grafana</body></html>'). Is url pointing at %s?"
        % (server.url(path), product))
    assert raised.value.details['status_code'] == 200


def test_get_json_on_error_status_quotes_the_body(httpserver, server, make_client):
    httpserver.expect_request('/api/v1/status/buildinfo').respond_with_data('Service Unavailable', status=503)
    client = make_client(server.url())

    with pytest.raises(ApiError) as raised:
        client.get_json('/api/v1/status/buildinfo')

    assert raised.value.msg == 'GET %s answered HTTP 503: Service Unavailable' % server.url('/api/v1/status/buildinfo')
    assert raised.value.details['status_code'] == 503


def test_get_json_returns_the_document(httpserver, server, make_client):
    httpserver.expect_request('/api/v1/status/buildinfo').respond_with_json(
        {'status': 'success', 'data': {'version': '2.53.3'}})
    client = make_client(server.url())

    assert client.get_json('/api/v1/status/buildinfo') == {'status': 'success', 'data': {'version': '2.53.3'}}


def test_long_error_bodies_are_cut_to_an_excerpt(httpserver, server, make_client):
    httpserver.expect_request('/api/v1/status/config').respond_with_data('x' * 2000, status=500)
    client = make_client(server.url())

    with pytest.raises(ApiError) as raised:
        client.get_json('/api/v1/status/config')

    assert raised.value.msg.endswith(': ' + 'x' * BODY_EXCERPT + '...')


def test_excerpt_strips_whitespace_and_accepts_none():
    assert excerpt('  failed to reload config: bad\n') == 'failed to reload config: bad'
    assert excerpt(None) == ''
    assert excerpt('y' * BODY_EXCERPT) == 'y' * BODY_EXCERPT


# --------------------------------------------------------------------------
# metrics
# --------------------------------------------------------------------------

PROMETHEUS_METRICS = '''\
# HELP prometheus_config_last_reload_successful Whether the last configuration reload attempt was successful.
# TYPE prometheus_config_last_reload_successful gauge
prometheus_config_last_reload_successful 1
# HELP prometheus_config_last_reload_success_timestamp_seconds Timestamp of the last successful reload.
# TYPE prometheus_config_last_reload_success_timestamp_seconds gauge
prometheus_config_last_reload_success_timestamp_seconds 1.7955949859503043e+09
# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
# TYPE process_start_time_seconds gauge
process_start_time_seconds 1.79559482e+09
prometheus_http_requests_total{code="200",handler="/-/ready"} 3
prometheus_engine_query_duration_seconds{slice="inner_eval",quantile="0.99"} NaN
'''


def test_parse_metrics_reads_unlabelled_samples_in_scientific_notation():
    values = parse_metrics(PROMETHEUS_METRICS, ['prometheus_config_last_reload_successful',
                                                'prometheus_config_last_reload_success_timestamp_seconds',
                                                'process_start_time_seconds'])

    assert values == {
        'prometheus_config_last_reload_successful': 1.0,
        'prometheus_config_last_reload_success_timestamp_seconds': 1795594985.9503043,
        'process_start_time_seconds': 1795594820.0,
    }


def test_parse_metrics_reads_labelled_samples_by_metric_name():
    values = parse_metrics(PROMETHEUS_METRICS, ['prometheus_http_requests_total'])

    assert values == {'prometheus_http_requests_total': 3.0}


def test_parse_metrics_leaves_out_names_not_asked_for_and_names_not_present():
    values = parse_metrics(PROMETHEUS_METRICS, ['process_start_time_seconds', 'alertmanager_config_hash'])

    assert values == {'process_start_time_seconds': 1795594820.0}


def test_parse_metrics_ignores_comments_that_mention_the_name():
    text = ('# HELP up 1\n'
            '# TYPE process_start_time_seconds gauge\n'
            '#process_start_time_seconds 7\n')

    assert parse_metrics(text, ['process_start_time_seconds', 'up']) == {}


def test_parse_metrics_does_not_confuse_names_sharing_a_prefix():
    text = ('prometheus_config_last_reload_successful_total 9\n'
            'prometheus_config_last_reload_successful 0\n')

    assert parse_metrics(text, ['prometheus_config_last_reload_successful']) == {
        'prometheus_config_last_reload_successful': 0.0}


def test_parse_metrics_skips_malformed_lines_and_reads_samples_with_timestamps():
    text = ('process_start_time_seconds\n'
            'process_start_time_seconds not-a-number\n'
            '\n'
            'alertmanager_config_last_reload_successful 1 1795594985950\n')

    assert parse_metrics(text, ['process_start_time_seconds', 'alertmanager_config_last_reload_successful']) == {
        'alertmanager_config_last_reload_successful': 1.0}


def test_get_metrics_reads_the_metrics_endpoint(httpserver, server, make_client):
    httpserver.expect_request('/metrics').respond_with_data(PROMETHEUS_METRICS, content_type='text/plain')
    client = make_client(server.url())

    assert client.get_metrics(['process_start_time_seconds']) == {'process_start_time_seconds': 1795594820.0}


def test_get_metrics_on_error_status_names_the_status(httpserver, server, make_client):
    httpserver.expect_request('/metrics').respond_with_response(Response('not found', status=404))
    client = make_client(server.url())

    with pytest.raises(ApiError) as raised:
        client.get_metrics(['process_start_time_seconds'])

    assert raised.value.msg == 'GET %s answered HTTP 404: not found' % server.url('/metrics')


def test_http_sent_to_a_tls_port_fails_at_once_naming_https(httpserver, make_client):
    httpserver.expect_request('/-/ready').respond_with_data(
        'Client sent an HTTP request to an HTTPS server.\n', status=400)
    started = time.monotonic()

    with pytest.raises(SchemeMismatch) as raised:
        make_client(base_url(httpserver), timeout=30).request('GET', '/-/ready')

    assert 'serves HTTPS' in raised.value.msg and 'https://' in raised.value.msg
    assert time.monotonic() - started < 5


def test_a_port_that_does_not_speak_http_fails_at_once_quoting_what_it_sent(make_client):
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)

    def banner():
        connection, dummy = listener.accept()
        connection.sendall(b'SSH-2.0-OpenSSH_9.2\r\n')
        time.sleep(0.5)
        connection.close()
    thread = threading.Thread(target=banner)
    thread.start()
    try:
        with pytest.raises(ApiError) as raised:
            make_client('http://127.0.0.1:%d' % listener.getsockname()[1], timeout=30).request('GET', '/-/ready')
    finally:
        thread.join()
        listener.close()

    assert 'does not speak HTTP' in raised.value.msg and 'SSH-2.0' in raised.value.msg
    assert not isinstance(raised.value, Unreachable)
