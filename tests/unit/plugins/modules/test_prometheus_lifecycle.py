# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""promops.prometheus.prometheus_lifecycle as a task sees it: arguments in, result or failure out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import time

import pytest
from werkzeug.wrappers import Response

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.promops.prometheus.plugins.module_utils import _module
from ansible_collections.promops.prometheus.plugins.module_utils._lifecycle import digest
from ansible_collections.promops.prometheus.plugins.modules import prometheus_lifecycle

MAIN = prometheus_lifecycle.main

REJECTED = 'failed to reload config: one or more errors occurred while applying the new configuration (--config.file="/etc/prometheus/prometheus.yml")'


def posts(httpserver):
    return [request.path for request, dummy in httpserver.log if request.method == 'POST']


# --------------------------------------------------------------------------
# healthy
# --------------------------------------------------------------------------

def test_healthy_returns_the_version_and_changes_nothing(fake_prometheus, module_succeeds):
    result = module_succeeds(MAIN, dict(url=fake_prometheus.url))

    assert result['changed'] is False
    assert result['healthy'] is True
    assert result['status_code'] == 200
    assert result['version'] == '2.53.3'
    assert result['ready'] is True
    assert result['msg'] == 'Prometheus is healthy and ready'
    assert isinstance(result['elapsed'], float)


@pytest.mark.parametrize('answer', [
    Response('Service Unavailable', status=503),
    Response('{"status": "success", "data": ', status=200, content_type='application/json'),
], ids=['503', 'garbage'])
def test_healthy_succeeds_with_null_version_when_buildinfo_is_unreadable(fake_prometheus, module_succeeds, answer):
    fake_prometheus.on('GET', '/api/v1/status/buildinfo', answer)

    result = module_succeeds(MAIN, dict(url=fake_prometheus.url, state='healthy'))

    assert result['healthy'] is True
    assert result['version'] is None


def test_healthy_reports_the_last_reload_and_the_lifecycle_flag(fake_prometheus, module_succeeds):
    fake_prometheus.reload_successful = 0
    fake_prometheus.lifecycle = False

    result = module_succeeds(MAIN, dict(url=fake_prometheus.url))

    assert result['reload_successful'] is False
    assert result['reload_timestamp'] == fake_prometheus.reload_timestamp
    assert result['lifecycle_enabled'] is False


def test_healthy_before_ready_leaves_the_lifecycle_flag_unknown(fake_prometheus, module_succeeds):
    fake_prometheus.on('GET', '/api/v1/status/flags', Response('Service Unavailable', status=503))

    result = module_succeeds(MAIN, dict(url=fake_prometheus.url))

    assert result['healthy'] is True
    assert result['lifecycle_enabled'] is None
    assert result['reload_successful'] is True


@pytest.mark.parametrize('wait', [True, False])
def test_healthy_but_not_ready_succeeds_with_ready_false_after_one_check(fake_prometheus, module_succeeds, wait):
    fake_prometheus.ready = 503

    result = module_succeeds(MAIN, dict(url=fake_prometheus.url, wait=wait, timeout=5))

    assert result['healthy'] is True and result['ready'] is False
    assert result['msg'] == 'Prometheus is healthy but not ready: GET %s/-/ready answered HTTP 503' % fake_prometheus.url
    assert len(fake_prometheus.requests('GET', '/-/ready')) == 1


def test_healthy_with_a_hanging_readiness_probe_reports_not_ready(fake_prometheus, hang, module_succeeds):
    fake_prometheus.on('GET', '/-/ready', hang(1.0))

    result = module_succeeds(MAIN, dict(url=fake_prometheus.url, request_timeout=0.3))

    assert result['healthy'] is True and result['ready'] is False
    assert result['msg'].startswith('Prometheus is healthy but not ready: GET %s/-/ready got no answer within 0.3 s'
                                    % fake_prometheus.url)


def test_healthy_probe_hanging_past_request_timeout_fails_naming_url_and_option(
        fake_prometheus, hang, module_fails):
    fake_prometheus.on('GET', '/-/healthy', hang(1.0))

    started = time.monotonic()
    result = module_fails(MAIN, dict(url=fake_prometheus.url, wait=False, request_timeout=0.3))

    assert time.monotonic() - started < 0.9
    assert result['msg'].startswith('Prometheus is not healthy: GET %s/-/healthy got no answer within 0.3 s '
                                    '(request_timeout)' % fake_prometheus.url)
    assert result['url'] == fake_prometheus.url + '/-/healthy'
    assert not result.get('changed')


