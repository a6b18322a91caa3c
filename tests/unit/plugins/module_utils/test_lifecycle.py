# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lifecycle operations against fake servers: waits, verified reloads and quit."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import threading
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.module_utils import _lifecycle
from ansible_collections.promops.prometheus.plugins.module_utils._client import ApiError
from ansible_collections.promops.prometheus.plugins.module_utils._lifecycle import (
    PARTIAL_RELOAD_MARKER,
    Alertmanager,
    Prometheus,
    digest,
)


def prometheus(fake, make_client, check_mode=False, **params):
    return Prometheus(make_client(fake.url, **params), check_mode=check_mode)


def alertmanager(fake, make_client, check_mode=False, **params):
    return Alertmanager(make_client(fake.url, product='Alertmanager', **params), check_mode=check_mode)


def test_digest_is_the_sha256_of_the_configuration_text():
    assert digest('route: {}\n') == 'sha256:' + hashlib.sha256(b'route: {}\n').hexdigest()


# --------------------------------------------------------------------------
# waiting for health and readiness
# --------------------------------------------------------------------------

def test_ready_wait_returns_on_the_first_poll_after_503_turns_200(fake_prometheus, make_client):
    switch = fake_prometheus.ready_after(polls=3)
    server = prometheus(fake_prometheus, make_client, timeout=10)

    result = server.ready(wait=True)
    returned = time.monotonic()

    assert result['ready'] is True
    assert result['status_code'] == 200
    assert result['changed'] is False
    assert len(fake_prometheus.requests('GET', '/-/ready')) == 4
    assert returned - switch['switched'] < 0.5


def test_ready_wait_is_bounded_by_timeout_and_names_the_last_status(fake_prometheus, make_client):
    fake_prometheus.ready = 503
    server = prometheus(fake_prometheus, make_client, timeout=1)

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        server.ready(wait=True)
    elapsed = time.monotonic() - started

    assert 0.8 <= elapsed < 1.5
    assert raised.value.msg == (
        'Prometheus did not become ready within 1.0 s (timeout). Last attempt: GET %s/-/ready answered HTTP 503'
        % fake_prometheus.url)
    assert raised.value.details == {'status_code': 503}
    assert len(fake_prometheus.requests('GET', '/-/ready')) >= 5


def test_ready_without_wait_fails_after_one_poll(fake_alertmanager, make_client):
    fake_alertmanager.ready = 503
    server = alertmanager(fake_alertmanager, make_client)

    with pytest.raises(ApiError) as raised:
        server.ready(wait=False)

    assert raised.value.msg == 'Alertmanager is not ready: GET %s/-/ready answered HTTP 503' % fake_alertmanager.url
    assert fake_alertmanager.requests() == [('GET', '/-/ready')]


def test_healthy_wait_retries_a_hanging_server_until_timeout(fake_prometheus, hang, make_client):
    fake_prometheus.on('GET', '/-/healthy', hang(1.5))
    server = prometheus(fake_prometheus, make_client, timeout=1, request_timeout=0.3)

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        server.healthy(wait=True)
    elapsed = time.monotonic() - started

    assert 0.8 <= elapsed < 1.5
    assert raised.value.msg.startswith('Prometheus did not become healthy within 1.0 s (timeout). Last attempt: '
                                       'GET %s/-/healthy got no answer within' % fake_prometheus.url)
    assert '(what was left of timeout)' in raised.value.msg
    assert len(fake_prometheus.requests('GET', '/-/healthy')) >= 2


def test_refused_connection_without_wait_fails_at_once(refused_url, make_client):
    server = Prometheus(make_client(refused_url, timeout=10))

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        server.ready(wait=False)

    assert time.monotonic() - started < 0.5
    assert raised.value.msg.startswith('Prometheus is not ready: GET %s/-/ready failed: Prometheus is not reachable'
                                       % refused_url)


