# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What prometheus_lifecycle and alertmanager_lifecycle both do, against real servers, run through `ansible`.

Every test runs for each product and each Debian suite (Prometheus 2.42, 2.53,
3.5; Alertmanager 0.25, 0.28, 0.33). What only one product does is in
test_<product>_lifecycle.py.
"""

import time

from helpers import finish_module, run_module, start_module
from servers import SUITES


def test_healthy_reports_the_running_version(product, server, suite):
    result = run_module(product.module, {'url': server.url})

    assert not result.failed, result.output
    assert result['healthy'] is True and result['ready'] is True and result['changed'] is False
    assert result['status_code'] == 200
    assert result['version'].startswith(SUITES[suite][product.suite_index] + '.')
    assert result['lifecycle_enabled'] is True and result['reload_successful'] is True
    assert result['reload_timestamp'] == server.metric(product.timestamp_metric)


def test_ready_waits_for_a_server_that_is_not_up_yet(product, make_server):
    server = make_server(product.key, start=False)
    waiting = start_module(product.module, {'url': server.url, 'state': 'ready', 'timeout': 60})
    time.sleep(2)
    assert waiting.poll() is None, 'the module returned before %s was started' % product.name

    server.start(wait=False)
    result = finish_module(waiting)

    assert not result.failed, result.output
    assert result['ready'] is True
    assert server.get('/-/ready').status_code == 200


def test_ready_without_wait_fails_at_once_when_nothing_listens(product, make_server):
    server = make_server(product.key, start=False)

    result = run_module(product.module, {'url': server.url, 'state': 'ready', 'wait': False})

    assert result.failed
    assert '%s is not ready' % product.name in result['msg'] and 'Connection refused' in result['msg']
    assert server.url in result['msg']


def test_reload_puts_a_changed_configuration_live_and_a_second_one_changes_no_configuration(product, server):
    assert product.loaded(server) == product.loaded_before
    stamp = server.metric(product.timestamp_metric)
    server.write_config(product.changed_config)

    result = run_module(product.module, {'url': server.url, 'state': 'reloaded'})

    assert not result.failed, result.output
    assert result['changed'] is True and result['reloaded'] is True
    assert result['config_changed'] is True
    assert result['config_digest_before'] != result['config_digest_after']
    assert product.loaded(server) == product.loaded_after
    assert server.metric(product.timestamp_metric) > stamp
    assert server.proc.poll() is None

    again = run_module(product.module, {'url': server.url, 'state': 'reloaded'})

    assert not again.failed, again.output
    assert again['changed'] is True and again['config_changed'] is False
    assert again['config_digest_before'] == again['config_digest_after'] == result['config_digest_after']


def test_reload_in_check_mode_sends_no_reload(product, server):
    stamp = server.metric(product.timestamp_metric)
    server.write_config(product.changed_config)

    result = run_module(product.module, {'url': server.url, 'state': 'reloaded'}, check=True)

    assert not result.failed, result.output
    assert result['changed'] is True and result['reloaded'] is False
    assert product.loaded(server) == product.loaded_before
    assert server.metric(product.timestamp_metric) == stamp


def test_rejected_configuration_fails_with_the_servers_error_and_the_old_one_keeps_running(product, server):
    server.write_config(product.broken_config)

    result = run_module(product.module, {'url': server.url, 'state': 'reloaded'})

    assert result.failed
    assert result['status_code'] == 500
    assert product.broken_error in result['msg']
    assert result['msg'].startswith('%s rejected the new configuration: failed to reload config' % product.name)
    assert 'running configuration is unchanged' in result['msg']
    assert result['config_changed'] is False and result['changed'] is False
    assert product.loaded(server) == product.loaded_before
    assert server.metric(product.success_metric) == 0
    assert server.proc.poll() is None
    assert run_module(product.module, {'url': server.url})['reload_successful'] is False


def test_route_prefix_is_part_of_the_url(product, make_server):
    server = make_server(product.key, route_prefix='/' + product.key)
    server.write_config(product.changed_config)

    health = run_module(product.module, {'url': server.url + '/'})
    bare = run_module(product.module, {'url': 'http://127.0.0.1:%d' % server.port, 'wait': False})
    reload = run_module(product.module, {'url': server.url, 'state': 'reloaded'})

    assert not health.failed and health['healthy'] is True
    assert bare.failed and 'HTTP 404' in bare['msg']
    assert not reload.failed, reload.output
    assert product.loaded(server) == product.loaded_after


def test_tls_and_basic_auth_through_web_config(product, make_server, tls):
    server = make_server(product.key, web_config=tls)
    assert server.url.startswith('https://')
    secure = {'url': server.url, 'url_username': 'admin', 'url_password': tls['auth'][1], 'ca_path': tls['ca']}

    # ca_path wins over a system bundle named in the environment.
    system_bundle = {'REQUESTS_CA_BUNDLE': '/etc/ssl/certs/ca-certificates.crt'}
    probes = [run_module(product.module, dict(secure, state=state), env=system_bundle)
              for state in ('healthy', 'ready')]
    for result in probes:
        assert not result.failed, result.output
    server.write_config(product.changed_config)
    reload = run_module(product.module, dict(secure, state='reloaded'))
    assert not reload.failed, reload.output
    assert product.loaded(server) == product.loaded_after

    anonymous = run_module(product.module, {'url': server.url, 'ca_path': tls['ca'], 'state': 'ready', 'wait': False})
    assert anonymous.failed and '401 Unauthorized' in anonymous['msg']
    assert 'url_username' in anonymous['msg']

    wrong = run_module(product.module, dict(secure, url_password='wrong', wait=False))
    assert wrong.failed and 'credentials given were rejected' in wrong['msg']

    untrusted = run_module(product.module, dict(secure, ca_path=None, wait=False))
    assert untrusted.failed and 'TLS handshake' in untrusted['msg'] and 'ca_path' in untrusted['msg']
    for result in probes + [reload, anonymous, wrong, untrusted]:
        assert tls['auth'][1] not in result.output


def test_http_to_a_tls_server_fails_at_once_naming_https(product, make_server, tls):
    server = make_server(product.key, web_config=tls)

    result = run_module(product.module, {'url': server.url.replace('https://', 'http://'), 'state': 'ready',
                                         'timeout': 60})

    # Not the message of a wait that ran out: the first answer ended it.
    assert result.failed and 'serves HTTPS' in result['msg'] and 'https://' in result['msg']
    assert 'did not become ready' not in result['msg']
