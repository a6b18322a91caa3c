# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_defaults for group/promops.prometheus.lifecycle reach both modules, in a playbook."""

import sys

import pytest

from helpers import run_playbook, write_playbook

# Through the controller (playbooks, action plugins, module defaults): run on every ansible-core.
pytestmark = pytest.mark.controller


def test_group_defaults_set_credentials_and_ca_once(make_server, tls, tmp_path):
    prometheus = make_server('prometheus', web_config=tls)
    alertmanager = make_server('alertmanager', web_config=tls)
    playbook = [{
        'name': 'Lifecycle tasks with the connection set once',
        'hosts': 'localhost',
        'gather_facts': False,
        'vars': {'ansible_python_interpreter': sys.executable},
        'module_defaults': {'group/promops.prometheus.lifecycle': {
            'url_username': 'admin', 'url_password': '{{ password }}', 'ca_path': tls['ca']}},
        'tasks': [
            {'name': 'Prometheus is ready', 'promops.prometheus.prometheus_lifecycle': {
                'url': prometheus.url, 'state': 'ready'}},
            {'name': 'Prometheus reloads', 'promops.prometheus.prometheus_lifecycle': {
                'url': prometheus.url, 'state': 'reloaded'}, 'register': 'reload'},
            {'name': 'Alertmanager is healthy', 'promops.prometheus.alertmanager_lifecycle': {
                'url': alertmanager.url}, 'register': 'health'},
            {'name': 'Results', 'ansible.builtin.assert': {'that': [
                'reload.reloaded', 'health.healthy']}},
        ],
    }]
    path = write_playbook(tmp_path / 'playbook.yml', playbook)
    stamp = prometheus.metric('prometheus_config_last_reload_success_timestamp_seconds')

    proc = run_playbook(path, extra_vars={'password': tls['auth'][1]})

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'failed=0' in proc.stdout
    assert prometheus.metric('prometheus_config_last_reload_success_timestamp_seconds') > stamp
