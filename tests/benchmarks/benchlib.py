# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared helpers of the benchmarks: running Ansible, timing, statistics, reporting.

Benchmarks print figures; they never pass or fail on a measured time. A
benchmark exits non-zero only when it could not measure (a server did not
start, a playbook failed).
"""

import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path.insert(0, str(REPO_ROOT / 'tests' / 'integration'))

from servers import SUITES, Prometheus  # noqa: E402  (real Prometheus processes on free 127.0.0.1 ports)

BIN = Path(sys.executable).parent
PLAYBOOKS = HERE / 'playbooks'
CACHE_DIR = Path(os.environ.get('PROMOPS_CACHE_DIR', Path.home() / '.cache' / 'promops-prometheus'))
RESULTS_DIR = Path(os.environ.get('PROMOPS_BENCH_RESULTS', REPO_ROOT / 'build' / 'benchmarks'))
# Debian suite whose Prometheus the host-side benchmarks start (bookworm: 2.42,
# the version the demo container runs).
SUITE = os.environ.get('PROMOPS_BENCH_SUITE', 'bookworm')
PROMETHEUS_VERSION = SUITES[SUITE][0]
__all__ = ['Prometheus', 'PROMETHEUS_VERSION']
# Bound of any single ansible / ansible-playbook process.
ANSIBLE_TIMEOUT = 600


def runs(default):
    """Repetitions of a benchmark: PROMOPS_BENCH_RUNS overrides the default (e.g. 2 while developing)."""
    return max(1, int(os.environ.get('PROMOPS_BENCH_RUNS', default)))


def ansible_env(extra=None):
    env = dict(os.environ)
    env.setdefault('ANSIBLE_COLLECTIONS_PATH', str(REPO_ROOT / 'build' / 'collections'))
    env.setdefault('ANSIBLE_LOCAL_TEMP', str(CACHE_DIR / 'ansible-tmp'))
    env.update(ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
               ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='false')
    env.update(extra or {})
    return env


class Timed:
    """One finished process: its wall time (s), start (epoch s), output and return code."""

    def __init__(self, cmd, started, wall, proc):
        self.cmd = cmd
        self.started = started
        self.wall = wall
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    def check(self):
        if self.rc != 0:
            raise RuntimeError('%s exited with %d:\n%s\n%s' % (
                ' '.join(self.cmd), self.rc, self.stdout[-4000:], self.stderr[-2000:]))
        return self


def timed(cmd, env=None, timeout=ANSIBLE_TIMEOUT):
    """Run cmd to the end and time the whole process."""
    started = time.time()
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env or ansible_env(), timeout=timeout,
                          check=False)
    return Timed(cmd, started, time.monotonic() - t0, proc)


def ansible(*args, **kwargs):
    return timed([str(BIN / 'ansible')] + list(args), **kwargs)


def playbook(*args, **kwargs):
    return timed([str(BIN / 'ansible-playbook')] + list(args), **kwargs)


RECAP = re.compile(r'^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)'
                   r'\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+)', re.M)


def recap(stdout):
    """PLAY RECAP rows: host -> dict(ok, changed, unreachable, failed, skipped, rescued, ignored)."""
    keys = ('ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored')
    return {m.group(1): dict(zip(keys, map(int, m.groups()[1:]))) for m in RECAP.finditer(stdout)}


# statistics ----------------------------------------------------------------

def median(values):
    return statistics.median(values)


def spread(values, fmt='%.2f'):
    """'median [min-max]' of values."""
    return '%s [%s-%s]' % (fmt % median(values), fmt % min(values), fmt % max(values))


def quartiles(values):
    if len(values) < 4:
        return min(values), max(values)
    q = statistics.quantiles(values, n=4, method='inclusive')
    return q[0], q[2]


def summary(values):
    values = list(values)
    q1, q3 = quartiles(values)
    return dict(n=len(values), median=median(values), min=min(values), max=max(values), q1=q1, q3=q3,
                values=[round(v, 4) for v in values])


def verdict(met):
    return 'target met' if met else 'target missed'


# reporting -----------------------------------------------------------------

def machine():
    """What the figures were measured on."""
    load = os.getloadavg()
    try:
        containers = subprocess.run(['podman', 'ps', '--format', '{{.Names}}'], capture_output=True, text=True,
                                    timeout=30, check=False).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        containers = []
    mem = ''
    try:
        for line in Path('/proc/meminfo').read_text().splitlines():
            if line.startswith('MemTotal:'):
                mem = '%.0f GiB' % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    return dict(cpus=os.cpu_count(), memory=mem, kernel=platform.release(), python=platform.python_version(),
                load_average=[round(x, 2) for x in load], podman_containers=containers,
                ansible_core=_ansible_version(), date=time.strftime('%Y-%m-%d %H:%M:%S %Z'))


def _ansible_version():
    try:
        out = subprocess.run([str(BIN / 'ansible'), '--version'], capture_output=True, text=True, timeout=60,
                             check=False).stdout
        return out.splitlines()[0] if out else ''
    except (OSError, subprocess.TimeoutExpired):
        return ''


def save(name, figures):
    """Write build/benchmarks/<name>.json (figures plus the machine's state) and return it."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    document = dict(benchmark=name, machine=machine(), **figures)
    (RESULTS_DIR / ('%s.json' % name)).write_text(json.dumps(document, indent=2, sort_keys=False) + '\n')
    return document


def say(text=''):
    print(text, flush=True)


def header(name, what):
    say('')
    say('== %s: %s' % (name, what))
    say('   machine: %d cores, load average %s, podman containers: %s' % (
        os.cpu_count(), ' '.join('%.2f' % x for x in os.getloadavg()),
        ', '.join(machine()['podman_containers']) or 'none'))


def stop_on_signals():
    """Turn SIGTERM/SIGHUP into SystemExit so `finally` blocks clean up servers."""
    def handler(signum, frame):
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


def wait_until(predicate, timeout, interval=0.05):
    """Call predicate until it returns something true, at most timeout seconds; return it or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None