def test_refused_connection_counts_as_not_up_yet_while_waiting(refused_url, make_client):
    server = Prometheus(make_client(refused_url, timeout=0.5))

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        server.ready(wait=True)
    elapsed = time.monotonic() - started

    assert 0.3 <= elapsed < 1.0
    assert raised.value.msg.startswith('Prometheus did not become ready within 0.5 s (timeout). Last attempt: '
                                       'GET %s/-/ready failed: Prometheus is not reachable' % refused_url)


def test_unauthorized_is_not_retried_while_waiting(fake_prometheus, make_client):
    fake_prometheus.on('GET', '/-/ready', Response('Unauthorized\n', status=401))
    server = prometheus(fake_prometheus, make_client, timeout=5)

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        server.ready(wait=True)

    assert time.monotonic() - started < 0.5
    assert 'the server requires credentials' in raised.value.msg
    assert len(fake_prometheus.requests()) == 1


# --------------------------------------------------------------------------
# health and version
# --------------------------------------------------------------------------

def test_healthy_reports_the_prometheus_version(fake_prometheus, make_client):
    result = prometheus(fake_prometheus, make_client).healthy(wait=False)

    assert result['healthy'] is True
    assert result['version'] == '2.53.3'
    assert result['msg'] == 'Prometheus is healthy and ready'


def test_healthy_reports_the_alertmanager_version(fake_alertmanager, make_client):
    result = alertmanager(fake_alertmanager, make_client).healthy(wait=False)

    assert result['healthy'] is True
    assert result['version'] == '0.28.1'
    assert result['msg'] == 'Alertmanager is healthy and ready'


@pytest.mark.parametrize('answer', [
    Response('Service Unavailable', status=503),
    Response('<html>not json</html>', status=200),
], ids=['503', 'garbage'])
def test_healthy_without_a_readable_version_reports_none(fake_prometheus, make_client, answer):
    fake_prometheus.on('GET', '/api/v1/status/buildinfo', answer)

    result = prometheus(fake_prometheus, make_client).healthy(wait=False)

    assert result['healthy'] is True
    assert result['version'] is None


def test_alertmanager_healthy_with_garbage_status_reports_no_version(fake_alertmanager, make_client):
    fake_alertmanager.on('GET', '/api/v2/status', Response('garbage', status=200))

    result = alertmanager(fake_alertmanager, make_client).healthy(wait=False)

    assert result['version'] is None


# --------------------------------------------------------------------------
# reload
# --------------------------------------------------------------------------

def test_reload_of_a_new_configuration_is_verified(fake_prometheus, make_client):
    before = fake_prometheus.config
    fake_prometheus.next_config = 'global:\n  scrape_interval: 30s\n'
    old_timestamp = fake_prometheus.reload_timestamp

    result = prometheus(fake_prometheus, make_client).reload(wait=False)

    assert result['changed'] is True
    assert result['reloaded'] is True
    assert result['config_changed'] is True
    assert result['config_digest_before'] == digest(before)
    assert result['config_digest_after'] == digest('global:\n  scrape_interval: 30s\n')
    assert result['reload_timestamp'] == pytest.approx(old_timestamp + 12.5)
    assert result['msg'] == 'Prometheus reloaded its configuration'
    assert fake_prometheus.requests('POST') == [('POST', '/-/reload')]


def test_reload_of_the_same_configuration_is_changed_but_says_config_unchanged(fake_alertmanager, make_client):
    result = alertmanager(fake_alertmanager, make_client).reload(wait=False)

    assert result['changed'] is True
    assert result['reloaded'] is True
    assert result['config_changed'] is False
    assert result['config_digest_before'] == result['config_digest_after']
    assert result['msg'] == 'Alertmanager reloaded its configuration (no change in the loaded configuration)'


def test_reload_waits_for_readiness_before_posting(fake_prometheus, make_client):
    fake_prometheus.ready_after(polls=2)

    prometheus(fake_prometheus, make_client, timeout=5).reload(wait=True)

    seen = fake_prometheus.requests()
    assert seen[:3] == [('GET', '/-/ready')] * 3
    assert ('GET', '/-/ready') not in seen[3:]
    assert ('POST', '/-/reload') in seen[3:]


