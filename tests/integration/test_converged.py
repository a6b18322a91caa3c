# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""server_lifecycle state=converged against real servers: what they run, compared with the files.

Each premise (a file newer than the last reload, a rule group not loaded, a
configuration not loaded) is set up on a real server and confirmed through
its API before the module is asked.
"""

import os
import time

import requests
import yaml

from helpers import run_module


def converged(server, product, expect, **connection):
    return run_module('server_lifecycle', dict(product=product, url=server.url, state='converged', expect=expect,
                                               **connection))


def reload(server, product, **connection):
    result = run_module('server_lifecycle', dict(product=product, url=server.url, state='reloaded', **connection))
    assert not result.failed, result.output


def test_a_server_on_its_files_is_converged(product, server):
    result = converged(server, product.key, {'files': [str(server.config_file)], 'config_file': str(server.config_file)})

    assert not result.failed, result.output
    assert result['converged'] is True and result['differences'] == [] and result['heal'] is None
    assert result['changed'] is False


def test_a_file_written_after_the_last_reload_is_healed_by_a_reload(product, server):
    time.sleep(0.05)
    server.write_config(server.config_file.read_text())
    assert os.stat(server.config_file).st_mtime > server.metric(product.timestamp_metric)

    result = converged(server, product.key, {'files': [str(server.config_file)]})

    assert not result.failed, result.output
    assert result['converged'] is False and result['heal'] == 'reload'
    assert 'changed after its last successful reload' in result['differences'][0]
    assert str(server.config_file) in result['differences'][0]

    reload(server, product.key)
    assert converged(server, product.key, {'files': [str(server.config_file)]})['converged'] is True


def test_prometheus_without_a_rule_group_of_its_rule_file_is_healed_by_a_reload(make_server):
    server = make_server('prometheus', start=False)
    rules = server.workdir / 'node.yml'
    rules.write_text('groups:\n  - name: first\n    rules:\n      - record: one\n        expr: vector(1)\n')
    server.write_config(dict(server.default_config, rule_files=[str(rules)]))
    server.start()
    assert [g['name'] for g in server.get('/api/v1/rules').json()['data']['groups']] == ['first']

    rules.write_text('groups:\n  - name: second\n    rules:\n      - record: two\n        expr: vector(2)\n')
    result = converged(server, 'prometheus', {'rule_groups': [{'file': str(rules), 'name': 'second'}]})

    assert result['converged'] is False and result['heal'] == 'reload'
    assert result['differences'] == ['rule groups not loaded: second in %s' % rules]

    reload(server, 'prometheus')
    assert converged(server, 'prometheus', {'rule_groups': [{'file': str(rules), 'name': 'second'}]})['converged']


def test_alertmanager_running_another_file_is_told_by_its_configuration_hash(make_server):
    server = make_server('alertmanager')
    served_hash = server.metric('alertmanager_config_hash')
    server.write_config(dict(server.default_config, receivers=[{'name': 'default'}, {'name': 'spare'}]))
    assert server.metric('alertmanager_config_hash') == served_hash

    result = converged(server, 'alertmanager', {'config_file': str(server.config_file)})

    assert result['converged'] is False and result['heal'] == 'reload'
    assert 'alertmanager_config_hash %s' % served_hash in result['differences'][0]

    reload(server, 'alertmanager')
    assert server.metric('alertmanager_config_hash') != served_hash
    assert converged(server, 'alertmanager', {'config_file': str(server.config_file)})['converged'] is True


def test_the_scheme_served_is_compared_with_the_web_configuration(product, make_server, tls):
    plain = make_server(product.key)
    secure = make_server(product.key, web_config=tls)
    auth = dict(ca_path=tls['ca'], url_username=tls['auth'][0], url_password=tls['auth'][1])

    assert converged(plain, product.key, {'tls': False})['converged'] is True
    assert converged(secure, product.key, {'tls': True}, **auth)['converged'] is True

    turned_on = converged(plain, product.key, {'tls': True})
    turned_off = converged(secure, product.key, {'tls': False}, **auth)

    assert turned_on['heal'] == 'restart' and 'serves plain HTTP' in turned_on['differences'][0]
    assert turned_off['heal'] == 'restart' and 'serves TLS' in turned_off['differences'][0]


def test_tls_taken_out_of_the_web_configuration_still_needs_a_restart(product, make_server, tls):
    server = make_server(product.key, web_config=tls)
    (server.workdir / 'web.yml').write_text(yaml.safe_dump({'basic_auth_users': tls['content']['basic_auth_users']}))
    plain_url = server.url.replace('https://', 'http://')
    answer = requests.get(plain_url + '/-/ready', auth=tls['auth'], timeout=5)
    assert answer.status_code == 400 and 'HTTPS server' in answer.text

    result = run_module('server_lifecycle', dict(product=product.key, url=plain_url, state='converged',
                                                 expect={'tls': False}, url_username=tls['auth'][0],
                                                 url_password=tls['auth'][1]))

    assert result['heal'] == 'restart' and 'serves TLS' in result['differences'][0]
