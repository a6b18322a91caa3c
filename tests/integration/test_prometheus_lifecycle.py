# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""prometheus_lifecycle against real Prometheus 2.42, 2.53 and 3.5, run through `ansible`."""

import subprocess
import time

import yaml

from conftest import finish_module, run_module, start_module
from servers import SUITES

MODULE = 'prometheus_lifecycle'


def with_job(name, **global_settings):
    config = {
        'global': dict({'scrape_interval': '15s'}, **global_settings),
        'scrape_configs': [
            {'job_name': 'prometheus', 'static_configs': [{'targets': ['127.0.0.1:1']}]},
            {'job_name': name, 'static_configs': [{'targets': ['127.0.0.1:2']}]},
        ],
    }
    return config


def test_healthy_reports_the_running_version(prometheus, suite):
    result = run_module(MODULE, {'url': prometheus.url})
    assert not result.failed, result.output
    assert result['healthy'] is True and result['ready'] is True and result['changed'] is False
    assert result['status_code'] == 200
    assert result['version'].startswith(SUITES[suite][0] + '.')
    assert result['lifecycle_enabled'] is True and result['reload_successful'] is True
    assert result['reload_timestamp'] == prometheus.metric('prometheus_config_last_reload_success_timestamp_seconds')


def test_ready_waits_for_a_server_that_is_not_up_yet(make_prometheus):
    server = make_prometheus(start=False)
    waiting = start_module(MODULE, {'url': server.url, 'state': 'ready', 'timeout': 60})
    time.sleep(2)
    assert waiting.poll() is None, 'the module returned before Prometheus was started'
    server.start(wait=False)
    result = finish_module(waiting)
    assert not result.failed, result.output
    assert result['ready'] is True
    assert server.get('/-/ready').status_code == 200


def test_ready_without_wait_fails_at_once_when_nothing_listens(make_prometheus):
    server = make_prometheus(start=False)
    result = run_module(MODULE, {'url': server.url, 'state': 'ready', 'wait': False})
    assert result.failed
    assert 'Prometheus is not ready' in result['msg'] and 'Connection refused' in result['msg']
    assert server.url in result['msg']


def test_reload_puts_a_changed_scrape_job_live(prometheus):
    assert prometheus.job_names() == ['prometheus']
    reloads_before = prometheus.metric('prometheus_config_last_reload_success_timestamp_seconds')
    prometheus.write_config(with_job('node'))

    result = run_module(MODULE, {'url': prometheus.url, 'state': 'reloaded'})

    assert not result.failed, result.output
    assert result['changed'] is True and result['reloaded'] is True
    assert result['config_changed'] is True
    assert result['config_digest_before'] != result['config_digest_after']
    assert prometheus.job_names() == ['prometheus', 'node']
    assert prometheus.metric('prometheus_config_last_reload_success_timestamp_seconds') > reloads_before
    assert prometheus.proc.poll() is None

    again = run_module(MODULE, {'url': prometheus.url, 'state': 'reloaded'})
    assert not again.failed, again.output
    assert again['changed'] is True and again['config_changed'] is False
    assert again['config_digest_before'] == again['config_digest_after'] == result['config_digest_after']


def test_reload_in_check_mode_sends_no_reload(prometheus):
    stamp = prometheus.metric('prometheus_config_last_reload_success_timestamp_seconds')
    prometheus.write_config(with_job('node'))

    result = run_module(MODULE, {'url': prometheus.url, 'state': 'reloaded'}, check=True)

    assert not result.failed, result.output
    assert result['changed'] is True and result['reloaded'] is False
    assert prometheus.job_names() == ['prometheus']
    assert prometheus.metric('prometheus_config_last_reload_success_timestamp_seconds') == stamp


def test_broken_config_fails_with_the_servers_error_and_the_old_config_keeps_running(prometheus):
    config = with_job('node')
    config['scrape_configs'][1]['scrape_intervall'] = '5s'
    prometheus.write_config(config)

    result = run_module(MODULE, {'url': prometheus.url, 'state': 'reloaded'})

    assert result.failed
    assert result['status_code'] == 500
    assert 'field scrape_intervall not found' in result['msg']
    assert result['msg'].startswith('Prometheus rejected the new configuration: failed to reload config')
    assert 'running configuration is unchanged' in result['msg']
    assert result['config_changed'] is False and result['changed'] is False
    assert prometheus.job_names() == ['prometheus']
    assert prometheus.metric('prometheus_config_last_reload_successful') == 0
    assert prometheus.proc.poll() is None
    assert run_module(MODULE, {'url': prometheus.url})['reload_successful'] is False


