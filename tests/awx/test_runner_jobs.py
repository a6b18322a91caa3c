# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The site and health playbooks as AWX runs them: through ansible-runner, with a project folder.

Runs against the systemd container that extensions/demo/up.sh starts (tests/run.sh does
that first) and checks the job's status, events and artifacts.
"""

import json
import os
import shutil
import sys
from pathlib import Path

import ansible_runner
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
INVENTORY = REPO_ROOT / 'extensions' / 'demo' / 'inventory.yml'


@pytest.fixture(scope='module')
def private_data_dir(tmp_path_factory):
    """A runner folder laid out like an AWX job: project/, inventory/, env/."""
    root = tmp_path_factory.mktemp('runner')
    (root / 'project').mkdir()
    for name in ('site', 'health'):
        (root / 'project' / ('%s.yml' % name)).write_text(
            '---\n- name: Run the collection playbook\n  ansible.builtin.import_playbook: promops.prometheus.%s\n'
            % name)
    (root / 'inventory').mkdir()
    shutil.copy(INVENTORY, root / 'inventory' / 'hosts.yml')
    (root / 'env').mkdir()
    envvars = {
        # ansible-playbook of this Python's environment, as an execution environment has it on PATH.
        'PATH': '%s:%s' % (Path(sys.executable).parent, os.environ.get('PATH', '/usr/bin:/bin')),
        'ANSIBLE_COLLECTIONS_PATH': os.environ.get(
            'ANSIBLE_COLLECTIONS_PATH', str(REPO_ROOT / 'build' / 'collections')),
        'PROMOPS_DEMO_NAME': os.environ.get('PROMOPS_DEMO_NAME', 'promops-demo'),
    }
    if 'CONTAINERS_CONF' in os.environ:
        envvars['CONTAINERS_CONF'] = os.environ['CONTAINERS_CONF']
    (root / 'env' / 'envvars').write_text(json.dumps(envvars))
    return root


def run_job(private_data_dir, playbook):
    return ansible_runner.run(private_data_dir=str(private_data_dir), playbook=playbook, quiet=True,
                              timeout=900)


def test_site_job_succeeds_on_a_converged_host_and_changes_nothing(private_data_dir):
    job = run_job(private_data_dir, 'site.yml')

    assert job.status == 'successful', job.stdout.read()
    assert job.rc == 0
    assert job.stats['failures'] == {} and job.stats['dark'] == {}
    assert job.stats['ok'].get('promops-demo', 0) > 0
    assert job.stats['changed'] == {}
    events = list(job.events)
    assert events[-1]['event'] == 'playbook_on_stats'
    artifacts = Path(job.config.artifact_dir)
    assert (artifacts / 'status').read_text() == 'successful'
    assert any((artifacts / 'job_events').iterdir())


def test_health_job_reports_the_summary_table(private_data_dir):
    job = run_job(private_data_dir, 'health.yml')

    assert job.status == 'successful', job.stdout.read()
    assert job.stats['failures'] == {}
    summary = [e for e in job.events
               if e['event'] == 'runner_on_ok' and e['event_data'].get('task') == 'Show the summary']
    assert len(summary) == 1
    lines = summary[0]['event_data']['res']['msg']
    assert lines[0].split()[:5] == ['HOST', 'SERVICE', 'VERSION', 'HEALTHY', 'READY']
    rows = {tuple(line.split()[:2]): line.split() for line in lines[1:]}
    assert set(rows) == {('promops-demo', 'prometheus'), ('promops-demo', 'alertmanager')}
    assert all(row[3:5] == ['True', 'True'] for row in rows.values())
