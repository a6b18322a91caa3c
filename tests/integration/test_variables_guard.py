# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The roles' check of the inventory's variables: unknown names and the refused variables of prometheus.prometheus.

The roles run in check mode with the `none` method against localhost: were the
check missing, nothing would change here either, and the output would show the
tasks that install, configure and run the server.
"""

import sys

import pytest
import yaml

from helpers import REPO_ROOT, one_line, run_playbook, write_playbook

# Through the controller (playbooks, action plugins, module defaults): run on every ansible-core.
pytestmark = pytest.mark.controller


def deploy(tmp_path, role, host_vars):
    inventory = tmp_path / 'inventory.yml'
    inventory.write_text(yaml.safe_dump({'all': {'hosts': {'localhost': dict(
        {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
         role + '_install_method': 'none'}, **host_vars)}}}))
    play = [{'name': 'Deploy with an inventory written for another collection', 'hosts': 'localhost',
             'gather_facts': False, 'roles': ['promops.prometheus.' + role]}]
    proc = run_playbook(write_playbook(tmp_path / 'deploy.yml', play), inventory, options=['--check'])
    return proc.returncode, one_line(proc)


def advice(role, name):
    with open(str(REPO_ROOT / 'roles' / role / 'vars' / 'main' / 'refused.yml')) as f:
        return yaml.safe_load(f)['__%s_refused' % role][name]


def test_a_misspelt_variable_fails_with_the_switch_before_anything_runs(tmp_path):
    rc, output = deploy(tmp_path, 'prometheus', {'prometheus_scrape_config': [{'job_name': 'node'}],
                                                 'prometheus_unknown_variables': 'fail'})

    assert rc != 0
    assert ('prometheus_scrape_config is not a variable of the prometheus role; '
            'did you mean prometheus_scrape_configs?') in output
    assert 'Install, configure and run the server' not in output


@pytest.mark.parametrize('role, name, value', [
    ('prometheus', 'prometheus_provisioning_synced', True),
    ('alertmanager', 'alertmanager_mesh', {'listen-address': '127.0.0.1:9094'}),
])
def test_a_refused_variable_of_prometheus_prometheus_fails_naming_what_to_use(tmp_path, role, name, value):
    rc, output = deploy(tmp_path, role, {name: value})

    assert rc != 0
    assert '%s is not supported here: %s' % (name, advice(role, name)) in output
    assert 'Install, configure and run the server' not in output