def test_reload_without_wait_on_an_unready_server_sends_no_post(fake_prometheus, make_client):
    fake_prometheus.ready = 503

    with pytest.raises(ApiError) as raised:
        prometheus(fake_prometheus, make_client).reload(wait=False)

    assert raised.value.msg.startswith('Prometheus is not ready: ')
    assert fake_prometheus.requests('POST') == []


def reject(fake, body, new_config=None):
    """A reload answered 500 with body, optionally loading new_config anyway."""
    def handler(request):
        if new_config is not None:
            fake.config = new_config
        return Response(body, status=500)
    fake.on('POST', '/-/reload', handler)


def test_rejected_reload_reports_the_server_error_and_unchanged_config(fake_alertmanager, make_client):
    reject(fake_alertmanager, 'failed to reload config: yaml: unmarshal errors:\n  line 3: field foo not found\n')

    with pytest.raises(ApiError) as raised:
        alertmanager(fake_alertmanager, make_client).reload(wait=False)

    error = 'failed to reload config: yaml: unmarshal errors:\n  line 3: field foo not found'
    assert raised.value.msg == ('Alertmanager rejected the new configuration: %s. '
                                'The running configuration is unchanged.' % error)
    details = raised.value.details
    assert details['server_error'] == error
    assert details['status_code'] == 500
    assert details['changed'] is False
    assert details['config_changed'] is False
    assert details['reloaded'] is False
    assert details['config_digest_before'] == details['config_digest_after']


def test_partially_applied_prometheus_reload_says_config_changed_and_points_to_promtool(fake_prometheus, make_client):
    before = fake_prometheus.config
    body = 'failed to reload config: %s' % PARTIAL_RELOAD_MARKER
    reject(fake_prometheus, body, new_config='global:\n  scrape_interval: 5s\n')

    with pytest.raises(ApiError) as raised:
        prometheus(fake_prometheus, make_client).reload(wait=False)

    msg = raised.value.msg
    assert msg.startswith('Prometheus rejected the new configuration: %s. The loaded configuration CHANGED (%s -> %s).'
                          % (body, digest(before), digest('global:\n  scrape_interval: 5s\n')))
    assert 'promtool check config' in msg
    assert raised.value.details['changed'] is True
    assert raised.value.details['config_changed'] is True


def test_prometheus_rejection_without_the_partial_marker_has_no_promtool_hint(fake_prometheus, make_client):
    reject(fake_prometheus, 'failed to reload config: couldn\'t load configuration (--config.file="x.yml")')

    with pytest.raises(ApiError) as raised:
        prometheus(fake_prometheus, make_client).reload(wait=False)

    assert 'promtool' not in raised.value.msg


def test_alertmanager_rejection_never_gets_the_promtool_hint(fake_alertmanager, make_client):
    reject(fake_alertmanager, 'failed to reload config: %s' % PARTIAL_RELOAD_MARKER)

    with pytest.raises(ApiError) as raised:
        alertmanager(fake_alertmanager, make_client).reload(wait=False)

    assert 'promtool' not in raised.value.msg


def test_prometheus_reload_forbidden_points_to_enable_lifecycle(fake_prometheus, make_client):
    fake_prometheus.on('POST', '/-/reload', Response('Lifecycle API is not enabled.', status=403))

    with pytest.raises(ApiError) as raised:
        prometheus(fake_prometheus, make_client).reload(wait=False)

    assert raised.value.msg.startswith('Prometheus refused POST %s/-/reload (HTTP 403: Lifecycle API is not enabled.)'
                                       % fake_prometheus.url)
    assert '--web.enable-lifecycle' in raised.value.msg
    assert raised.value.details == {'status_code': 403, 'lifecycle_enabled': False}


