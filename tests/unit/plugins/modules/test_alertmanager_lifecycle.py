# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""promops.prometheus.alertmanager_lifecycle as a task sees it: arguments in, result or failure out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import time

import pytest
import requests
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.module_utils._lifecycle import PARTIAL_RELOAD_MARKER, digest
from ansible_collections.promops.prometheus.plugins.modules import alertmanager_lifecycle

MAIN = alertmanager_lifecycle.main


def posts(httpserver):
    return [request.path for request, dummy in httpserver.log if request.method == 'POST']


def test_default_url_is_the_local_alertmanager_port(module_fails, monkeypatch):
    seen = []

    def refuse(self, method, url, **kwargs):
        seen.append(url)
        raise requests.exceptions.ConnectionError('Connection refused')
    monkeypatch.setattr(requests.Session, 'request', refuse)

    result = module_fails(MAIN, dict(wait=False))

    assert seen == ['http://127.0.0.1:9093/-/healthy']
    assert result['msg'].startswith('Alertmanager is not healthy: GET http://127.0.0.1:9093/-/healthy failed: '
                                    'Alertmanager is not reachable')


def test_healthy_returns_the_version_from_the_status_api(fake_alertmanager, module_succeeds):
    result = module_succeeds(MAIN, dict(url=fake_alertmanager.url))

    assert result['changed'] is False
    assert result['healthy'] is True
    assert result['version'] == '0.28.1'
    assert result['msg'] == 'Alertmanager is healthy and ready'


def test_healthy_but_not_ready_reports_ready_false(fake_alertmanager, module_succeeds):
    fake_alertmanager.ready = 503

    result = module_succeeds(MAIN, dict(url=fake_alertmanager.url))

    assert result['healthy'] is True and result['ready'] is False
    assert result['msg'] == ('Alertmanager is healthy but not ready: GET %s/-/ready answered HTTP 503'
                             % fake_alertmanager.url)


@pytest.mark.parametrize('answer', [
    Response('<html><body>Sign in</body></html>', status=200),
    Response('Service Unavailable', status=503),
], ids=['garbage', '503'])
def test_healthy_succeeds_with_null_version_when_status_is_unreadable(fake_alertmanager, module_succeeds, answer):
    fake_alertmanager.on('GET', '/api/v2/status', answer)

    result = module_succeeds(MAIN, dict(url=fake_alertmanager.url))

    assert result['healthy'] is True
    assert result['version'] is None


def test_ready_returns_on_the_poll_after_alertmanager_turns_ready(fake_alertmanager, module_succeeds):
    switch = fake_alertmanager.ready_after(polls=2)

    result = module_succeeds(MAIN, dict(url=fake_alertmanager.url, state='ready'))

    assert result['ready'] is True
    assert len(fake_alertmanager.requests('GET', '/-/ready')) == 3
    assert time.monotonic() - switch['switched'] < 0.5


def test_ready_hanging_past_request_timeout_fails_within_timeout(fake_alertmanager, hang, module_fails):
    fake_alertmanager.on('GET', '/-/ready', hang(1.5))

    started = time.monotonic()
    result = module_fails(MAIN, dict(url=fake_alertmanager.url, state='ready', timeout=1, request_timeout=0.3))

    assert time.monotonic() - started < 1.5
    assert result['msg'].startswith('Alertmanager did not become ready within 1.0 s (timeout). Last attempt: '
                                    'GET %s/-/ready got no answer within' % fake_alertmanager.url)
    assert '(what was left of timeout)' in result['msg']


def test_refused_port_without_wait_says_not_reachable(refused_url, module_fails):
    result = module_fails(MAIN, dict(url=refused_url, state='ready', wait=False))

    assert 'Alertmanager is not reachable' in result['msg']


def test_reloaded_verifies_the_reload(fake_alertmanager, module_succeeds, httpserver):
    before = fake_alertmanager.config
    fake_alertmanager.next_config = 'route:\n  receiver: pager\nreceivers:\n- name: pager\n'

    result = module_succeeds(MAIN, dict(url=fake_alertmanager.url, state='reloaded'))

    assert result['changed'] is True
    assert result['reloaded'] is True
    assert result['config_changed'] is True
    assert result['config_digest_before'] == digest(before)
    assert result['config_digest_after'] == digest('route:\n  receiver: pager\nreceivers:\n- name: pager\n')
    assert result['reload_timestamp'] == fake_alertmanager.reload_timestamp
    assert result['msg'] == 'Alertmanager reloaded its configuration'
    assert posts(httpserver) == ['/-/reload']


def test_reloaded_with_a_route_prefix_sends_every_request_below_it(fake_alertmanager, module_succeeds, server):
    fake_alertmanager.prefix = '/alertmanager'

    result = module_succeeds(MAIN, dict(url=server.url('/alertmanager/'), state='reloaded'))

    assert result['reloaded'] is True
    paths = [path for method, path in server.seen()]
    assert '/alertmanager/-/reload' in paths
    assert '/alertmanager/api/v2/status' in paths
    assert all(path.startswith('/alertmanager/') for path in paths)


