# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action plugin variables_check: unknown, refused and ignored variables of a role's prefix.

Most tests run the plugin on a dict of task variables, as the task executor
hands them over; the last ones run it in a playbook through ansible-playbook,
where the warnings, the failure and -vvv show what a user sees.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest.mock import MagicMock

import pytest
import yaml

from ansible.errors import AnsibleActionFail

from ansible_collections.promops.prometheus.plugins.action.variables_check import ActionModule

REPO_ROOT = Path(__file__).resolve().parents[4]
COLLECTIONS_PATH = REPO_ROOT / 'build' / 'collections'
ANSIBLE_PLAYBOOK = Path(sys.executable).parent / 'ansible-playbook'

KNOWN = ['prometheus_scrape_configs', 'prometheus_global', 'prometheus_web_config', 'prometheus_config_dir',
         'prometheus_health']
REFUSED = {'prometheus_agent_mode': 'agent mode is not available, leave the variable out',
           'prometheus_metrics_path': 'write the job with its metrics_path in prometheus_scrape_configs'}
SECRET = 'hunter2-do-not-show'


def check(task_vars, **args):
    """The plugin's result for task_vars, with args as the task's arguments."""
    task = MagicMock()
    task.args = dict({'prefix': 'prometheus_', 'known': KNOWN, 'refused': REFUSED}, **args)
    task.async_val = 0
    task.check_mode = False
    task.action = 'promops.prometheus.variables_check'
    connection = MagicMock()
    connection._shell.tmpdir = '/not-used'
    action = ActionModule(task, connection, MagicMock(), MagicMock(), MagicMock(), None)
    return action.run(task_vars=task_vars)


def task_vars(**variables):
    """Variables of a task as Ansible hands them over: the role's own, magic variables, and the given ones."""
    found = dict((name, 'default') for name in KNOWN)
    found.update(inventory_hostname='mon', role_name='prometheus', ansible_check_mode=False,
                 groups={'all': ['mon']}, alertmanager_scrape_config='another role')
    found.update(variables)
    return found


def test_a_clean_inventory_passes_without_warnings():
    result = check(task_vars(prometheus_global={'scrape_interval': '5s'}))

    assert not result.get('failed')
    assert result['changed'] is False
    assert result['unknown'] == [] and result['refused'] == []
    assert 'warnings' not in result


def test_a_typo_warns_naming_the_closest_known_variable():
    result = check(task_vars(prometheus_scrape_config=[{'job_name': 'node'}]))

    assert not result.get('failed')
    assert result['unknown'] == ['prometheus_scrape_config']
    assert result['warnings'] == ['prometheus_scrape_config is not a variable of the prometheus role; '
                                  'did you mean prometheus_scrape_configs?']


def test_no_hint_when_no_known_variable_is_close():
    result = check(task_vars(prometheus_kubernetes_operator=True))

    assert result['warnings'] == ['prometheus_kubernetes_operator is not a variable of the prometheus role']


def test_the_shared_prefix_alone_makes_no_hint():
    # Compared whole, prometheus_zz and prometheus_global share 12 of their 13 and 17 characters.
    result = check(task_vars(prometheus_zz=1))

    assert result['warnings'] == ['prometheus_zz is not a variable of the prometheus role']


def test_unknown_fail_fails_naming_every_unknown_variable():
    result = check(task_vars(prometheus_scrape_config=[], prometheus_web_confg={}), unknown='fail')

    assert result['failed'] is True
    assert result['unknown'] == ['prometheus_scrape_config', 'prometheus_web_confg']
    assert result['msg'] == ('prometheus_scrape_config is not a variable of the prometheus role; did you mean '
                             'prometheus_scrape_configs?; prometheus_web_confg is not a variable of the prometheus '
                             'role; did you mean prometheus_web_config?')
    assert 'warnings' not in result


def test_refused_variables_fail_in_one_message_each_with_its_advice():
    result = check(task_vars(prometheus_metrics_path='/metrics', prometheus_agent_mode=True))

    assert result['failed'] is True
    assert result['refused'] == ['prometheus_agent_mode', 'prometheus_metrics_path']
    assert result['msg'] == ('prometheus_agent_mode is not supported here: agent mode is not available, leave the '
                             'variable out; prometheus_metrics_path is not supported here: write the job with its '
                             'metrics_path in prometheus_scrape_configs')
    assert result['unknown'] == []


def test_refused_variables_fail_even_when_unknown_ones_only_warn():
    result = check(task_vars(prometheus_agent_mode=False, prometheus_scrape_config=[]))

    assert result['failed'] is True
    assert result['msg'] == ('prometheus_agent_mode is not supported here: agent mode is not available, '
                             'leave the variable out')
    assert result['warnings'] == ['prometheus_scrape_config is not a variable of the prometheus role; '
                                  'did you mean prometheus_scrape_configs?']


def test_unknown_fail_and_refused_fail_together():
    result = check(task_vars(prometheus_agent_mode=True, prometheus_scrape_config=[]), unknown='fail')

    assert result['msg'].startswith('prometheus_agent_mode is not supported here: ')
    assert result['msg'].endswith('; prometheus_scrape_config is not a variable of the prometheus role; '
                                  'did you mean prometheus_scrape_configs?')


IGNORED = {'prometheus_version': 'prometheus_install_method is package, which never reads it'}


