# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""alertmanager_lifecycle against real Alertmanager 0.25, 0.28 and 0.33, run through `ansible`."""

import time

from conftest import finish_module, run_module, start_module
from servers import SUITES

MODULE = 'alertmanager_lifecycle'


def with_receiver(name, receiver_for_route=None, templates=None):
    config = {
        'route': {'receiver': receiver_for_route or name, 'group_by': ['alertname']},
        'receivers': [{'name': 'default'}, {'name': name, 'webhook_configs': [{'url': 'http://127.0.0.1:1/hook'}]}],
    }
    if templates:
        config['templates'] = templates
    return config


def test_healthy_reports_the_running_version(alertmanager, suite):
    result = run_module(MODULE, {'url': alertmanager.url})
    assert not result.failed, result.output
    assert result['healthy'] is True and result['ready'] is True and result['changed'] is False
    assert result['version'].startswith(SUITES[suite][1] + '.')
    assert result['lifecycle_enabled'] is True and result['reload_successful'] is True
    assert result['reload_timestamp'] == alertmanager.metric(
        'alertmanager_config_last_reload_success_timestamp_seconds')


def test_ready_treats_a_refused_connection_as_not_up_yet(make_alertmanager):
    server = make_alertmanager(start=False)
    waiting = start_module(MODULE, {'url': server.url, 'state': 'ready', 'timeout': 60})
    time.sleep(2)
    assert waiting.poll() is None, 'the module returned before Alertmanager was started'
    server.start(wait=False)
    result = finish_module(waiting)
    assert not result.failed, result.output
    assert result['ready'] is True
    assert server.get('/-/ready').status_code == 200


def test_reload_puts_a_changed_route_live(alertmanager):
    hash_before = alertmanager.metric('alertmanager_config_hash')
    alertmanager.write_config(with_receiver('team-a'))

    result = run_module(MODULE, {'url': alertmanager.url, 'state': 'reloaded'})

    assert not result.failed, result.output
    assert result['changed'] is True and result['reloaded'] is True and result['config_changed'] is True
    loaded = alertmanager.loaded_config()
    assert loaded['route']['receiver'] == 'team-a'
    assert [r['name'] for r in loaded['receivers']] == ['default', 'team-a']
    assert alertmanager.metric('alertmanager_config_hash') != hash_before

    again = run_module(MODULE, {'url': alertmanager.url, 'state': 'reloaded'})
    assert not again.failed and again['changed'] is True and again['config_changed'] is False


def test_reload_in_check_mode_sends_no_reload(alertmanager):
    stamp = alertmanager.metric('alertmanager_config_last_reload_success_timestamp_seconds')
    alertmanager.write_config(with_receiver('team-a'))

    result = run_module(MODULE, {'url': alertmanager.url, 'state': 'reloaded'}, check=True)

    assert not result.failed and result['changed'] is True and result['reloaded'] is False
    assert alertmanager.loaded_config()['route']['receiver'] == 'default'
    assert alertmanager.metric('alertmanager_config_last_reload_success_timestamp_seconds') == stamp


def test_undefined_receiver_fails_with_the_servers_error_and_the_old_config_keeps_running(alertmanager):
    alertmanager.write_config(with_receiver('team-a', receiver_for_route='nosuch'))

    result = run_module(MODULE, {'url': alertmanager.url, 'state': 'reloaded'})

    assert result.failed
    assert result['status_code'] == 500
    assert 'undefined receiver "nosuch" used in route' in result['msg']
    assert 'running configuration is unchanged' in result['msg']
    assert result['changed'] is False and result['config_changed'] is False
    assert alertmanager.loaded_config()['route']['receiver'] == 'default'
    assert alertmanager.metric('alertmanager_config_last_reload_successful') == 0
    assert alertmanager.proc.poll() is None


def test_broken_template_fails_the_reload(alertmanager):
    template = alertmanager.workdir / 'broken.tmpl'
    template.write_text('{{ define "broken" }}{{ .Unclosed ')
    alertmanager.write_config(with_receiver('team-a', templates=[str(template)]))

    result = run_module(MODULE, {'url': alertmanager.url, 'state': 'reloaded'})

    assert result.failed and result['status_code'] == 500
    assert 'broken.tmpl' in result['msg']
    assert alertmanager.loaded_config()['route']['receiver'] == 'default'


def test_has_no_stopped_state(alertmanager):
    result = run_module(MODULE, {'url': alertmanager.url, 'state': 'stopped'})
    assert result.failed
    assert 'value of state must be one of: healthy, ready, reloaded' in result['msg']
    assert alertmanager.proc.poll() is None


def test_tls_and_basic_auth_through_web_config(make_alertmanager, tls):
    server = make_alertmanager(web_config=tls)
    secure = {'url': server.url, 'url_username': 'admin', 'url_password': tls['auth'][1], 'ca_path': tls['ca']}

    health = run_module(MODULE, dict(secure, state='healthy'))
    assert not health.failed, health.output
    server.write_config(with_receiver('team-a'))
    reload = run_module(MODULE, dict(secure, state='reloaded'))
    assert not reload.failed, reload.output
    assert server.loaded_config()['route']['receiver'] == 'team-a'

    anonymous = run_module(MODULE, {'url': server.url, 'ca_path': tls['ca'], 'wait': False})
    assert anonymous.failed and '401 Unauthorized' in anonymous['msg']
    untrusted = run_module(MODULE, dict(secure, ca_path=None, wait=False))
    assert untrusted.failed and 'TLS handshake' in untrusted['msg']
    for result in (health, reload, anonymous, untrusted):
        assert tls['auth'][1] not in result.output
