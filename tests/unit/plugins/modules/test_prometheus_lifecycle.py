# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What only promops.prometheus.prometheus_lifecycle does: default URL, lifecycle flag, partial reloads, quit.

What it shares with alertmanager_lifecycle is in test_lifecycle_modules.py and
module_utils/test_lifecycle.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import threading
import time
import types

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.module_utils import _lifecycle
from ansible_collections.promops.prometheus.plugins.module_utils._lifecycle import PARTIAL_RELOAD_MARKER, digest
from ansible_collections.promops.prometheus.plugins.modules import prometheus_lifecycle
from ansible_collections.promops.prometheus.tests.unit.helpers import stalled_body

MAIN = prometheus_lifecycle.main

PARTIAL = 'failed to reload config: %s (--config.file="/etc/prometheus/prometheus.yml")' % PARTIAL_RELOAD_MARKER


def test_default_url_is_the_local_prometheus_port(module_fails, monkeypatch):
    seen = []

    def refuse(self, method, url, **kwargs):
        seen.append(url)
        raise requests.exceptions.ConnectionError('Connection refused')
    monkeypatch.setattr(requests.Session, 'request', refuse)

    result = module_fails(MAIN, dict(wait=False))

    assert seen == ['http://127.0.0.1:9090/-/healthy']
    assert result['msg'].startswith('Prometheus is not healthy: GET http://127.0.0.1:9090/-/healthy failed: '
                                    'Prometheus is not reachable')


# --------------------------------------------------------------------------
# the lifecycle flag (--web.enable-lifecycle)
# --------------------------------------------------------------------------

def test_healthy_reports_a_disabled_lifecycle_api(fake_prometheus, module_succeeds):
    fake_prometheus.lifecycle = False

    result = module_succeeds(MAIN, dict(url=fake_prometheus.url))

    assert result['healthy'] is True
    assert result['lifecycle_enabled'] is False
    assert fake_prometheus.requests('GET', '/api/v1/status/flags')


def test_healthy_before_ready_leaves_the_lifecycle_flag_unknown(fake_prometheus, module_succeeds):
    fake_prometheus.on('GET', '/api/v1/status/flags', Response('Service Unavailable', status=503))

    result = module_succeeds(MAIN, dict(url=fake_prometheus.url))

    assert result['healthy'] is True
    assert result['lifecycle_enabled'] is None
    assert result['reload_successful'] is True


def test_reload_forbidden_says_to_enable_the_lifecycle_api(fake_prometheus, module_fails):
    fake_prometheus.on('POST', '/-/reload', Response('Lifecycle API is not enabled.', status=403))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='reloaded'))

    assert result['msg'] == (
        'Prometheus refused POST %s/-/reload (HTTP 403: Lifecycle API is not enabled.): the lifecycle API is '
        'disabled. Start Prometheus with --web.enable-lifecycle to allow reload and quit through the API.'
        % fake_prometheus.url)
    assert result['status_code'] == 403
    assert result['lifecycle_enabled'] is False
    assert set(result) == {'failed', 'msg', 'status_code', 'lifecycle_enabled'}


# --------------------------------------------------------------------------
# partially applied reloads
# --------------------------------------------------------------------------

def test_partially_applied_reload_says_the_configuration_changed_and_points_to_promtool(
        fake_prometheus, module_fails):
    before = fake_prometheus.config
    after = 'global:\n  scrape_interval: 10s\nrule_files: [broken.yml]\n'
    fake_prometheus.reject_reload(PARTIAL, new_config=after)

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='reloaded'))

    assert result['msg'].startswith(
        'Prometheus rejected the new configuration: %s. The loaded configuration CHANGED (%s -> %s).'
        % (PARTIAL, digest(before), digest(after)))
    assert 'Run `promtool check config` on the configuration file to see the error.' in result['msg']
    assert result['server_error'] == PARTIAL
    assert result['status_code'] == 500
    assert result['changed'] is True
    assert result['config_changed'] is True
    assert result['reloaded'] is False
    assert result['config_digest_before'] == digest(before)
    assert result['config_digest_after'] == digest(after)


# --------------------------------------------------------------------------
# stopped
# --------------------------------------------------------------------------

def test_stopped_when_nothing_answers_changes_nothing(refused_url, module_succeeds):
    result = module_succeeds(MAIN, dict(url=refused_url, state='stopped'))

    assert result['changed'] is False
    assert result['stopped'] is True
    assert result['msg'] == 'Prometheus is not running (nothing answers at %s)' % refused_url


def test_stopped_in_check_mode_sends_no_quit(fake_prometheus, module_succeeds):
    result = module_succeeds(MAIN, dict(url=fake_prometheus.url, state='stopped'), check_mode=True)

    assert result['changed'] is True
    assert result['stopped'] is False
    assert result['msg'] == 'Prometheus would be asked to quit (check mode)'
    assert fake_prometheus.requests('POST') == []
    assert fake_prometheus.requests('GET', '/metrics')


def test_stopped_forbidden_says_to_enable_the_lifecycle_api(fake_prometheus, module_fails):
    fake_prometheus.on('POST', '/-/quit', Response('Lifecycle API is not enabled.', status=403))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='stopped'))

    assert result['msg'].startswith('Prometheus refused POST %s/-/quit (HTTP 403: Lifecycle API is not enabled.)'
                                    % fake_prometheus.url)
    assert 'Start Prometheus with --web.enable-lifecycle to allow quit through the API' in result['msg']
    assert result['status_code'] == 403
    assert result['lifecycle_enabled'] is False


