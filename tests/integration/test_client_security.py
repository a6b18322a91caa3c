# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' secure defaults through Ansible, against real servers: a password written into the url
never shows, not even with -vvv; proxy variables never catch a loopback server; timeouts that never end
are refused.

The client's behaviour in detail (dripping and oversized answers, the proxy
decision) is tested against fault servers in tests/unit.
"""

import sys
from urllib.parse import quote

import pytest
import yaml

from helpers import inventory, run_module, run_playbook, write_playbook
from servers import free_port

# Through the controller (playbooks, action plugins, module defaults): run on every ansible-core.
pytestmark = pytest.mark.controller


def url_with(url, user, password):
    return url.replace('://', '://%s:%s@' % (quote(user, safe=''), quote(password, safe='')), 1)


def assert_hidden(output, *secrets):
    for secret in secrets:
        assert secret not in output and quote(secret, safe='') not in output, output


def test_a_password_in_the_url_authenticates_and_shows_nowhere_even_with_vvv(product, make_server, tls, tmp_path):
    server = make_server(product.key, web_config=tls)
    user, password = tls['auth']
    wrong = 'Wr0ng-h0rse/battery@staple'
    server.write_config(product.changed_config)
    module = 'promops.prometheus.%s' % product.module
    play = [{
        'name': 'Credentials in the url', 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
        # ansible-core 2.21 and later put the invocation into results only when asked to.
        'vars': {'ansible_python_interpreter': sys.executable, 'ansible_inject_invocation': True},
        'tasks': [
            {'name': 'Healthy', module: {'url': url_with(server.url, user, password), 'ca_path': tls['ca']},
             'register': 'healthy'},
            {'name': 'Show what register keeps', 'ansible.builtin.debug': {'var': 'healthy'}},
            {'name': 'Reload', module: {'url': url_with(server.url, user, password), 'ca_path': tls['ca'],
                                        'state': 'reloaded'}},
            {'name': 'Wrong password', module: {'url': url_with(server.url, user, wrong), 'ca_path': tls['ca'],
                                                'wait': False},
             'register': 'rejected', 'ignore_errors': True},
            {'name': 'Nothing listens', module: {'url': url_with('https://127.0.0.1:%d' % free_port(), user, password),
                                                 'wait': False},
             'register': 'refused', 'ignore_errors': True},
            {'name': 'Both ways', module: {'url': url_with(server.url, user, password), 'url_username': user,
                                           'url_password': wrong, 'ca_path': tls['ca']},
             'register': 'conflict', 'ignore_errors': True},
            {'name': 'Check the outcomes', 'ansible.builtin.assert': {'that': [
                'healthy.healthy', 'rejected is failed', "'credentials given were rejected' in rejected.msg",
                'refused is failed', "'not reachable' in refused.msg",
                'conflict is failed', "'url holds credentials' in conflict.msg"]}},
        ],
    }]

    proc = run_playbook(write_playbook(tmp_path / 'credentials.yml', play), options=['-vvv'])

    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert product.loaded(server) == product.loaded_after
    assert '"url": "https://admin:********@127.0.0.1:%d"' % server.port in output
    assert_hidden(output, password, wrong)


def test_the_health_playbook_shows_no_password_from_the_url(make_server, tmp_path):
    down = make_server('prometheus', start=False)
    path = inventory(tmp_path, prometheus=[('prom-down', down)])
    document = yaml.safe_load(path.read_text())
    document['all']['children']['prometheus']['hosts']['prom-down']['prometheus_lifecycle_url'] = url_with(
        down.url, 'admin', 'S3cret/horse')
    path.write_text(yaml.safe_dump(document))

    proc = run_playbook('promops.prometheus.health', path)

    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert 'prom-down (prometheus): Prometheus is not healthy: GET %s/-/healthy failed' % down.url in output, output
    assert_hidden(output, 'S3cret/horse')


def test_proxy_variables_do_not_catch_a_server_on_loopback(product, server):
    # A proxy that refuses every connection: a request sent to it would fail.
    dead_proxy = 'http://127.0.0.1:%d' % free_port()
    env = dict((name, dead_proxy) for name in ('http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY',
                                               'all_proxy', 'ALL_PROXY'))
    env.update(no_proxy='', NO_PROXY='')

    result = run_module(product.module, {'url': server.url, 'state': 'reloaded'}, env=env)

    assert not result.failed, result.output
    assert result['reloaded'] is True


def test_timeouts_that_never_end_are_refused_before_any_request(product):
    url = 'http://127.0.0.1:%d' % free_port()

    for option, value, msg in (('timeout', 'nan', 'timeout must be a finite number of seconds, got nan'),
                               ('request_timeout', 'inf', 'request_timeout must be a finite number of seconds of at '
                                                          'most 31536000 (a year), got inf')):
        result = run_module(product.module, {'url': url, option: value})
        assert result.failed and result['msg'].startswith(msg), result.output
