# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The health and reload playbooks, run by FQCN against real servers on this machine.

Each inventory host is a server started by the fixtures and reached with the
local connection; the roles' `none` install method points them at the suite's
promtool / amtool.
"""

import json
import sys

import pytest

from helpers import check_role, inventory, run_playbook, summary_rows, with_job, write_playbook

# Through the controller (playbooks, action plugins, module defaults): run on every ansible-core.
pytestmark = pytest.mark.controller


def test_health_prints_one_table_and_fails_after_it_when_a_server_is_down(make_server, tmp_path):
    up, down = make_server('prometheus'), make_server('prometheus')
    alertmanager = make_server('alertmanager')
    path = inventory(tmp_path, prometheus=[('prom-up', up), ('prom-down', down)],
                     alertmanager=[('am', alertmanager)])

    healthy = run_playbook('promops.prometheus.health', path)
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    rows = summary_rows(healthy.stdout)
    assert set(rows) == {'prom-up', 'prom-down', 'am'}
    assert rows['prom-up'][2] == up.get('/api/v1/status/buildinfo').json()['data']['version']
    assert rows['am'][2] == alertmanager.status()['versionInfo']['version']
    assert all(row[3:5] == ['True', 'True'] for row in rows.values())
    assert rows['prom-up'][-2:] == ['True', 'loopback'] and rows['am'][-2:] == ['True', 'loopback']
    assert 'All 3 servers are healthy and ready' in healthy.stdout

    down.stop()
    failed = run_playbook('promops.prometheus.health', path)
    assert failed.returncode != 0
    rows = summary_rows(failed.stdout)
    assert rows['prom-down'][3:5] == ['False', 'False'] and rows['prom-up'][3:5] == ['True', 'True']
    assert failed.stdout.index('LAST RELOAD') < failed.stdout.index('1 of 3 servers are not healthy and ready')
    assert 'prom-down (prometheus)' in failed.stdout and 'not reachable' in failed.stdout, failed.stdout


def test_reload_checks_each_host_and_stops_at_the_first_broken_one(make_server, tmp_path):
    first, second = make_server('prometheus'), make_server('prometheus')
    alertmanager = make_server('alertmanager')
    path = inventory(tmp_path, prometheus=[('prom-1', first), ('prom-2', second)],
                     alertmanager=[('am', alertmanager)])
    first.write_config(with_job('node'))
    second.write_config(with_job('node'))

    good = run_playbook('promops.prometheus.reload', path)
    assert good.returncode == 0, good.stdout + good.stderr
    assert first.job_names() == second.job_names() == ['prometheus', 'node']

    broken = with_job('broken')
    broken['scrape_configs'][1]['scrape_intervall'] = '5s'
    first.write_config(broken)
    second.write_config(with_job('blackbox'))
    stopped = run_playbook('promops.prometheus.reload', path)
    assert stopped.returncode != 0
    assert 'field scrape_intervall not found' in stopped.stdout
    # promtool stopped the run at the first host: neither server reloaded.
    assert first.job_names() == second.job_names() == ['prometheus', 'node']
    assert 'prom-2' not in stopped.stdout.split('Check and reload Prometheus')[-1].split('PLAY RECAP')[0]


def test_a_wrong_role_variable_fails_before_anything_runs(tmp_path):
    play = [{'name': 'Deploy with a misspelt choice', 'hosts': 'localhost', 'connection': 'local',
             'gather_facts': False, 'vars': {'ansible_python_interpreter': sys.executable},
             'roles': [{'role': 'promops.prometheus.prometheus', 'prometheus_install_method': 'pip'}]}]

    proc = run_playbook(write_playbook(tmp_path / 'wrong.yml', play))

    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "argument_spec_validation" in output or "Validating arguments against arg spec 'main'" in output
    assert 'prometheus_install_method must be one of: package, binary, none, got: pip' in output
    assert 'ok=1' not in output.split('PLAY RECAP')[-1]


@pytest.mark.parametrize('role, names, refusal', [
    ('alertmanager', {'alertmanager_templates': {'../escape.tmpl': 'a', '.hidden.tmpl': 'b', 'team.tmpl': 'c'}},
     'alertmanager_templates: the names "../escape.tmpl", ".hidden.tmpl" cannot be file names'),
    ('prometheus', {'prometheus_targets': {'../../etc/cron.d/job': [{'targets': ['127.0.0.1:9100']}],
                                           'team': [{'targets': ['127.0.0.1:9100']}]}},
     'prometheus_targets: the names "../../etc/cron.d/job" cannot be file names'),
])
def test_names_that_are_no_file_names_fail_before_anything_runs(tmp_path, role, names, refusal):
    # Check mode and the `none` method: were the refusal missing, nothing would change here either.
    rc, output = check_role(tmp_path, role, 'names', **dict({role + '_install_method': 'none'}, **names))

    assert rc != 0
    assert refusal + ' (empty, a leading dot, a slash or a control character)' in output
    assert '"team' not in output
    assert 'Install, configure and run the server' not in output


@pytest.mark.parametrize('role', ['prometheus', 'alertmanager'])
def test_a_stop_timeout_systemd_cannot_read_fails_before_anything_runs(tmp_path, role):
    rc, output = check_role(tmp_path, role, 'stop', **{role + '_install_method': 'none',
                                                       role + '_stop_timeout': '10 minutes'})

    assert rc != 0
    assert ('%s_stop_timeout must be a systemd time span (600s, 10min, 1h 30min) or infinity, got "10 minutes"'
            % role) in output
    assert 'Install, configure and run the server' not in output


def test_scrape_config_files_on_a_prometheus_older_than_2_43_fail_before_anything_runs(tmp_path):
    (tmp_path / 'jobs.yml').write_text('scrape_configs: []\n')

    rc, output = check_role(tmp_path, 'prometheus', 'scrape', prometheus_install_method='binary',
                            prometheus_version='2.42.0', prometheus_binary_checksum='sha256:' + '0' * 64,
                            prometheus_scrape_config_files=[str(tmp_path / '*.yml')])

    assert rc != 0
    assert ('prometheus_scrape_config_files needs Prometheus 2.43 or later (scrape_config_files); '
            'this host gets 2.42.0') in output
    assert 'Install, configure and run the server' not in output


@pytest.mark.parametrize('role, method, why', [
    ('prometheus', 'package', "the distribution's package is installed, whatever its release"),
    ('alertmanager', 'none', 'the binaries already on the host run as they are'),
])
def test_a_release_pinned_for_the_binary_method_stops_a_run_of_another_method_before_anything_runs(
        tmp_path, role, method, why):
    # An inventory written for prometheus.prometheus pins the release it runs; only the binary method installs it.
    rc, output = check_role(tmp_path, role, 'pinned', **{role + '_install_method': method, role + '_version': '9.9.9'})

    assert rc != 0
    assert ('{0}_version is set, but {0}_install_method is {1}, which never reads it ({2}): set '
            '{0}_install_method: binary to install that release, or leave {0}_version out'
            .format(role, method, why)) in output
    assert 'Install, configure and run the server' not in output


@pytest.mark.parametrize('role, variable, folder, name, globs', [
    ('prometheus', 'prometheus_alert_rules_files', 'files/prometheus/rules', 'node.yml',
     ['prometheus/rules/*.yml', 'prometheus/rules/*.yaml']),
    ('alertmanager', 'alertmanager_template_files', 'alertmanager/templates', 'team.tmpl',
     ['alertmanager/templates/*.tmpl']),
])
def test_files_that_prometheus_prometheus_loads_by_default_stop_the_run_until_the_inventory_names_them(
        tmp_path, role, variable, folder, name, globs):
    # A playbook written for prometheus.prometheus keeps its rule files and templates where that collection's
    # default globs find them; here the variable is empty by default, and they would be left out unseen.
    (tmp_path / folder).mkdir(parents=True)
    (tmp_path / folder / name).write_text('groups: []\n')

    rc, output = check_role(tmp_path, role, **{role + '_install_method': 'none'})
    assert rc != 0
    assert ('%s is empty, but prometheus.prometheus would load %s/%s beside the playbook by its default: set %s to '
            '%s to load them here too, or move them away' % (variable, folder, name, variable, json.dumps(globs))
            ) in output
    assert 'Install, configure and run the server' not in output

    rc, output = check_role(tmp_path, role, **{role + '_install_method': 'none', variable: globs})
    assert 'prometheus.prometheus would load' not in output
    assert 'Install, configure and run the server' in output


def test_target_files_that_no_scrape_job_reads_stop_the_run_until_a_job_reads_them(tmp_path):
    # An inventory written for prometheus.prometheus may leave its node targets to that collection's default
    # `node` job (file_sd/node.yml); the default job here scrapes Prometheus alone, and they would be dropped unseen.
    (tmp_path / 'targets').mkdir()
    (tmp_path / 'targets' / 'blackbox.json').write_text('[]\n')
    targets = {'prometheus_install_method': 'none',
               'prometheus_targets': {'node': [{'targets': ['127.0.0.1:9100']}]},
               'prometheus_static_targets_files': [str(tmp_path / 'targets' / '*.json')]}
    unread = ('no scrape job reads the target files %s (of prometheus_targets or prometheus_static_targets_files): '
              'add a job to prometheus_scrape_configs with file_sd_configs naming them, or leave them out')

    rc, output = check_role(tmp_path, 'prometheus', **targets)
    assert rc != 0
    assert unread % '/etc/prometheus/file_sd/node.yml, /etc/prometheus/file_sd/blackbox.json' in output
    assert 'Install, configure and run the server' not in output

    # A job that names node.yml relative to prometheus.yml reads it; blackbox.json is still left.
    node_job = {'job_name': 'node', 'file_sd_configs': [{'files': ['file_sd/node.yml']}]}
    rc, output = check_role(tmp_path, 'prometheus', **dict(targets, prometheus_scrape_configs=[node_job]))
    assert rc != 0
    assert unread % '/etc/prometheus/file_sd/blackbox.json' in output

    # A scrape configuration file reads it by a glob relative to its own folder (scrape_configs/).
    (tmp_path / 'jobs.yml').write_text(json.dumps(
        {'scrape_configs': [{'job_name': 'blackbox', 'file_sd_configs': [{'files': ['../file_sd/*.json']}]}]}))
    rc, output = check_role(tmp_path, 'prometheus', **dict(targets, prometheus_scrape_configs=[node_job],
                                                           prometheus_scrape_config_files=[str(tmp_path / 'jobs.yml')]))
    assert 'no scrape job reads' not in output
    assert 'Install, configure and run the server' in output
