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