def test_rejected_reload_fails_with_alertmanagers_error(fake_alertmanager, module_fails):
    error = ('failed to reload config: undefined receiver "pager" used in route')
    fake_alertmanager.on('POST', '/-/reload', Response(error + '\n', status=500))

    result = module_fails(MAIN, dict(url=fake_alertmanager.url, state='reloaded'))

    assert result['msg'] == ('Alertmanager rejected the new configuration: %s. '
                             'The running configuration is unchanged.' % error)
    assert result['server_error'] == error
    assert result['config_changed'] is False
    assert result['changed'] is False


def test_rejected_reload_never_suggests_promtool(fake_alertmanager, module_fails):
    fake_alertmanager.on('POST', '/-/reload', Response(PARTIAL_RELOAD_MARKER, status=500))

    result = module_fails(MAIN, dict(url=fake_alertmanager.url, state='reloaded'))

    assert 'promtool' not in result['msg']


def test_reload_forbidden_quotes_the_answer_without_lifecycle_flag_hint(fake_alertmanager, module_fails):
    fake_alertmanager.on('POST', '/-/reload', Response('Forbidden', status=403))

    result = module_fails(MAIN, dict(url=fake_alertmanager.url, state='reloaded'))

    assert result['msg'] == 'POST %s/-/reload answered HTTP 403: Forbidden' % fake_alertmanager.url
    assert result['status_code'] == 403


def test_reload_answered_200_without_new_reload_metrics_fails(fake_alertmanager, module_fails):
    fake_alertmanager.on('POST', '/-/reload', Response('', status=200))

    result = module_fails(MAIN, dict(url=fake_alertmanager.url, state='reloaded'))

    assert result['msg'].startswith('Alertmanager answered 200 to POST %s/-/reload but its metrics do not show a '
                                    'new successful reload' % fake_alertmanager.url)


def test_reloaded_with_garbage_status_asks_whether_url_points_at_alertmanager(
        fake_alertmanager, module_fails, httpserver):
    fake_alertmanager.on('GET', '/api/v2/status', Response('Prometheus Server is Ready.', status=200))

    result = module_fails(MAIN, dict(url=fake_alertmanager.url, state='reloaded'))

    assert result['msg'] == ("GET %s/api/v2/status did not return JSON (got 'Prometheus Server is Ready.'). "
                             "Is url pointing at Alertmanager?" % fake_alertmanager.url)
    assert posts(httpserver) == []


def test_reloaded_in_check_mode_sends_no_post(fake_alertmanager, module_succeeds, httpserver):
    result = module_succeeds(MAIN, dict(url=fake_alertmanager.url, state='reloaded'), check_mode=True)

    assert result['changed'] is True
    assert result['reloaded'] is False
    assert result['config_digest_before'] == digest(fake_alertmanager.config)
    assert posts(httpserver) == []
    assert len(httpserver.log) > 0


def test_redirect_fails_naming_the_location(fake_alertmanager, module_fails, server):
    location = server.url('/alertmanager/-/ready')
    fake_alertmanager.on('GET', '/-/ready', Response('', status=301, headers={'Location': location}))

    result = module_fails(MAIN, dict(url=fake_alertmanager.url, state='ready'))

    assert 'redirected (HTTP 301) to %s. Set url' % location in result['msg']
    assert server.seen() == [('GET', '/-/ready')]


@pytest.mark.parametrize('state, path', [('healthy', '/-/healthy'), ('ready', '/-/ready')])
def test_basic_auth_is_sent_on_the_probe(httpserver, server, module_succeeds, state, path):
    auth = {'Authorization': 'Basic ' + base64.b64encode(b'alert:m4nager').decode('ascii')}
    httpserver.expect_request(path, headers=auth).respond_with_data('OK')
    httpserver.expect_request('/api/v2/status', headers=auth).respond_with_json({'versionInfo': {'version': '0.28.1'}})

    result = module_succeeds(MAIN, dict(url=server.url(), state=state, wait=False,
                                        url_username='alert', url_password='m4nager'))

    assert result[state] is True


def test_401_without_credentials_says_credentials_are_required(fake_alertmanager, module_fails):
    fake_alertmanager.on('GET', '/-/healthy', Response('Unauthorized\n', status=401))

    result = module_fails(MAIN, dict(url=fake_alertmanager.url))

    assert 'the server requires credentials: set url_username and url_password, or bearer_token' in result['msg']


def test_stopped_is_not_a_state_of_alertmanager(module_fails, httpserver):
    result = module_fails(MAIN, dict(url='http://127.0.0.1:9', state='stopped'))

    assert 'value of state must be one of: healthy, ready, reloaded, got: stopped' in result['msg']


def test_url_without_scheme_fails_clearly(module_fails):
    result = module_fails(MAIN, dict(url='alertmanager:9093'))

    assert result['msg'] == "url must start with http:// or https://, got 'alertmanager:9093'."


def test_password_without_username_is_refused_by_required_together(module_fails):
    result = module_fails(MAIN, dict(url='http://127.0.0.1:9', password='secret'))

    assert result['msg'] == 'parameters are required together: url_username, url_password'