def test_an_ignored_variable_that_is_set_fails_naming_it_with_its_advice():
    result = check(task_vars(prometheus_version='3.3.0', prometheus_scrape_config=[]), ignored=IGNORED)

    assert result['failed'] is True
    assert result['ignored'] == ['prometheus_version']
    assert result['msg'] == 'prometheus_version is set, but prometheus_install_method is package, which never reads it'
    assert result['warnings'] == ['prometheus_scrape_config is not a variable of the prometheus role; '
                                  'did you mean prometheus_scrape_configs?']
    assert '3.3.0' not in json.dumps(result)


def test_an_ignored_variable_that_is_not_set_passes():
    result = check(task_vars(), ignored=IGNORED)

    assert not result.get('failed')
    assert result['ignored'] == []


def test_refused_and_ignored_variables_fail_in_one_message():
    result = check(task_vars(prometheus_version='3.3.0', prometheus_agent_mode=True), ignored=IGNORED)

    assert result['msg'] == ('prometheus_agent_mode is not supported here: agent mode is not available, leave the '
                             'variable out; prometheus_version is set, but prometheus_install_method is package, '
                             'which never reads it')


def test_internal_names_and_other_prefixes_are_never_looked_at():
    result = check(task_vars(__prometheus_server={'flags': {}}, __prometheus_agent_mode=True,
                             _prometheus_repo='prometheus/prometheus', prometheusscrape=1, alertmanager_route={}))

    assert not result.get('failed')
    assert result['unknown'] == [] and result['refused'] == []
    assert 'warnings' not in result


def test_facts_the_role_sets_are_known():
    assert check(task_vars(prometheus_health={'healthy': True}))['unknown'] == []


def test_values_are_never_shown():
    result = check(task_vars(prometheus_web_confg={'basic_auth_users': {'admin': SECRET}},
                             prometheus_agent_mode=SECRET, prometheus_lifecycle_pasword=SECRET), unknown='fail')

    assert result['failed'] is True
    assert result['unknown'] == ['prometheus_lifecycle_pasword', 'prometheus_web_confg']
    assert SECRET not in json.dumps(result)


def test_without_task_variables_nothing_is_found():
    result = check(None)

    assert result['unknown'] == [] and result['refused'] == [] and not result.get('failed')


@pytest.mark.parametrize('args, error', [
    ({'prefix': ''}, 'prefix must not be empty'),
    ({'unknown': 'ignore'}, 'unknown'),
    ({'prefix': None}, 'prefix'),
    ({'refused': ['prometheus_agent_mode']}, 'refused'),
    ({'ignored': 'prometheus_version'}, 'ignored'),
])
def test_wrong_arguments_fail_the_task(args, error):
    with pytest.raises(AnsibleActionFail, match=error):
        check(task_vars(), **args)


# --------------------------------------------------------------------------
# through ansible-playbook
# --------------------------------------------------------------------------

def run_play(tmp_path, host_vars, check_args):
    """ansible-playbook -vvv of one play on localhost, with host_vars in the inventory, whose only task is the
    check."""
    inventory = tmp_path / 'inventory.yml'
    inventory.write_text(yaml.safe_dump({'all': {'hosts': {'localhost': dict(host_vars, ansible_connection='local')}}}))
    play = [{'name': 'Check the variables', 'hosts': 'localhost', 'gather_facts': False,
             'tasks': [{'name': 'Check the prometheus_ variables',
                        'promops.prometheus.variables_check': dict({'prefix': 'prometheus_', 'known': KNOWN,
                                                                    'refused': REFUSED}, **check_args)}]}]
    playbook = tmp_path / 'check.yml'
    playbook.write_text(yaml.safe_dump(play, sort_keys=False))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_PATH), ANSIBLE_NOCOLOR='1',
               ANSIBLE_FORCE_COLOR='0', ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    proc = subprocess.run([str(ANSIBLE_PLAYBOOK), '-i', str(inventory), '-vvv', str(playbook)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    return proc.returncode, ' '.join((proc.stdout + proc.stderr).replace('\\"', '"').split())


def test_a_playbook_warns_about_a_typo_and_goes_on(tmp_path):
    rc, output = run_play(tmp_path, {'prometheus_scrape_config': [{'job_name': SECRET}]}, {})

    assert rc == 0, output
    assert ('[WARNING]: prometheus_scrape_config is not a variable of the prometheus role; '
            'did you mean prometheus_scrape_configs?') in output
    assert SECRET not in output


def test_a_playbook_fails_on_refused_and_unknown_variables_without_showing_values(tmp_path):
    rc, output = run_play(tmp_path, {'prometheus_agent_mode': SECRET, 'prometheus_scrape_config': SECRET},
                          {'unknown': 'fail'})

    assert rc != 0
    assert ('prometheus_agent_mode is not supported here: agent mode is not available, leave the variable out; '
            'prometheus_scrape_config is not a variable of the prometheus role; '
            'did you mean prometheus_scrape_configs?') in output
    assert SECRET not in output


# --------------------------------------------------------------------------
# the roles' refusals
# --------------------------------------------------------------------------

@pytest.mark.parametrize('role', ['prometheus', 'alertmanager'])
def test_the_roles_refuse_only_names_they_do_not_take_each_with_advice(role):
    role_dir = REPO_ROOT / 'roles' / role
    refused = yaml.safe_load((role_dir / 'vars' / 'main' / 'refused.yml').read_text())['__%s_refused' % role]
    options = yaml.safe_load((role_dir / 'meta' / 'argument_specs.yml').read_text())['argument_specs']['main']['options']

    assert refused, role
    assert sorted(set(refused) & set(options)) == []
    assert [name for name in refused if not name.startswith(role + '_')] == []
    assert [name for name, advice in refused.items() if not isinstance(advice, str) or len(advice) < 20] == []
