# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the integration tests: running modules and playbooks through Ansible,
the products' configurations, and inventories of the servers the fixtures start.

The fixtures are in conftest.py, the server processes in servers.py.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ANSIBLE_TIMEOUT = 180
PLAYBOOK_TIMEOUT = 300


# --------------------------------------------------------------------------
# running Ansible
# --------------------------------------------------------------------------

class Result(dict):
    """A module's result plus how the `ansible` process ended."""

    def __init__(self, rc, data, output):
        super().__init__(data)
        self.rc = rc
        self.output = output

    @property
    def failed(self):
        return self.rc != 0 or self.get('failed', False)


def ansible_env(extra=None):
    env = dict(os.environ, **(extra or {}))
    env.setdefault('ANSIBLE_COLLECTIONS_PATH', str(REPO_ROOT / 'build' / 'collections'))
    # Every target here is this machine, where the default remote_tmp (~/.ansible/tmp) is the home
    # the password database names, whatever HOME and ANSIBLE_HOME say.
    if 'ANSIBLE_HOME' in env:
        env.setdefault('ANSIBLE_REMOTE_TEMP', os.path.join(env['ANSIBLE_HOME'], 'tmp'))
    env.update(ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
               ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_DEPRECATION_WARNINGS='true')
    return env


def no_deprecation_warnings(cmd, output):
    """Every run of the collection's modules and playbooks is free of deprecation warnings."""
    if 'DEPRECATION WARNING' in output:
        raise AssertionError('%s printed a deprecation warning:\n%s' % (' '.join(map(str, cmd)), output))


def _module_command(module, args, check=False):
    cmd = [str(BIN / 'ansible'), 'localhost', '-m', 'promops.prometheus.%s' % module, '-a', json.dumps(args)]
    if check:
        cmd.append('--check')
    return cmd


def _result(cmd, rc, stdout, stderr):
    no_deprecation_warnings(cmd, stdout + stderr)
    marker = stdout.find('=> {')
    if marker < 0:
        raise AssertionError('no module result in the output of %s:\n%s\n%s' % (cmd, stdout, stderr))
    return Result(rc, json.loads(stdout[marker + 3:]), stdout + stderr)


def run_module(module, args, check=False, env=None):
    """Run promops.prometheus.<module> on localhost through `ansible`, as a user would."""
    cmd = _module_command(module, args, check)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ansible_env(env), timeout=ANSIBLE_TIMEOUT,
                          check=False)
    return _result(cmd, proc.returncode, proc.stdout, proc.stderr)


def start_module(module, args):
    """Start a module run in the background; finish it with finish_module()."""
    cmd = _module_command(module, args)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ansible_env())
    proc.cmd = cmd
    return proc


def finish_module(proc):
    stdout, stderr = proc.communicate(timeout=ANSIBLE_TIMEOUT)
    return _result(proc.cmd, proc.returncode, stdout, stderr)


def run_playbook(playbook, inventory=None, extra_vars=None, options=()):
    """Run a playbook (a path, or the FQCN of one of the collection's) with ansible-playbook.

    Without an inventory it runs on localhost through the local connection;
    options are further command-line options (--check, -vvv, ...).
    """
    cmd = [str(BIN / 'ansible-playbook'), str(playbook)] + list(options)
    cmd += ['-i', str(inventory)] if inventory else ['-i', 'localhost,', '-c', 'local']
    if extra_vars:
        cmd += ['-e', json.dumps(extra_vars)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ansible_env(), timeout=PLAYBOOK_TIMEOUT,
                          check=False)
    no_deprecation_warnings(cmd, proc.stdout + proc.stderr)
    return proc


def write_playbook(path, plays):
    path.write_text(yaml.safe_dump(plays, sort_keys=False))
    return path


def one_line(proc):
    """A playbook run's stdout and stderr as one line of single-spaced words, its messages' quotes unescaped
    (ansible-core 2.16 prints a failure's message as JSON, with its quotes escaped)."""
    return ' '.join((proc.stdout + proc.stderr).replace('\\"', '"').split())


def check_role(tmp_path, role, name='deploy', **role_vars):
    """(return code, one_line output) of `ansible-playbook --check` of a play, written to tmp_path/<name>.yml,
    that applies promops.prometheus.<role> with role_vars to localhost through the local connection."""
    play = [{'name': 'Deploy with %s' % name, 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
             'vars': {'ansible_python_interpreter': sys.executable},
             'roles': [dict({'role': 'promops.prometheus.' + role}, **role_vars)]}]
    proc = run_playbook(write_playbook(tmp_path / ('%s.yml' % name), play), options=['--check'])
    return proc.returncode, one_line(proc)


