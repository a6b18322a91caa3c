# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What only promops.prometheus.alertmanager_lifecycle does: default URL, no stopped state, no lifecycle flag.

What it shares with prometheus_lifecycle is in test_lifecycle_modules.py and
module_utils/test_lifecycle.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import requests
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.module_utils._lifecycle import PARTIAL_RELOAD_MARKER
from ansible_collections.promops.prometheus.plugins.modules import alertmanager_lifecycle

MAIN = alertmanager_lifecycle.main


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


def test_stopped_is_not_a_state_of_alertmanager(module_fails, httpserver):
    result = module_fails(MAIN, dict(url='http://127.0.0.1:9', state='stopped'))

    assert 'value of state must be one of: healthy, ready, reloaded, got: stopped' in result['msg']
    assert httpserver.log == []


def test_reload_forbidden_quotes_the_answer_without_a_lifecycle_flag_hint(fake_alertmanager, module_fails):
    fake_alertmanager.on('POST', '/-/reload', Response('forbidden by proxy', status=403))

    result = module_fails(MAIN, dict(url=fake_alertmanager.url, state='reloaded'))

    assert result['msg'] == 'POST %s/-/reload answered HTTP 403: forbidden by proxy' % fake_alertmanager.url
    assert 'enable-lifecycle' not in result['msg']
    assert result['status_code'] == 403
    assert 'lifecycle_enabled' not in result


def test_rejected_reload_never_suggests_promtool(fake_alertmanager, module_fails):
    fake_alertmanager.reject_reload('failed to reload config: %s' % PARTIAL_RELOAD_MARKER)

    result = module_fails(MAIN, dict(url=fake_alertmanager.url, state='reloaded'))

    assert result['msg'].startswith('Alertmanager rejected the new configuration: failed to reload config: %s.'
                                    % PARTIAL_RELOAD_MARKER)
    assert 'promtool' not in result['msg']