def test_alertmanager_reload_forbidden_quotes_the_answer(fake_alertmanager, make_client):
    fake_alertmanager.on('POST', '/-/reload', Response('forbidden by proxy', status=403))

    with pytest.raises(ApiError) as raised:
        alertmanager(fake_alertmanager, make_client).reload(wait=False)

    assert raised.value.msg == 'POST %s/-/reload answered HTTP 403: forbidden by proxy' % fake_alertmanager.url
    assert 'enable-lifecycle' not in raised.value.msg


def test_reload_answered_with_an_unexpected_status_fails_with_it(fake_prometheus, make_client):
    fake_prometheus.on('POST', '/-/reload', Response('Method Not Allowed', status=405))

    with pytest.raises(ApiError) as raised:
        prometheus(fake_prometheus, make_client).reload(wait=False)

    assert raised.value.msg == 'POST %s/-/reload answered HTTP 405: Method Not Allowed' % fake_prometheus.url
    assert raised.value.details['status_code'] == 405


def test_reload_answered_200_without_a_new_success_timestamp_fails(fake_prometheus, make_client):
    timestamp = fake_prometheus.reload_timestamp
    fake_prometheus.on('POST', '/-/reload', Response('', status=200))

    with pytest.raises(ApiError) as raised:
        prometheus(fake_prometheus, make_client).reload(wait=False)

    assert raised.value.msg.startswith('Prometheus answered 200 to POST %s/-/reload but its metrics do not show a '
                                       'new successful reload' % fake_prometheus.url)
    assert '%s -> %s' % (timestamp, timestamp) in raised.value.msg
    assert raised.value.details['reloaded'] is False


def test_reload_answered_200_with_the_success_gauge_at_0_fails(fake_alertmanager, make_client):
    def failed_reload(request):
        fake_alertmanager.reload_successful = 0
        return Response('', status=200)
    fake_alertmanager.on('POST', '/-/reload', failed_reload)

    with pytest.raises(ApiError) as raised:
        alertmanager(fake_alertmanager, make_client).reload(wait=False)

    assert 'do not show a new successful reload' in raised.value.msg
    assert 'alertmanager_config_last_reload_successful=0.0' in raised.value.msg


def test_reload_in_check_mode_sends_no_post(fake_prometheus, make_client, httpserver):
    result = prometheus(fake_prometheus, make_client, check_mode=True).reload(wait=True)

    assert result['changed'] is True
    assert result['reloaded'] is False
    assert result['config_changed'] is False
    assert result['msg'] == 'Prometheus would be reloaded (check mode)'
    assert [request.method for request, dummy in httpserver.log if request.method != 'GET'] == []


def test_reload_with_garbage_config_endpoint_asks_whether_url_points_at_prometheus(fake_prometheus, make_client):
    fake_prometheus.on('GET', '/api/v1/status/config', Response('<html>login</html>', status=200))

    with pytest.raises(ApiError) as raised:
        prometheus(fake_prometheus, make_client).reload(wait=False)

    assert 'did not return JSON' in raised.value.msg
    assert raised.value.msg.endswith('Is url pointing at Prometheus?')
    assert fake_prometheus.requests('POST') == []


@pytest.mark.parametrize('make_server, path, document', [
    (prometheus, '/api/v1/status/config', {'status': 'success', 'data': {}}),
    (alertmanager, '/api/v2/status', {'cluster': {}, 'versionInfo': {}}),
    (alertmanager, '/api/v2/status', ['not', 'a', 'mapping']),
], ids=['prometheus', 'alertmanager', 'alertmanager-list'])
def test_reload_with_json_lacking_the_configuration_says_so(request, make_client, make_server, path, document):
    fake = request.getfixturevalue('fake_prometheus' if make_server is prometheus else 'fake_alertmanager')
    fake.on('GET', path, fake.json(document))

    with pytest.raises(ApiError) as raised:
        make_server(fake, make_client).reload(wait=False)

    assert 'did not return a configuration document; is url pointing at %s?' % fake.product in raised.value.msg


# --------------------------------------------------------------------------
# stop (Prometheus only)
# --------------------------------------------------------------------------

