# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""promops.prometheus.server_lifecycle: the product comes from an option, the rest as in the product modules.

The operations themselves are tested in module_utils/test_lifecycle.py; here is what the product
option adds: which server class, default URL and states it selects.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from ansible.module_utils import basic

from ansible_collections.promops.prometheus.plugins.module_utils import _converged, _module
from ansible_collections.promops.prometheus.plugins.modules import server_lifecycle

MAIN = server_lifecycle.main


@pytest.mark.parametrize('state', ['healthy', 'reloaded'])
def test_each_product_gets_the_same_result_as_from_its_own_module(fake, module_succeeds, state):
    own = module_succeeds(fake.product.main, dict(url=fake.url, state=state))
    fake.httpserver.clear_log()

    shared = module_succeeds(MAIN, dict(url=fake.url, state=state, product=fake.product.key))

    ignored = ('elapsed', 'reload_timestamp', 'config_digest_before', 'config_digest_after')
    assert dict((k, v) for k, v in shared.items() if k not in ignored) == \
        dict((k, v) for k, v in own.items() if k not in ignored)
    assert shared['msg'].startswith(fake.name + ' ')


def test_the_product_is_required(module_fails):
    result = module_fails(MAIN, dict(url='http://127.0.0.1:9'))

    assert result['msg'] == 'missing required arguments: product'


@pytest.mark.parametrize('product, url', [('prometheus', 'http://127.0.0.1:9090/-/healthy'),
                                          ('alertmanager', 'http://127.0.0.1:9093/-/healthy')])
def test_the_default_url_is_the_products_local_port(module_fails, monkeypatch, product, url):
    seen = []

    def refuse(self, method, address, **kwargs):
        seen.append(address)
        raise requests.exceptions.ConnectionError('Connection refused')
    monkeypatch.setattr(requests.Session, 'request', refuse)

    module_fails(MAIN, dict(product=product, wait=False))

    assert seen == [url]


def test_stopped_is_refused_for_alertmanager_before_any_request(module_fails, httpserver):
    result = module_fails(MAIN, dict(product='alertmanager', url='http://127.0.0.1:9', state='stopped'))

    assert result['msg'] == 'state=stopped is not supported for Alertmanager; use one of: healthy, ready, reloaded.'
    assert httpserver.log == []


def test_stopped_reaches_prometheus(module_succeeds, refused_url):
    result = module_succeeds(MAIN, dict(product='prometheus', url=refused_url, state='stopped'))

    assert result == dict(changed=False, stopped=True, msg='Prometheus is not running (nothing answers at %s)'
                          % refused_url)


@pytest.fixture
def runs_argv(monkeypatch):
    """Make the service's main process run argv, and record the module's warnings."""
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, warning: warnings.append(warning))

    def run(argv):
        monkeypatch.setattr(_module, 'main_pid', lambda module, service: 4242)
        monkeypatch.setattr(_converged, 'command_line', lambda pid: list(argv))
        return warnings
    return run


def test_a_converged_server_that_answers_anyone_is_warned_about(fake, module_succeeds, runs_argv):
    address = '0.0.0.0:%d' % fake.httpserver.port
    argv = ['/usr/bin/server', '--web.listen-address=' + address]
    warnings = runs_argv(argv)

    result = module_succeeds(MAIN, dict(url=fake.url, product=fake.product.key, state='converged',
                                        expect=dict(argv=argv, service='server')))

    assert result['converged'] is True
    assert result['api_access'] == 'open' and result['open_api'] == [address]
    assert len(warnings) == 1
    assert warnings[0].startswith('%s answers without credentials on %s: anyone who reaches that address can '
                                  % (fake.name, address))
    assert 'basic_auth_users' in warnings[0] and 'RequireAndVerifyClientCert' in warnings[0]


def test_a_server_that_does_not_run_its_unit_yet_is_neither_asked_nor_warned_about(fake, module_succeeds, runs_argv):
    argv = ['/usr/bin/server', '--web.listen-address=0.0.0.0:%d' % fake.httpserver.port]
    warnings = runs_argv(argv[:1])

    result = module_succeeds(MAIN, dict(url=fake.url, product=fake.product.key, state='converged',
                                        expect=dict(argv=argv, service='server')))

    assert result['converged'] is False and 'api_access' not in result
    assert warnings == [] and fake.requests('GET', '/-/ready') == []