def test_broken_rule_file_is_reported_as_a_partial_reload(prometheus):
    rules = prometheus.workdir / 'rules.yml'
    rules.write_text(yaml.safe_dump({'groups': [{'name': 'g', 'rules': [
        {'alert': 'Broken', 'expr': 'sum(rate(up[5m]) by'}]}]}))
    prometheus.write_config(dict(with_job('node', scrape_interval='7s'), rule_files=[str(rules)]))

    result = run_module(MODULE, {'url': prometheus.url, 'state': 'reloaded'})

    assert result.failed
    assert 'one or more errors occurred while applying the new configuration' in result['msg']
    assert 'promtool check config' in result['msg']
    # Prometheus applies what it could: the scrape settings went live, the rules did not.
    assert prometheus.loaded_config()['global']['scrape_interval'] == '7s'
    assert result['config_changed'] is True and 'CHANGED' in result['msg']
    assert prometheus.get('/api/v1/rules').json()['data']['groups'] == []


def test_lifecycle_api_disabled_names_the_flag(make_prometheus):
    server = make_prometheus(lifecycle=False)
    assert run_module(MODULE, {'url': server.url})['lifecycle_enabled'] is False

    reload = run_module(MODULE, {'url': server.url, 'state': 'reloaded'})
    quit_ = run_module(MODULE, {'url': server.url, 'state': 'stopped'})

    for result in (reload, quit_):
        assert result.failed
        assert result['status_code'] == 403
        assert '--web.enable-lifecycle' in result['msg']
        assert result['lifecycle_enabled'] is False
    assert server.proc.poll() is None


def test_stopped_quits_prometheus_and_is_idempotent(prometheus):
    check = run_module(MODULE, {'url': prometheus.url, 'state': 'stopped'}, check=True)
    assert not check.failed and check['changed'] is True
    assert prometheus.proc.poll() is None

    result = run_module(MODULE, {'url': prometheus.url, 'state': 'stopped'})
    assert not result.failed, result.output
    assert result['changed'] is True and result['stopped'] is True
    assert prometheus.proc.wait(10) == 0

    again = run_module(MODULE, {'url': prometheus.url, 'state': 'stopped'})
    assert not again.failed and again['changed'] is False and again['stopped'] is True


def test_stopped_notices_a_supervisor_that_restarts_prometheus(make_prometheus):
    server = make_prometheus(start=False)
    # Two runs in a row, like a unit with Restart=always: the second starts when the first quits.
    command = ' '.join("'%s'" % arg for arg in server.command())
    server.proc = subprocess.Popen(['sh', '-c', 'for run in 1 2; do %s; done' % command],
                                   stdout=open(server.workdir / 'server.log', 'ab'), stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server.wait_ready()

    started = time.monotonic()
    result = run_module(MODULE, {'url': server.url, 'state': 'stopped', 'timeout': 120})

    assert result.failed
    assert 'supervisor restarted it' in result['msg'], result['msg']
    assert result['restarted'] is True
    # It says so as soon as the new process answers, instead of waiting out the timeout.
    assert time.monotonic() - started < 60
    assert server.get('/-/healthy').status_code == 200


def test_route_prefix_is_part_of_the_url(make_prometheus):
    server = make_prometheus(route_prefix='/prometheus')
    server.write_config(with_job('node'))

    health = run_module(MODULE, {'url': server.url + '/'})
    bare = run_module(MODULE, {'url': server.url.replace('/prometheus', ''), 'wait': False})
    reload = run_module(MODULE, {'url': server.url, 'state': 'reloaded'})

    assert not health.failed and health['healthy'] is True
    assert bare.failed and 'HTTP 404' in bare['msg']
    assert not reload.failed, reload.output
    assert server.job_names() == ['prometheus', 'node']


def test_tls_and_basic_auth_through_web_config(make_prometheus, tls):
    server = make_prometheus(web_config=tls)
    assert server.url.startswith('https://')
    secure = {'url': server.url, 'url_username': 'admin', 'url_password': tls['auth'][1], 'ca_path': tls['ca']}

    # ca_path wins over a system bundle named in the environment.
    system_bundle = {'REQUESTS_CA_BUNDLE': '/etc/ssl/certs/ca-certificates.crt'}
    for state in ('healthy', 'ready'):
        result = run_module(MODULE, dict(secure, state=state), env=system_bundle)
        assert not result.failed, result.output
    server.write_config(with_job('node'))
    reload = run_module(MODULE, dict(secure, state='reloaded'))
    assert not reload.failed, reload.output
    assert server.job_names() == ['prometheus', 'node']

    anonymous = run_module(MODULE, {'url': server.url, 'ca_path': tls['ca'], 'state': 'ready', 'wait': False})
    assert anonymous.failed and '401 Unauthorized' in anonymous['msg']
    assert 'url_username' in anonymous['msg']

    wrong = run_module(MODULE, dict(secure, url_password='wrong', wait=False))
    assert wrong.failed and 'credentials given were rejected' in wrong['msg']

    untrusted = run_module(MODULE, dict(secure, ca_path=None, wait=False))
    assert untrusted.failed and 'TLS handshake' in untrusted['msg'] and 'ca_path' in untrusted['msg']
    for result in (reload, anonymous, wrong, untrusted):
        assert tls['auth'][1] not in result.output
