# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleet: the health playbook across 50 real Prometheus processes on 127.0.0.1
ports (one inventory host each, local connection, the role's `none` install
method), with forks 10 and forks 50 run alternately. Figures: wall time of the
whole playbook and per host, and the ratio forks 50 / forks 10.

The servers are started and stopped within bounded times, and all of them are
stopped at the end, also on an error or SIGTERM; their process ids are kept in
build/benchmarks/fleet.pids meanwhile, so the runner can stop them if this
process is killed outright.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

import requests
import yaml

import benchlib as b

NAME = 'fleet_health'
HOSTS = int(os.environ.get('PROMOPS_BENCH_FLEET', 50))
FORKS = (10, 50)
START_TIMEOUT = 120
PIDS_FILE = b.RESULTS_DIR / 'fleet.pids'


def inventory(tmp, fleet):
    hosts = {}
    for i, server in enumerate(fleet):
        hosts['prom-%02d' % i] = {
            'prometheus_install_method': 'none',
            'prometheus_binary_install_dir': str(server.root / 'usr' / 'bin'),
            'prometheus_config_dir': str(server.workdir),
            'prometheus_web_listen_address': '127.0.0.1:%d' % server.port,
        }
    document = {'all': {
        'vars': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                 'ansible_become': False},
        'children': {'prometheus': {'hosts': hosts}, 'alertmanager': {'hosts': {}}},
    }}
    path = Path(tmp) / 'inventory.yml'
    path.write_text(yaml.safe_dump(document))
    return path


def start_fleet(tmp, fleet):
    """Start HOSTS servers without waiting, then wait until all are ready (bounded)."""
    PIDS_FILE.parent.mkdir(parents=True, exist_ok=True)
    for i in range(HOSTS):
        server = b.Prometheus(b.SUITE, Path(tmp) / ('prom-%02d' % i))
        fleet.append(server)
        server.start(wait=False)
        PIDS_FILE.write_text(''.join('%d\n' % s.proc.pid for s in fleet))
    session = requests.Session()
    deadline = time.monotonic() + START_TIMEOUT
    waiting = list(fleet)
    while waiting and time.monotonic() < deadline:
        for server in list(waiting):
            if server.proc.poll() is not None:
                raise RuntimeError('a Prometheus exited at start:\n%s' % server.log_text())
            try:
                if session.get(server.url + '/-/ready', timeout=1).status_code == 200:
                    waiting.remove(server)
            except requests.RequestException:
                pass
        time.sleep(0.2)
    if waiting:
        raise RuntimeError('%d of %d Prometheus not ready after %d s' % (len(waiting), HOSTS, START_TIMEOUT))


def stop_fleet(fleet):
    # SIGTERM to all first, then wait for each (bounded in servers.Server.stop).
    for server in fleet:
        if server.proc and server.proc.poll() is None:
            try:
                os.killpg(server.proc.pid, 15)
            except ProcessLookupError:
                pass
    for server in fleet:
        server.stop()
    if all(s.proc is None or s.proc.poll() is not None for s in fleet) and PIDS_FILE.exists():
        PIDS_FILE.unlink()


def main():
    b.stop_on_signals()
    n = b.runs(3)
    b.header(NAME, 'playbook promops.prometheus.health across %d real Prometheus on 127.0.0.1, forks %s'
             % (HOSTS, ' and '.join(map(str, FORKS))))
    times = {f: [] for f in FORKS}
    tasks = {}
    fleet = []
    with tempfile.TemporaryDirectory(prefix='promops-bench-fleet-') as tmp:
        try:
            t0 = time.monotonic()
            start_fleet(tmp, fleet)
            b.say('   %d Prometheus %s ready in %.1f s' % (HOSTS, b.PROMETHEUS_VERSION, time.monotonic() - t0))
            path = inventory(tmp, fleet)
            for i in range(n):
                order = FORKS if i % 2 == 0 else tuple(reversed(FORKS))
                for forks in order:
                    run = b.playbook('promops.prometheus.health', '-i', str(path), '--forks', str(forks)).check()
                    if 'All %d servers are healthy and ready' % HOSTS not in run.stdout:
                        raise RuntimeError('health did not report all servers healthy:\n%s' % run.stdout[-3000:])
                    rows = b.recap(run.stdout)
                    tasks[forks] = sum(r['ok'] + r['changed'] for r in rows.values())
                    times[forks].append(run.wall)
                b.say('   run %d/%d: %s' % (i + 1, n, ', '.join(
                    'forks %d %.1f s' % (f, times[f][-1]) for f in FORKS)))
        finally:
            stop_fleet(fleet)

    for forks in FORKS:
        per_host = [t / HOSTS for t in times[forks]]
        b.say('   forks %2d: %s s for %d hosts, %s s per host (%d tasks ran)' % (
            forks, b.spread(times[forks], '%.1f'), HOSTS, b.spread(per_host, '%.3f'), tasks[forks]))
    ratio = b.median(times[FORKS[1]]) / b.median(times[FORKS[0]])
    b.say('   ratio forks %d / forks %d = %.2f, %d runs each' % (FORKS[1], FORKS[0], ratio, n))
    b.save(NAME, dict(
        what='wall time of ansible-playbook promops.prometheus.health across %d Prometheus processes' % HOSTS,
        prometheus=b.PROMETHEUS_VERSION, hosts=HOSTS, runs=n, ratio_forks50_forks10=round(ratio, 4),
        forks={str(f): dict(wall_s=b.summary(times[f]), per_host_s=b.summary([t / HOSTS for t in times[f]]),
                            tasks=tasks[f]) for f in FORKS}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