# --------------------------------------------------------------------------
# ready
# --------------------------------------------------------------------------

def test_ready_fails_within_timeout_naming_the_last_status(fake_prometheus, module_fails):
    fake_prometheus.ready = 503

    started = time.monotonic()
    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='ready', timeout=1))
    elapsed = time.monotonic() - started

    assert 0.8 <= elapsed < 1.5
    assert result['msg'] == ('Prometheus did not become ready within 1.0 s (timeout). Last attempt: '
                             'GET %s/-/ready answered HTTP 503' % fake_prometheus.url)
    assert result['status_code'] == 503


def test_ready_returns_promptly_once_prometheus_turns_ready(fake_prometheus, module_succeeds):
    switch = fake_prometheus.ready_after(seconds=0.4)

    result = module_succeeds(MAIN, dict(url=fake_prometheus.url, state='ready', timeout=10))
    returned = time.monotonic()

    assert result['ready'] is True
    assert result['status_code'] == 200
    assert result['changed'] is False
    assert 0 <= returned - switch['switched'] < 0.5
    assert result['elapsed'] >= 0.3


def test_ready_without_wait_on_a_refused_port_fails_at_once(refused_url, module_fails):
    started = time.monotonic()
    result = module_fails(MAIN, dict(url=refused_url, state='ready', wait=False, timeout=10))

    assert time.monotonic() - started < 0.5
    assert result['msg'].startswith('Prometheus is not ready: GET %s/-/ready failed: Prometheus is not reachable'
                                    % refused_url)
    assert result['url'] == refused_url + '/-/ready'


def test_ready_on_a_refused_port_keeps_trying_until_timeout(refused_url, module_fails):
    started = time.monotonic()
    result = module_fails(MAIN, dict(url=refused_url, state='ready', timeout=0.5))

    assert 0.3 <= time.monotonic() - started < 1.0
    assert result['msg'].startswith('Prometheus did not become ready within 0.5 s (timeout). Last attempt: ')
    assert 'not reachable' in result['msg']


def test_ready_with_a_route_prefix_asks_below_the_prefix(fake_prometheus, module_succeeds, server):
    fake_prometheus.prefix = '/prom'

    result = module_succeeds(MAIN, dict(url=server.url('/prom/'), state='ready'))

    assert result['ready'] is True
    assert server.seen() == [('GET', '/prom/-/ready')]


# --------------------------------------------------------------------------
# reloaded
# --------------------------------------------------------------------------

def test_reloaded_verifies_the_reload_and_reports_the_new_configuration(fake_prometheus, module_succeeds, httpserver):
    before = fake_prometheus.config
    fake_prometheus.next_config = 'global:\n  scrape_interval: 1m\n'

    result = module_succeeds(MAIN, dict(url=fake_prometheus.url, state='reloaded'))

    assert result['changed'] is True
    assert result['reloaded'] is True
    assert result['config_changed'] is True
    assert result['config_digest_before'] == digest(before)
    assert result['config_digest_after'] == digest('global:\n  scrape_interval: 1m\n')
    assert result['reload_timestamp'] == fake_prometheus.reload_timestamp
    assert posts(httpserver) == ['/-/reload']


def test_reloaded_with_a_route_prefix_sends_every_request_below_it(fake_prometheus, module_succeeds, server):
    fake_prometheus.prefix = '/prom'

    result = module_succeeds(MAIN, dict(url=server.url('/prom/'), state='reloaded'))

    assert result['reloaded'] is True
    paths = [path for method, path in server.seen()]
    assert '/prom/-/reload' in paths
    assert '/prom/-/ready' in paths
    assert all(path.startswith('/prom/') for path in paths)


def test_rejected_reload_fails_with_the_server_error_and_config_unchanged(fake_prometheus, module_fails):
    fake_prometheus.on('POST', '/-/reload', Response(
        'failed to reload config: couldn\'t load configuration (--config.file="/etc/prometheus/prometheus.yml"): '
        'parsing YAML file /etc/prometheus/prometheus.yml: yaml: line 4: did not find expected key\n', status=500))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='reloaded'))

    assert result['msg'].startswith('Prometheus rejected the new configuration: failed to reload config: ')
    assert 'yaml: line 4: did not find expected key' in result['msg']
    assert 'The running configuration is unchanged.' in result['msg']
    assert 'promtool' not in result['msg']
    assert result['server_error'].endswith('yaml: line 4: did not find expected key')
    assert result['config_changed'] is False
    assert result['changed'] is False
    assert result['reloaded'] is False
    assert result['status_code'] == 500


