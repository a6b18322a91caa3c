# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Prometheus in agent mode (the role's prometheus_agent_mode): the lifecycle modules work as on a server.

An agent has no TSDB, rules or query API; health, readiness, verified
reloads and the converged check must not need them.
"""

from helpers import run_module


def lifecycle(server, state, **options):
    return run_module('server_lifecycle', dict(product='prometheus', url=server.url, state=state, **options))


def test_an_agent_is_healthy_reloads_and_runs_its_files(make_server):
    agent = make_server('prometheus', agent=True)
    assert agent.get('/api/v1/status/flags').json()['data'].get('storage.agent.path')

    healthy = lifecycle(agent, 'healthy')
    assert not healthy.failed, healthy.output
    assert healthy['healthy'] is True and healthy['ready'] is True

    agent.write_config(dict(agent.default_config, scrape_configs=[
        {'job_name': 'forwarded', 'static_configs': [{'targets': ['127.0.0.1:1']}]}]))
    reloaded = lifecycle(agent, 'reloaded')
    assert not reloaded.failed, reloaded.output
    assert agent.job_names() == ['forwarded']

    converged = lifecycle(agent, 'converged', expect={'files': [str(agent.config_file)], 'rule_groups': []})
    assert not converged.failed, converged.output
    assert converged['converged'] is True, converged['differences']


def test_a_configuration_an_agent_refuses_fails_the_reload_with_its_own_message(make_server):
    agent = make_server('prometheus', agent=True)
    agent.write_config(dict(agent.default_config, rule_files=['rules.yml']))

    reloaded = lifecycle(agent, 'reloaded')

    assert reloaded.failed
    assert 'agent' in reloaded['msg'].lower(), reloaded['msg']
    assert agent.job_names() == ['prometheus']
