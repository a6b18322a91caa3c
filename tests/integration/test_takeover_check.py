# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The roles' take-over check: a configuration they did not write is compared with theirs before anything changes.

The roles run in check mode with the `none` method against localhost, on a
configuration folder laid out as prometheus.prometheus leaves it, under a
service name the role has no state folder for.
"""

import sys
import uuid

import pytest
import yaml

from helpers import one_line, run_playbook, write_playbook

# Through the controller (playbooks, action plugins, module defaults): run on every ansible-core.
pytestmark = pytest.mark.controller

SECRET = 'takeover-secret-1'

THEIR_LAYOUT = {
    'prometheus': {
        'prometheus.yml': {
            'global': {'external_labels': {'environment': 'mon-1'}},
            'rule_files': ['rules/*.yml', 'rules/*.yaml'],
            'scrape_configs': [
                {'job_name': 'prometheus', 'static_configs': [{'targets': ['127.0.0.1:9090']}]},
                {'job_name': 'node', 'basic_auth': {'username': 'node', 'password': SECRET},
                 'static_configs': [{'targets': ['127.0.0.1:9100']}]},
            ],
        },
        'rules/ansible_managed.yml': {'groups': [{'name': 'ansible managed alert rules', 'rules': [
            {'alert': 'Watchdog', 'expr': 'vector(1)'}]}]},
    },
    'alertmanager': {
        'alertmanager.yml': {
            'global': {'smtp_auth_password': SECRET},
            'templates': ['templates/*.tmpl'],
            'route': {'receiver': 'team'},
            'receivers': [{'name': 'team'}],
        },
        'templates/default.tmpl': '{{ define "promops.takeover" }}{{ end }}',
    },
}
WHAT_CHANGES = {
    'prometheus': 'scrape jobs: node goes; rules: alert Watchdog goes; external labels: environment=mon-1 goes.',
    'alertmanager': 'receivers: team goes, default comes; route: receiver changes from team to default; '
                    'templates: default.tmpl goes.',
}
REFUSED = 'runs a configuration that this role did not write'
WRITE_TASK = 'Write the configuration set, checked as a whole before it goes live'


def take_over(tmp_path, role, **host_vars):
    config_dir = tmp_path / 'etc'
    for name, content in THEIR_LAYOUT[role].items():
        path = config_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else yaml.safe_dump(content))
    inventory = tmp_path / 'inventory.yml'
    inventory.write_text(yaml.safe_dump({'all': {'hosts': {'localhost': dict(
        {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
         role + '_install_method': 'none', role + '_config_dir': str(config_dir),
         role + '_service_name': 'promops-takeover-%s' % uuid.uuid4().hex[:12]}, **host_vars)}}}))
    play = [{'name': 'Take over a server deployed by another collection', 'hosts': 'localhost',
             'gather_facts': False, 'roles': ['promops.prometheus.' + role]}]
    proc = run_playbook(write_playbook(tmp_path / 'takeover.yml', play), inventory, options=['--check', '-vvv'])
    return proc.returncode, one_line(proc)


@pytest.mark.parametrize('role', ['prometheus', 'alertmanager'])
def test_a_take_over_that_would_change_what_the_server_runs_stops_naming_each_difference(tmp_path, role):
    rc, output = take_over(tmp_path, role)

    assert rc != 0
    assert ('taking it over with this inventory would change what it runs: %s' % WHAT_CHANGES[role]) in output
    assert '%s_takeover_changes: accept' % role in output
    assert WRITE_TASK not in output
    assert SECRET not in output


@pytest.mark.parametrize('role', ['prometheus', 'alertmanager'])
def test_the_changes_accepted_the_role_goes_on(tmp_path, role):
    rc, output = take_over(tmp_path, role, **{role + '_takeover_changes': 'accept'})

    assert rc == 0
    assert REFUSED not in output
    assert WRITE_TASK in output
    assert SECRET not in output