# --------------------------------------------------------------------------
# configurations
# --------------------------------------------------------------------------

def with_job(name, **global_settings):
    """A Prometheus configuration with the job `prometheus` (the servers' default) and one more."""
    return {
        'global': dict({'scrape_interval': '15s'}, **global_settings),
        'scrape_configs': [
            {'job_name': 'prometheus', 'static_configs': [{'targets': ['127.0.0.1:1']}]},
            {'job_name': name, 'static_configs': [{'targets': ['127.0.0.1:2']}]},
        ],
    }


def with_receiver(name, receiver_for_route=None, templates=None):
    """An Alertmanager configuration with the receiver `default` (the servers' default) and one more."""
    config = {
        'route': {'receiver': receiver_for_route or name, 'group_by': ['alertname']},
        'receivers': [{'name': 'default'}, {'name': name, 'webhook_configs': [{'url': 'http://127.0.0.1:1/hook'}]}],
    }
    if templates:
        config['templates'] = templates
    return config


def scrape_jobs(server):
    return server.job_names()


def routing(server):
    config = server.loaded_config()
    return config['route']['receiver'], [receiver['name'] for receiver in config['receivers']]


# --------------------------------------------------------------------------
# the products
# --------------------------------------------------------------------------

class Product:
    """What the integration tests know about one product.

    loaded(server) sums up the configuration the server runs: it equals
    loaded_before on a fresh server and loaded_after once changed_config is live;
    broken_config is refused with broken_error.
    """

    def __init__(self, key, name, module, suite_index, changed_config, loaded, loaded_before, loaded_after,
                 broken_config, broken_error):
        self.key = key
        self.name = name
        self.module = module
        self.suite_index = suite_index
        self.success_metric = '%s_config_last_reload_successful' % key
        self.timestamp_metric = '%s_config_last_reload_success_timestamp_seconds' % key
        self.changed_config = changed_config
        self.loaded = loaded
        self.loaded_before = loaded_before
        self.loaded_after = loaded_after
        self.broken_config = broken_config
        self.broken_error = broken_error

    def __repr__(self):
        return self.key


def _misspelt_job():
    config = with_job('node')
    config['scrape_configs'][1]['scrape_intervall'] = '5s'
    return config


PROMETHEUS = Product(
    key='prometheus',
    name='Prometheus',
    module='prometheus_lifecycle',
    suite_index=0,
    changed_config=with_job('node'),
    loaded=scrape_jobs,
    loaded_before=['prometheus'],
    loaded_after=['prometheus', 'node'],
    broken_config=_misspelt_job(),
    broken_error='field scrape_intervall not found',
)

ALERTMANAGER = Product(
    key='alertmanager',
    name='Alertmanager',
    module='alertmanager_lifecycle',
    suite_index=1,
    changed_config=with_receiver('team-a'),
    loaded=routing,
    loaded_before=('default', ['default']),
    loaded_after=('team-a', ['default', 'team-a']),
    broken_config=with_receiver('team-a', receiver_for_route='nosuch'),
    broken_error='undefined receiver "nosuch" used in route',
)

PRODUCTS = (PROMETHEUS, ALERTMANAGER)


# --------------------------------------------------------------------------
# inventories and playbook output
# --------------------------------------------------------------------------

def inventory(tmp_path, prometheus=(), alertmanager=()):
    """An inventory of (name, server) pairs per group, each host reached through the local connection.

    The roles' `none` install method points them at the suite's promtool / amtool.
    """
    def host(server, role):
        return {
            '%s_install_method' % role: 'none',
            '%s_binary_install_dir' % role: str(server.root / 'usr' / 'bin'),
            '%s_config_dir' % role: str(server.workdir),
            '%s_web_listen_address' % role: '127.0.0.1:%d' % server.port,
        }

    document = {'all': {
        'vars': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                 'ansible_become': False},
        'children': {
            'prometheus': {'hosts': {name: host(s, 'prometheus') for name, s in prometheus}},
            'alertmanager': {'hosts': {name: host(s, 'alertmanager') for name, s in alertmanager}},
        },
    }}
    path = tmp_path / 'inventory.yml'
    path.write_text(yaml.safe_dump(document))
    return path


def summary_rows(stdout):
    """The rows of the health playbook's table, keyed by host."""
    rows = {}
    for line in stdout.splitlines():
        words = line.strip().strip('",').split()
        if len(words) >= 7 and words[1] in ('prometheus', 'alertmanager'):
            rows[words[0]] = words
    return rows
