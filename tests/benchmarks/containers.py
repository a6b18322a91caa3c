# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark container: a systemd container that extensions/demo/up.sh
deployed with the site playbook, under its own name and 127.0.0.1 ports
(tests/benchmarks/run.sh creates and removes it)."""

import os
import subprocess
import time
from pathlib import Path

import requests
import yaml

import benchlib as b

NAME = os.environ.get('PROMOPS_DEMO_NAME', 'promops-bench')
PROMETHEUS_PORT = int(os.environ.get('PROMOPS_DEMO_PROMETHEUS_PORT', 19190))
ALERTMANAGER_PORT = int(os.environ.get('PROMOPS_DEMO_ALERTMANAGER_PORT', 19193))
PROMETHEUS_URL = 'http://127.0.0.1:%d' % PROMETHEUS_PORT
# The demo's own inventory: the container as host `promops-demo`, reached
# through podman exec; PROMOPS_DEMO_NAME names the container.
DEMO_INVENTORY = b.REPO_ROOT / 'extensions' / 'demo' / 'inventory.yml'


def env(extra=None):
    e = b.ansible_env(dict(PROMOPS_DEMO_NAME=NAME, **(extra or {})))
    e.setdefault('CONTAINERS_CONF', str(b.REPO_ROOT / 'tests' / 'containers.conf'))
    return e


def require():
    """Fail early, with the fix, when the container is not there or Prometheus does not answer."""
    running = subprocess.run(['podman', 'container', 'inspect', '--format', '{{.State.Running}}', NAME],
                             capture_output=True, text=True, env=env(), timeout=60, check=False)
    if running.stdout.strip() != 'true':
        raise RuntimeError('container %s is not running; run the benchmark through tests/benchmarks/run.sh, '
                           'which deploys it with extensions/demo/up.sh' % NAME)
    try:
        requests.get(PROMETHEUS_URL + '/-/ready', timeout=5).raise_for_status()
    except requests.RequestException as e:
        raise RuntimeError('Prometheus of %s does not answer at %s: %s' % (NAME, PROMETHEUS_URL, e))


def podman_exec_seconds(n):
    """Wall time of `podman exec NAME true`: the floor of every remote step of a task."""
    times = []
    for _run in range(n):
        t0 = time.monotonic()
        subprocess.run(['podman', 'exec', NAME, 'true'], env=env(), timeout=60, check=True,
                       capture_output=True)
        times.append(time.monotonic() - t0)
    return times


def write_vars(path, variables):
    Path(path).write_text(yaml.safe_dump(variables, sort_keys=False))
    return '@%s' % path
