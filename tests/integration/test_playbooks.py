# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The health and reload playbooks, run by FQCN against real servers on this machine.

Each inventory host is a server started by the fixtures and reached with the
local connection; the roles' `none` install method points them at the suite's
promtool / amtool.
"""

import subprocess
import sys

import yaml

from conftest import BIN, ansible_env
from test_prometheus_lifecycle import with_job


def inventory(tmp_path, prometheus=(), alertmanager=()):
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


def playbook(name, inventory_path, *extra):
    cmd = [str(BIN / 'ansible-playbook'), 'promops.prometheus.%s' % name, '-i', str(inventory_path)] + list(extra)
    return subprocess.run(cmd, capture_output=True, text=True, env=ansible_env(), timeout=300, check=False)


def summary_rows(stdout):
    """The rows of the health table, keyed by host."""
    rows = {}
    for line in stdout.splitlines():
        words = line.strip().strip('",').split()
        if len(words) >= 7 and words[1] in ('prometheus', 'alertmanager'):
            rows[words[0]] = words
    return rows


def test_health_prints_one_table_and_fails_after_it_when_a_server_is_down(
        make_prometheus, make_alertmanager, tmp_path):
    up, down = make_prometheus(), make_prometheus()
    alertmanager = make_alertmanager()
    path = inventory(tmp_path, prometheus=[('prom-up', up), ('prom-down', down)],
                     alertmanager=[('am', alertmanager)])

    healthy = playbook('health', path)
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    rows = summary_rows(healthy.stdout)
    assert set(rows) == {'prom-up', 'prom-down', 'am'}
    assert rows['prom-up'][2] == up.get('/api/v1/status/buildinfo').json()['data']['version']
    assert rows['am'][2] == alertmanager.status()['versionInfo']['version']
    assert all(row[3:5] == ['True', 'True'] for row in rows.values())
    assert rows['prom-up'][-1] == 'True' and rows['am'][-1] == 'True'
    assert 'All 3 servers are healthy and ready' in healthy.stdout

    down.stop()
    failed = playbook('health', path)
    assert failed.returncode != 0
    rows = summary_rows(failed.stdout)
    assert rows['prom-down'][3:5] == ['False', 'False'] and rows['prom-up'][3:5] == ['True', 'True']
    assert failed.stdout.index('LAST RELOAD') < failed.stdout.index('1 of 3 servers are not healthy and ready')
    assert 'prom-down (prometheus)' in failed.stdout and 'not reachable' in failed.stdout, failed.stdout


def test_reload_checks_each_host_and_stops_at_the_first_broken_one(make_prometheus, make_alertmanager, tmp_path):
    first, second = make_prometheus(), make_prometheus()
    alertmanager = make_alertmanager()
    path = inventory(tmp_path, prometheus=[('prom-1', first), ('prom-2', second)],
                     alertmanager=[('am', alertmanager)])
    first.write_config(with_job('node'))
    second.write_config(with_job('node'))

    good = playbook('reload', path)
    assert good.returncode == 0, good.stdout + good.stderr
    assert first.job_names() == second.job_names() == ['prometheus', 'node']

    broken = with_job('broken')
    broken['scrape_configs'][1]['scrape_intervall'] = '5s'
    first.write_config(broken)
    second.write_config(with_job('blackbox'))
    stopped = playbook('reload', path)
    assert stopped.returncode != 0
    assert 'field scrape_intervall not found' in stopped.stdout
    # promtool stopped the run at the first host: neither server reloaded.
    assert first.job_names() == second.job_names() == ['prometheus', 'node']
    assert 'prom-2' not in stopped.stdout.split('Check and reload Prometheus')[-1].split('PLAY RECAP')[0]


def test_a_wrong_role_variable_fails_before_anything_runs(tmp_path):
    play = [{'name': 'Deploy with a misspelt choice', 'hosts': 'localhost', 'connection': 'local',
             'gather_facts': False, 'vars': {'ansible_python_interpreter': sys.executable},
             'roles': [{'role': 'promops.prometheus.prometheus', 'prometheus_install_method': 'pip'}]}]
    path = tmp_path / 'wrong.yml'
    path.write_text(yaml.safe_dump(play))

    proc = subprocess.run([str(BIN / 'ansible-playbook'), str(path)], capture_output=True, text=True,
                          env=ansible_env(), timeout=300, check=False)

    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "argument_spec_validation" in output or "Validating arguments against arg spec 'main'" in output
    assert 'prometheus_install_method must be one of: package, binary, none, got: pip' in output
    assert 'ok=1' not in output.split('PLAY RECAP')[-1]