def test_stopped_answered_with_an_error_status_fails_with_it(fake_prometheus, module_fails):
    fake_prometheus.on('POST', '/-/quit', Response('bad gateway', status=502))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='stopped'))

    assert result['msg'] == 'POST %s/-/quit answered HTTP 502: bad gateway' % fake_prometheus.url
    assert result['status_code'] == 502


def test_stopped_detects_a_supervisor_restart_by_the_process_start_time(fake_prometheus, module_fails):
    started = fake_prometheus.start_time

    def quit_and_restart(request):
        fake_prometheus.start_time = started + 3
        return Response('Requesting termination... Goodbye!', status=200)
    fake_prometheus.on('POST', '/-/quit', quit_and_restart)

    begun = time.monotonic()
    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='stopped', timeout=5))

    assert time.monotonic() - begun < 4
    assert result['msg'].startswith('Prometheus quit, but a new Prometheus process answers at %s'
                                    % fake_prometheus.url)
    assert 'Restart=always' in result['msg']
    assert result['restarted'] is True
    assert result['stopped'] is False


def test_stopped_on_a_server_that_keeps_answering_fails_at_timeout(fake_prometheus, module_fails):
    started = time.monotonic()
    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='stopped', timeout=0.5))

    assert time.monotonic() - started < 5
    assert result['msg'] == ('Prometheus accepted POST %s/-/quit but still answers 0.5 s later (timeout).'
                             % fake_prometheus.url)
    assert result['stopped'] is False
    assert fake_prometheus.requests('POST') == [('POST', '/-/quit')]


def test_stopped_does_not_take_a_stalling_server_for_stopped(fake_prometheus, module_fails):
    fake_prometheus.on('GET', '/metrics', stalled_body('process_start_time_seconds 1.79559482e+09\n', 1.0))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='stopped', request_timeout=0.3))

    assert '(request_timeout)' in result['msg']
    assert fake_prometheus.requests('POST') == []


@pytest.fixture
def quitting_prometheus():
    """A Prometheus stand-in on its own port that really goes away when asked to quit.

    As Prometheus, it stops listening at once and closes the connections it
    kept open; a stopped werkzeug server keeps its listening socket (connections
    wait there unanswered) and serves on kept-alive connections.
    """
    server = HTTPServer(host='127.0.0.1', port=0, threaded=True)
    server.expect_request('/metrics').respond_with_data('process_start_time_seconds 1.79559482e+09\n',
                                                        headers={'Connection': 'close'})

    def go_away(listener):
        listener.socket.shutdown(socket.SHUT_RDWR)
        server.stop()
        listener.server_close()

    def quit_handler(request):
        threading.Thread(target=go_away, args=(server.server,)).start()
        return Response('Requesting termination... Goodbye!', status=200, headers={'Connection': 'close'})
    server.expect_request('/-/quit', method='POST').respond_with_handler(quit_handler)
    server.start()
    yield server
    deadline = time.monotonic() + 2
    while server.is_running() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_stopped_returns_once_the_server_no_longer_answers(quitting_prometheus, module_succeeds, monkeypatch):
    monkeypatch.setattr(_lifecycle, 'RESTART_WATCH', 0.3)
    url = 'http://127.0.0.1:%d' % quitting_prometheus.port

    started = time.monotonic()
    result = module_succeeds(MAIN, dict(url=url, state='stopped', timeout=5))

    assert time.monotonic() - started < 4
    assert result['changed'] is True
    assert result['stopped'] is True
    assert result['msg'] == 'Prometheus quit'
    assert [request.method for request, dummy in quitting_prometheus.log].count('POST') == 1


def test_stopped_with_a_timeout_shorter_than_the_restart_watch_succeeds(
        quitting_prometheus, module_succeeds, monkeypatch):
    # A watch long enough that the stand-in is gone well within half of it, even on a loaded machine.
    monkeypatch.setattr(_lifecycle, 'RESTART_WATCH', 12.0)
    url = 'http://127.0.0.1:%d' % quitting_prometheus.port

    started = time.monotonic()
    result = module_succeeds(MAIN, dict(url=url, state='stopped', timeout=_lifecycle.RESTART_WATCH / 2))

    assert time.monotonic() - started < _lifecycle.RESTART_WATCH
    assert result['stopped'] is True
    assert result['changed'] is True


def test_stopped_when_the_pause_between_polls_ends_past_the_deadline(quitting_prometheus, module_succeeds, monkeypatch):
    # A loaded machine: each pause between polls lasts half a second longer
    # than asked, so the deadline (1 s) passes in the second one, after a poll
    # that found the server gone.
    slow = types.SimpleNamespace(monotonic=time.monotonic, sleep=lambda seconds: time.sleep(seconds + 0.5))
    monkeypatch.setattr(_lifecycle, 'time', slow)
    monkeypatch.setattr(_lifecycle, 'RESTART_WATCH', 12.0)
    url = 'http://127.0.0.1:%d' % quitting_prometheus.port

    result = module_succeeds(MAIN, dict(url=url, state='stopped', timeout=1))

    assert result['stopped'] is True
    assert result['msg'] == 'Prometheus quit'
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(url + '/metrics', timeout=1)
