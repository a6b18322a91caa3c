# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What only prometheus_lifecycle does, against real Prometheus 2.42, 2.53 and 3.5, run through `ansible`:
partial reloads, the lifecycle flag, quit and a supervisor's restart.

What it shares with alertmanager_lifecycle is in test_lifecycle_modules.py.
"""

import subprocess
import time

import yaml

from helpers import run_module, with_job

MODULE = 'prometheus_lifecycle'


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


def test_lifecycle_api_disabled_names_the_flag(make_server):
    server = make_server('prometheus', lifecycle=False)
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


def test_stopped_notices_a_supervisor_that_restarts_prometheus(make_server):
    server = make_server('prometheus', start=False)
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