def test_stop_of_a_server_that_is_not_running_changes_nothing(refused_url, make_client):
    result = Prometheus(make_client(refused_url)).stop()

    assert result['changed'] is False
    assert result['stopped'] is True
    assert result['msg'] == 'Prometheus is not running (nothing answers at %s)' % refused_url


def test_stop_in_check_mode_sends_no_post(fake_prometheus, make_client, httpserver):
    result = prometheus(fake_prometheus, make_client, check_mode=True).stop()

    assert result['changed'] is True
    assert result['stopped'] is False
    assert [request.method for request, dummy in httpserver.log if request.method != 'GET'] == []


def test_stop_forbidden_points_to_enable_lifecycle(fake_prometheus, make_client):
    fake_prometheus.on('POST', '/-/quit', Response('Lifecycle API is not enabled.', status=403))

    with pytest.raises(ApiError) as raised:
        prometheus(fake_prometheus, make_client).stop()

    assert raised.value.msg.startswith('Prometheus refused POST %s/-/quit (HTTP 403: Lifecycle API is not enabled.)'
                                       % fake_prometheus.url)
    assert '--web.enable-lifecycle' in raised.value.msg
    assert raised.value.details['lifecycle_enabled'] is False


def test_stop_answered_with_an_error_status_fails_with_it(fake_prometheus, make_client):
    fake_prometheus.on('POST', '/-/quit', Response('bad gateway', status=502))

    with pytest.raises(ApiError) as raised:
        prometheus(fake_prometheus, make_client).stop()

    assert raised.value.msg == 'POST %s/-/quit answered HTTP 502: bad gateway' % fake_prometheus.url


def test_stop_detects_a_supervisor_restart_by_the_process_start_time(fake_prometheus, make_client):
    started = fake_prometheus.start_time

    def quit_and_restart(request):
        fake_prometheus.start_time = started + 3
        return Response('Requesting termination... Goodbye!', status=200)
    fake_prometheus.on('POST', '/-/quit', quit_and_restart)

    with pytest.raises(ApiError) as raised:
        prometheus(fake_prometheus, make_client, timeout=5).stop()

    assert raised.value.msg.startswith('Prometheus quit, but a new Prometheus process answers at %s'
                                       % fake_prometheus.url)
    assert 'Restart=always' in raised.value.msg
    assert raised.value.details['restarted'] is True


def test_stop_of_a_server_that_keeps_answering_fails_at_timeout(fake_prometheus, make_client):
    server = prometheus(fake_prometheus, make_client, timeout=0.5)

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        server.stop()

    assert time.monotonic() - started < 1.0
    assert raised.value.msg == ('Prometheus accepted POST %s/-/quit but still answers 0.5 s later (timeout).'
                                % fake_prometheus.url)


@pytest.fixture
def quitting_prometheus():
    """A Prometheus stand-in on its own port that really goes away when asked to quit."""
    server = HTTPServer(host='127.0.0.1', port=0, threaded=True)
    server.expect_request('/metrics').respond_with_data('process_start_time_seconds 1.79559482e+09\n')

    def quit_handler(request):
        threading.Thread(target=server.stop).start()
        return Response('Requesting termination... Goodbye!', status=200, headers={'Connection': 'close'})
    server.expect_request('/-/quit', method='POST').respond_with_handler(quit_handler)
    server.start()
    yield server
    deadline = time.monotonic() + 2
    while server.is_running() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_stop_returns_once_the_server_no_longer_answers(quitting_prometheus, make_client, monkeypatch):
    monkeypatch.setattr(_lifecycle, 'RESTART_WATCH', 0.3, raising=False)
    url = 'http://127.0.0.1:%d' % quitting_prometheus.port

    result = Prometheus(make_client(url, timeout=5)).stop()

    assert result['changed'] is True
    assert result['stopped'] is True
    assert result['msg'] == 'Prometheus quit'
    assert [request.method for request, dummy in quitting_prometheus.log].count('POST') == 1