def test_partially_applied_reload_says_the_configuration_changed(fake_prometheus, module_fails):
    before = fake_prometheus.config

    def partial_reload(request):
        fake_prometheus.config = 'global:\n  scrape_interval: 10s\nrule_files: [broken.yml]\n'
        return Response(REJECTED, status=500)
    fake_prometheus.on('POST', '/-/reload', partial_reload)

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='reloaded'))

    after = digest('global:\n  scrape_interval: 10s\nrule_files: [broken.yml]\n')
    assert 'The loaded configuration CHANGED (%s -> %s).' % (digest(before), after) in result['msg']
    assert 'Run `promtool check config` on the configuration file to see the error.' in result['msg']
    assert result['server_error'] == REJECTED
    assert result['changed'] is True
    assert result['config_changed'] is True
    assert result['config_digest_before'] == digest(before)
    assert result['config_digest_after'] == after


def test_reload_forbidden_says_to_enable_the_lifecycle_api(fake_prometheus, module_fails):
    fake_prometheus.on('POST', '/-/reload', Response('Lifecycle API is not enabled.', status=403))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='reloaded'))

    assert 'Start Prometheus with --web.enable-lifecycle' in result['msg']
    assert result['lifecycle_enabled'] is False
    assert result['status_code'] == 403


def test_reload_answered_200_without_new_reload_metrics_fails(fake_prometheus, module_fails):
    fake_prometheus.on('POST', '/-/reload', Response('', status=200))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='reloaded'))

    assert 'do not show a new successful reload' in result['msg']
    assert result['reloaded'] is False


def test_reloaded_in_check_mode_sends_no_post(fake_prometheus, module_succeeds, httpserver):
    result = module_succeeds(MAIN, dict(url=fake_prometheus.url, state='reloaded'), check_mode=True)

    assert result['changed'] is True
    assert result['reloaded'] is False
    assert result['msg'] == 'Prometheus would be reloaded (check mode)'
    assert posts(httpserver) == []
    assert len(httpserver.log) > 0


def test_reloaded_with_garbage_config_endpoint_fails_clearly(fake_prometheus, module_fails):
    fake_prometheus.on('GET', '/api/v1/status/config', Response('<!doctype html><title>Sign in</title>'))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='reloaded'))

    assert result['msg'] == ("GET %s/api/v1/status/config did not return JSON (got '<!doctype html><title>Sign "
                             "in</title>'). Is url pointing at Prometheus?" % fake_prometheus.url)


# --------------------------------------------------------------------------
# stopped
# --------------------------------------------------------------------------

def test_stopped_when_nothing_answers_changes_nothing(refused_url, module_succeeds):
    result = module_succeeds(MAIN, dict(url=refused_url, state='stopped'))

    assert result['changed'] is False
    assert result['stopped'] is True


def test_stopped_in_check_mode_sends_no_post(fake_prometheus, module_succeeds, httpserver):
    result = module_succeeds(MAIN, dict(url=fake_prometheus.url, state='stopped'), check_mode=True)

    assert result['changed'] is True
    assert posts(httpserver) == []
    assert len(httpserver.log) > 0


def test_stopped_forbidden_says_to_enable_the_lifecycle_api(fake_prometheus, module_fails):
    fake_prometheus.on('POST', '/-/quit', Response('Lifecycle API is not enabled.', status=403))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='stopped'))

    assert result['msg'].startswith('Prometheus refused POST %s/-/quit (HTTP 403' % fake_prometheus.url)
    assert '--web.enable-lifecycle' in result['msg']
    assert result['lifecycle_enabled'] is False


# --------------------------------------------------------------------------
# redirects and authentication
# --------------------------------------------------------------------------

@pytest.mark.parametrize('status', [301, 302])
def test_redirect_fails_naming_the_location_and_is_not_followed(fake_prometheus, module_fails, server, status):
    location = server.url('/prometheus/-/healthy')
    fake_prometheus.on('GET', '/-/healthy', Response('', status=status, headers={'Location': location}))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, wait=False))

    assert 'was redirected (HTTP %d) to %s' % (status, location) in result['msg']
    assert 'Set url to the address the server really serves its API at' in result['msg']
    assert result['status_code'] == status
    assert server.seen() == [('GET', '/-/healthy')]


def test_401_without_credentials_says_credentials_are_required(fake_prometheus, module_fails):
    fake_prometheus.on('GET', '/-/ready', Response('Unauthorized\n', status=401))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, state='ready'))

    assert 'answered 401 Unauthorized: the server requires credentials' in result['msg']
    assert result['status_code'] == 401


def test_401_with_credentials_says_they_were_rejected(fake_prometheus, module_fails):
    fake_prometheus.on('GET', '/-/healthy', Response('Unauthorized\n', status=401))

    result = module_fails(MAIN, dict(url=fake_prometheus.url, url_username='admin', url_password='wrong'))

    assert 'answered 401 Unauthorized: the credentials given were rejected' in result['msg']


@pytest.mark.parametrize('state, path', [('healthy', '/-/healthy'), ('ready', '/-/ready')])
def test_basic_auth_is_sent_on_the_probe(httpserver, server, module_succeeds, state, path):
    auth = {'Authorization': 'Basic ' + base64.b64encode(b'admin:s3cret').decode('ascii')}
    httpserver.expect_request(path, headers=auth).respond_with_data('OK')
    httpserver.expect_request('/api/v1/status/buildinfo', headers=auth).respond_with_json(
        {'status': 'success', 'data': {'version': '2.53.3'}})

    result = module_succeeds(MAIN, dict(url=server.url(), state=state, wait=False,
                                        username='admin', password='s3cret'))

    assert result[state] is True
    assert result['status_code'] == 200


def test_bearer_token_is_sent_on_every_request(fake_prometheus, module_succeeds, httpserver):
    module_succeeds(MAIN, dict(url=fake_prometheus.url, state='reloaded', bearer_token='tok3n'))

    assert len(httpserver.log) >= 5
    assert set(request.headers.get('Authorization') for request, dummy in httpserver.log) == {'Bearer tok3n'}


# --------------------------------------------------------------------------
# arguments
# --------------------------------------------------------------------------

@pytest.mark.parametrize('url', ['127.0.0.1:9090', 'prometheus.example.com', 'ftp://127.0.0.1:9090'])
def test_url_without_http_scheme_fails_clearly(module_fails, httpserver, url):
    result = module_fails(MAIN, dict(url=url))

    assert result['msg'] == 'url must start with http:// or https://, got %r.' % url
    assert httpserver.log == []


def test_username_without_password_is_refused_by_required_together(module_fails):
    result = module_fails(MAIN, dict(url='http://127.0.0.1:9', url_username='admin'))

    assert result['msg'] == 'parameters are required together: url_username, url_password'


def test_username_and_bearer_token_are_mutually_exclusive(module_fails):
    result = module_fails(MAIN, dict(url='http://127.0.0.1:9', url_username='admin', url_password='x',
                                     bearer_token='t'))

    assert result['msg'] == 'parameters are mutually exclusive: url_username|bearer_token'


def test_client_key_requires_client_cert(module_fails):
    result = module_fails(MAIN, dict(url='http://127.0.0.1:9', client_key='/etc/k.pem'))

    assert result['msg'] == 'missing parameter(s) required by \'client_key\': client_cert'


@pytest.mark.parametrize('option', ['timeout', 'request_timeout'])
def test_non_positive_timeouts_are_refused(module_fails, option):
    result = module_fails(MAIN, {'url': 'http://127.0.0.1:9', option: 0})

    assert result['msg'] == 'timeout and request_timeout must be positive numbers of seconds.'


def test_missing_requests_library_fails_with_missing_required_lib(module_fails, monkeypatch):
    monkeypatch.setattr(_module, 'REQUESTS_IMPORT_ERROR', 'ModuleNotFoundError: No module named \'requests\'')

    result = module_fails(MAIN, dict(url='http://127.0.0.1:9'))

    assert result['msg'] == missing_required_lib('requests')
    assert result['exception'] == 'ModuleNotFoundError: No module named \'requests\''


def test_unknown_state_is_refused(module_fails):
    result = module_fails(MAIN, dict(state='restarted'))

    assert 'value of state must be one of: healthy, ready, reloaded, stopped, got: restarted' in result['msg']
