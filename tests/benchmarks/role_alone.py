# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Prometheus role alone, over the podman connection and over SSH with
pipelining, on one systemd container of its own (promops-bench-role, Debian 12
image localhost/promops-debian:bookworm).

The container is prepared once: systemd booted, openssh-server installed and
listening on port 22, published on a free 127.0.0.1 port, with a key the
benchmark generates into build/benchmarks/role_alone/. The role installs
Prometheus 3.5 with the `binary` method from a release archive shaped like
upstream's, built here from Debian sid's build (tests/scripts/fetch-servers.sh).
A first converge run over podman (not counted) installs everything.

Figures, each over both connections, interleaved (the order swaps every run):
  (a) re-run: the role on the same variables, nothing to change (changed=0
      is checked);
  (b) scrape-job change: one scrape job renamed (two names, alternately), so
      prometheus.yml changes and the role reloads Prometheus through its API;
      the new job is checked in /api/v1/status/config, read inside the
      container through `podman exec ... python3`.
Wall time of the whole ansible-playbook process. Targets: re-run <= 12 s and
change <= 14 s over podman; change over SSH < 8.0 s, half of the
prometheus-community prometheus.prometheus role's 16.1-16.4 s there.
"""

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import yaml

import benchlib as b
from servers import free_port

NAME = 'role_alone'
CONTAINER = os.environ.get('PROMOPS_BENCH_ROLE_CONTAINER', 'promops-bench-role')
IMAGE = 'localhost/promops-debian:bookworm'
SID_BIN = b.CACHE_DIR / 'servers' / 'sid' / 'usr' / 'bin'
WORK = b.RESULTS_DIR / NAME
CONTROL_DIR = WORK / 'cp'
KEY = WORK / 'id_ed25519'
PLAYBOOK = b.PLAYBOOKS / 'role-alone.yml'
CONNECTIONS = ('podman', 'ssh')
HOSTS = {'podman': 'role-podman', 'ssh': 'role-ssh'}
JOBS = ('bench_a', 'bench_b')
FIGURES = ('rerun', 'change')
LABELS = {'rerun': 're-run', 'change': 'scrape-job change'}
# (figure, connection) -> (bound s, inclusive)
TARGETS = {('rerun', 'podman'): (12.0, True), ('change', 'podman'): (14.0, True), ('change', 'ssh'): (8.0, False)}
# The prometheus-community prometheus.prometheus role, the same runs over SSH on this machine kind.
REFERENCE_SSH = {'rerun': (15.4, 15.9), 'change': (16.1, 16.4)}
SSH_ARGS = ('-o ControlMaster=auto -o ControlPersist=60s '
            '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null')
BOOT_TIMEOUT = 120
APT_TIMEOUT = 600
SSH_TIMEOUT = 60
LIVE_TIMEOUT = 30


# the container -------------------------------------------------------------

def podman_env():
    env = dict(os.environ)
    env.setdefault('CONTAINERS_CONF', str(b.REPO_ROOT / 'tests' / 'containers.conf'))
    return env


def podman(*args, timeout=60, stdin=None, check=True):
    proc = subprocess.run(['podman'] + list(args), input=stdin, capture_output=True, text=True, env=podman_env(),
                          timeout=timeout, check=False)
    if check and proc.returncode != 0:
        raise RuntimeError('podman %s exited with %d: %s' % (' '.join(args[:3]), proc.returncode,
                                                             (proc.stderr or proc.stdout)[-2000:]))
    return proc


def in_container(script, timeout=60, stdin=None, check=True):
    return podman('exec', '-i', CONTAINER, 'sh', '-c', script, timeout=timeout, stdin=stdin, check=check)


def remove_container():
    if podman('container', 'exists', CONTAINER, check=False).returncode == 0:
        podman('rm', '--force', '--time', '5', CONTAINER, timeout=120, check=False)


def start_container(ssh_port):
    if podman('image', 'exists', IMAGE, check=False).returncode != 0:
        raise RuntimeError('image %s is missing; build it with PROMOPS_IMAGE_SUITES=bookworm bash '
                           'tests/scripts/build-images.sh' % IMAGE)
    remove_container()
    podman('run', '--detach', '--name', CONTAINER, '--hostname', CONTAINER, '--systemd=always',
           '--publish', '127.0.0.1:%d:22' % ssh_port, IMAGE, '/sbin/init', timeout=120)

    def booted():
        state = podman('exec', CONTAINER, 'systemctl', 'is-system-running', timeout=30, check=False).stdout.strip()
        return state if state in ('running', 'degraded') else None
    state = b.wait_until(booted, BOOT_TIMEOUT, 1.0)
    if not state:
        raise RuntimeError('systemd in %s did not boot within %d s' % (CONTAINER, BOOT_TIMEOUT))
    if in_container('command -v python3', check=False).returncode != 0:
        raise RuntimeError('%s has no python3' % CONTAINER)
    return state


SSHD_DROP_IN = '''# promops benchmark: root logs in with the benchmark's key only
Port 22
ListenAddress 0.0.0.0
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
'''


def setup_ssh():
    """openssh-server in the container, the benchmark's key for root."""
    KEY.unlink(missing_ok=True)
    Path(str(KEY) + '.pub').unlink(missing_ok=True)
    subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'promops-bench-role', '-f', str(KEY)],
                   check=True, timeout=30, capture_output=True)
    install = in_container('export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && '
                           'apt-get install -y -qq --no-install-recommends openssh-server >/dev/null',
                           timeout=APT_TIMEOUT, check=False)
    if install.returncode != 0:
        raise RuntimeError('openssh-server did not install in %s:\n%s' % (CONTAINER, install.stderr[-2000:]))
    in_container('cat > /etc/ssh/sshd_config.d/promops-bench.conf', stdin=SSHD_DROP_IN)
    in_container('mkdir -p -m 0700 /root/.ssh && cat > /root/.ssh/authorized_keys && '
                 'chmod 0600 /root/.ssh/authorized_keys', stdin=Path(str(KEY) + '.pub').read_text())
    in_container('sshd -t && systemctl enable --quiet ssh && systemctl restart ssh', timeout=60)


def ssh_command(port, *args, control=None):
    cmd = ['ssh', '-i', str(KEY), '-p', str(port), '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5',
           '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR']
    if control:
        cmd += ['-o', 'ControlMaster=auto', '-o', 'ControlPersist=60s', '-o', 'ControlPath=%s' % control]
    return cmd + ['root@127.0.0.1'] + list(args)


def wait_ssh(port):
    def login():
        proc = subprocess.run(ssh_command(port, 'true'), capture_output=True, text=True, timeout=15, check=False)
        return proc.returncode == 0
    if not b.wait_until(login, SSH_TIMEOUT, 1.0):
        raise RuntimeError('no SSH login to root@127.0.0.1:%d (%s) within %d s' % (port, CONTAINER, SSH_TIMEOUT))


def close_ssh_masters():
    """Stop the ControlPersist masters (Ansible's and this script's) under CONTROL_DIR."""
    if not CONTROL_DIR.is_dir():
        return
    for sock in CONTROL_DIR.iterdir():
        subprocess.run(['ssh', '-o', 'ControlPath=%s' % sock, '-O', 'exit', 'promops-bench-role'],
                       capture_output=True, timeout=10, check=False)


# the release archive -------------------------------------------------------

def prometheus_version():
    binary = SID_BIN / 'prometheus'
    if not (binary.is_file() and (SID_BIN / 'promtool').is_file()):
        raise RuntimeError('%s is missing; run PROMOPS_SUITES=sid bash tests/scripts/fetch-servers.sh' % binary)
    out = subprocess.run([str(binary), '--version'], capture_output=True, text=True, timeout=30, check=False)
    m = re.search(r'version (\d+\.\d+\.\d+)', out.stdout + out.stderr)
    if not m:
        raise RuntimeError('no version in `prometheus --version`: %s' % (out.stdout + out.stderr)[:300])
    return m.group(1)


def release_archive(version):
    """prometheus-VERSION.linux-amd64.tar.gz with prometheus and promtool in a folder of that name, byte for
    byte the same every time it is built (so a re-run finds it unchanged); kept in WORK between runs."""
    folder = 'prometheus-%s.linux-amd64' % version
    path = WORK / ('%s.tar.gz' % folder)
    sources = [SID_BIN / 'prometheus', SID_BIN / 'promtool']
    newest = max(s.stat().st_mtime for s in sources)
    if path.is_file() and path.stat().st_mtime >= newest:
        return path, False
    partial = path.with_suffix('.partial')
    with open(partial, 'wb') as raw, gzip.GzipFile(filename='', fileobj=raw, mode='wb', compresslevel=6,
                                                   mtime=0) as gz, tarfile.open(fileobj=gz, mode='w') as tar:
        tar.addfile(_member(folder + '/', tarfile.DIRTYPE, 0o755, int(newest)))
        for source in sources:
            member = _member('%s/%s' % (folder, source.name), tarfile.REGTYPE, 0o755, int(newest))
            member.size = source.stat().st_size
            with open(source, 'rb') as f:
                tar.addfile(member, f)
    partial.rename(path)
    return path, True


def _member(name, kind, mode, mtime):
    member = tarfile.TarInfo(name)
    member.type, member.mode, member.mtime = kind, mode, mtime
    member.uid = member.gid = 0
    member.uname = member.gname = 'root'
    return member


# the runs ------------------------------------------------------------------

def write_inventory(ssh_port):
    document = {'all': {
        'vars': {'ansible_python_interpreter': '/usr/bin/python3'},
        'children': {'prometheus': {'hosts': {
            # No ansible_user over podman: the container's own user is root, and
            # a user would add a chown after every file transfer.
            HOSTS['podman']: {'ansible_connection': 'containers.podman.podman', 'ansible_host': CONTAINER},
            HOSTS['ssh']: {'ansible_connection': 'ssh', 'ansible_host': '127.0.0.1', 'ansible_port': ssh_port,
                           'ansible_user': 'root', 'ansible_ssh_private_key_file': str(KEY)},
        }}}}}
    path = WORK / 'inventory.yml'
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def write_vars(version, archive):
    """One extra-vars file per scrape-job name: job name -> '@path'."""
    files = {}
    for job in JOBS:
        variables = {
            'prometheus_install_method': 'binary',
            'prometheus_version': version,
            'prometheus_binary_local_archive': str(archive),
            'prometheus_scrape_configs': [
                {'job_name': 'prometheus', 'static_configs': [{'targets': ['127.0.0.1:9090']}]},
                {'job_name': job, 'static_configs': [{'targets': ['127.0.0.1:9100']}]},
            ],
        }
        path = WORK / ('vars-%s.yml' % job)
        path.write_text(yaml.safe_dump(variables, sort_keys=False))
        files[job] = '@%s' % path
    return files


def connection_env(connection):
    extra = {'CONTAINERS_CONF': podman_env()['CONTAINERS_CONF']}
    if connection == 'ssh':
        extra.update(ANSIBLE_PIPELINING='1', ANSIBLE_SSH_ARGS=SSH_ARGS, ANSIBLE_SSH_CONTROL_PATH_DIR=str(CONTROL_DIR),
                     ANSIBLE_HOST_KEY_CHECKING='False')
    return b.ansible_env(extra)


def play(connection, inventory, vars_file):
    run = b.playbook(str(PLAYBOOK), '-i', str(inventory), '-l', HOSTS[connection], '-e', vars_file,
                     env=connection_env(connection)).check()
    row = b.recap(run.stdout).get(HOSTS[connection])
    if row is None:
        raise RuntimeError('no recap for %s in:\n%s' % (HOSTS[connection], run.stdout[-3000:]))
    return run, row


STATUS_SCRIPT = r'''
import json, urllib.request
def get(path):
    with urllib.request.urlopen("http://127.0.0.1:9090" + path, timeout=5) as r:
        return json.load(r)["data"]
print(json.dumps({"yaml": get("/api/v1/status/config")["yaml"], "runtime": get("/api/v1/status/runtimeinfo")}))
'''


def server_status():
    """(scrape job names, runtime info) of the Prometheus in the container, or None when it does not answer."""
    proc = podman('exec', CONTAINER, 'python3', '-c', STATUS_SCRIPT, timeout=30, check=False)
    if proc.returncode != 0:
        return None
    try:
        data = json.loads(proc.stdout)
        jobs = [s['job_name'] for s in yaml.safe_load(data['yaml']).get('scrape_configs') or []]
    except (ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError):
        return None
    return jobs, data['runtime']


def wait_live(job, old):
    """Bounded wait until `job` is in the loaded configuration and `old` is not; (status, seconds waited)."""
    t0 = time.monotonic()

    def live():
        status = server_status()
        return status if status and job in status[0] and old not in status[0] else None
    status = b.wait_until(live, LIVE_TIMEOUT, 0.2)
    if not status:
        last = server_status()
        raise RuntimeError('scrape job %s is not in /api/v1/status/config of %s after %d s (jobs: %s)' % (
            job, CONTAINER, LIVE_TIMEOUT, last[0] if last else 'no answer'))
    return status, time.monotonic() - t0


def round_trips(ssh_port, n=7):
    """Floors of one remote step: `podman exec true` and `ssh true` over a persistent master."""
    podman_s, ssh_s = [], []
    control = CONTROL_DIR / 'rtt'
    for _run in range(n):
        t0 = time.monotonic()
        podman('exec', CONTAINER, 'true', timeout=30)
        podman_s.append(time.monotonic() - t0)
        t0 = time.monotonic()
        subprocess.run(ssh_command(ssh_port, 'true', control=control), capture_output=True, timeout=30, check=True)
        ssh_s.append(time.monotonic() - t0)
    return podman_s[1:], ssh_s[1:]   # the first ssh opens the master


def git_state():
    def git(*args):
        return subprocess.run(['git', '-C', str(b.REPO_ROOT)] + list(args), capture_output=True, text=True,
                              timeout=30, check=False).stdout.rstrip('\n')
    return dict(commit=git('rev-parse', 'HEAD'), roles_uncommitted=git('status', '--short', 'roles').splitlines(),
                roles_modified=_newest_mtime(b.REPO_ROOT / 'roles'))


def _newest_mtime(folder):
    """Time of the newest change of a file under folder (catches edits that git status shows the same)."""
    newest = 0
    for path in folder.rglob('*'):
        try:
            newest = max(newest, path.lstat().st_mtime)
        except OSError:
            pass
    return time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(newest)) if newest else ''


# main ----------------------------------------------------------------------

def measure(n, inventory, vars_files):
    """n interleaved rounds; returns walls[figure][connection], recaps[figure][connection], checks."""
    walls = {f: {c: [] for c in CONNECTIONS} for f in FIGURES}
    recaps = {f: {c: [] for c in CONNECTIONS} for f in FIGURES}
    checks = dict(rerun_changed=[], change_reloaded=[], change_restarted=[], change_live_wait_s=[])
    current = JOBS[0]
    for i in range(n):
        order = CONNECTIONS if i % 2 == 0 else tuple(reversed(CONNECTIONS))
        line = []
        for connection in order:
            run, row = play(connection, inventory, vars_files[current])
            walls['rerun'][connection].append(run.wall)
            recaps['rerun'][connection].append(row)
            checks['rerun_changed'].append(row['changed'])
            line.append('%s %.1f s ok=%d changed=%d%s' % (connection, run.wall, row['ok'], row['changed'],
                                                          '' if row['changed'] == 0 else ' NOT IDEMPOTENT'))
        b.say('   run %d/%d re-run (%s): %s' % (i + 1, n, current, '; '.join(line)))
        line = []
        for connection in order:
            new = JOBS[1] if current == JOBS[0] else JOBS[0]
            before = server_status()
            run, row = play(connection, inventory, vars_files[new])
            (jobs, runtime), waited = wait_live(new, current)
            restarted = bool(before) and runtime.get('startTime') != before[1].get('startTime')
            reloaded = (not restarted and bool(before)
                        and runtime.get('lastConfigTime') != before[1].get('lastConfigTime'))
            walls['change'][connection].append(run.wall)
            recaps['change'][connection].append(row)
            checks['change_reloaded'].append(reloaded)
            checks['change_restarted'].append(restarted)
            checks['change_live_wait_s'].append(round(waited, 2))
            line.append('%s %.1f s ok=%d changed=%d, %s live%s' % (
                connection, run.wall, row['ok'], row['changed'], new,
                ', restarted' if restarted else (', reloaded' if reloaded else ', NOT reloaded')))
            current = new
        b.say('   run %d/%d change: %s' % (i + 1, n, '; '.join(line)))
    return walls, recaps, checks


def target_text(figure, connection, value):
    bound, inclusive = TARGETS[(figure, connection)]
    met = value <= bound if inclusive else value < bound
    comparison = '<=' if inclusive else '<'
    return met, '%s over %s %s %.1f s: %s' % (LABELS[figure], connection, comparison, bound, b.verdict(met))


def report(n, walls, recaps, checks, rtt):
    for figure in FIGURES:
        w = walls[figure]
        b.say('   %-17s podman %s s, ssh %s s; ratio podman/ssh %.2f (medians), %d runs each' % (
            LABELS[figure] + ':', b.spread(w['podman'], '%.1f'), b.spread(w['ssh'], '%.1f'),
            b.median(w['podman']) / b.median(w['ssh']), n))
    b.say('   floor of one remote step: `podman exec true` %s s, `ssh true` over a persistent master %s s' % (
        b.spread(rtt[0], '%.3f'), b.spread(rtt[1], '%.3f')))
    tasks = {f: b.median([r['ok'] for c in CONNECTIONS for r in recaps[f][c]]) for f in FIGURES}
    skipped = {f: b.median([r['skipped'] for c in CONNECTIONS for r in recaps[f][c]]) for f in FIGURES}
    changed = b.median([r['changed'] for c in CONNECTIONS for r in recaps['change'][c]])
    per_task = {(f, c): b.median(walls[f][c]) / tasks[f] for f in FIGURES for c in CONNECTIONS}
    b.say('   profile: the re-run ran %d tasks (skipped %d), the change run %d (changed %d, handlers included; '
          'skipped %d); seconds per task that ran: re-run podman %.2f / ssh %.2f, change podman %.2f / ssh %.2f' % (
              tasks['rerun'], skipped['rerun'], tasks['change'], changed, skipped['change'],
              per_task[('rerun', 'podman')], per_task[('rerun', 'ssh')], per_task[('change', 'podman')],
              per_task[('change', 'ssh')]))
    verdicts = {}
    texts = []
    for (figure, connection) in TARGETS:
        met, text = target_text(figure, connection, b.median(walls[figure][connection]))
        verdicts['%s_%s' % (figure, connection)] = met
        texts.append(text)
    b.say('   targets (medians): %s' % '; '.join(texts))
    vs = {}
    for figure in FIGURES:
        low, high = REFERENCE_SSH[figure]
        vs[figure] = b.median(walls[figure]['ssh']) / ((low + high) / 2)
    b.say('   over SSH against prometheus.prometheus (%.1f-%.1f s re-run, %.1f-%.1f s change): ratio %.2f re-run, '
          '%.2f change' % (REFERENCE_SSH['rerun'] + REFERENCE_SSH['change'] + (vs['rerun'], vs['change'])))
    not_idempotent = sum(1 for x in checks['rerun_changed'] if x)
    not_reloaded = sum(1 for x in checks['change_reloaded'] if not x)
    if not_idempotent or not_reloaded:
        b.say('   checks: %d re-runs changed something, %d change runs did not reload (restarted in %d)' % (
            not_idempotent, not_reloaded, sum(checks['change_restarted'])))
    else:
        b.say('   checks: every re-run changed=0; every change run reloaded Prometheus (no restart) and the new '
              'job was live when the play ended')
    return dict(verdicts=verdicts, tasks=tasks, skipped=skipped, changed=changed, per_task=per_task, vs=vs)


def main():
    b.stop_on_signals()
    n = b.runs(5)
    b.header(NAME, 'the prometheus role alone (binary install of Prometheus 3.5) on container %s: re-run and '
                   'scrape-job change, podman connection vs SSH with pipelining' % CONTAINER)
    if not shutil.which('ssh') or not shutil.which('ssh-keygen'):
        raise RuntimeError('ssh and ssh-keygen are needed (Debian package openssh-client)')
    collection = git_state()
    WORK.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(CONTROL_DIR, ignore_errors=True)
    CONTROL_DIR.mkdir(mode=0o700)
    version = prometheus_version()
    t0 = time.monotonic()
    archive, built = release_archive(version)
    b.say('   release archive %s (%.0f MB, %s in %.1f s)' % (
        archive.name, archive.stat().st_size / 1e6, 'built' if built else 'reused', time.monotonic() - t0))
    ssh_port = free_port()
    try:
        t0 = time.monotonic()
        state = start_container(ssh_port)
        setup_ssh()
        wait_ssh(ssh_port)
        b.say('   container prepared in %.1f s: systemd %s, sshd on 127.0.0.1:%d -> 22' % (
            time.monotonic() - t0, state, ssh_port))
        inventory = write_inventory(ssh_port)
        vars_files = write_vars(version, archive)
        run, row = play('podman', inventory, vars_files[JOBS[0]])
        wait_live(JOBS[0], JOBS[1])
        b.say('   converge over podman (not counted): %.1f s, ok=%d changed=%d' % (run.wall, row['ok'], row['changed']))
        run, row = play('ssh', inventory, vars_files[JOBS[0]])
        b.say('   first run over SSH, opens the ControlPersist master (not counted): %.1f s, ok=%d changed=%d' % (
            run.wall, row['ok'], row['changed']))
        load_start = os.getloadavg()
        b.say('   measuring at load average %s' % ' '.join('%.2f' % x for x in load_start))
        walls, recaps, checks = measure(n, inventory, vars_files)
        rtt = round_trips(ssh_port)
        machine_load = os.getloadavg()
    finally:
        close_ssh_masters()
        remove_container()
    b.say('   load average at the end of the runs: %s' % ' '.join('%.2f' % x for x in machine_load))
    collection_end = git_state()
    if collection_end != collection:
        b.say('   NOTE: the collection changed while the benchmark ran (commit %s -> %s, uncommitted under roles/: '
              '%d -> %d entries): the runs may not all have timed the same role' % (
                  collection['commit'][:8], collection_end['commit'][:8], len(collection['roles_uncommitted']),
                  len(collection_end['roles_uncommitted'])))
    r = report(n, walls, recaps, checks, rtt)
    b.save(NAME, dict(
        what='wall time of ansible-playbook with the prometheus role alone (binary method, Prometheus %s from a local '
             'archive, gather_facts false) on a converged container: re-run changing nothing, and a run renaming '
             'one scrape job (reload through the API); podman connection vs ssh with pipelining and ControlPersist'
             % version,
        container=CONTAINER, image=IMAGE, prometheus=version, runs=n,
        collection=collection, collection_end=collection_end,
        load_average_start=[round(x, 2) for x in load_start], load_average_end=[round(x, 2) for x in machine_load],
        targets={'%s_%s' % k: dict(bound_s=v[0], inclusive=v[1], met=r['verdicts']['%s_%s' % k])
                 for k, v in TARGETS.items()},
        reference_prometheus_prometheus_ssh_s={f: list(v) for f, v in REFERENCE_SSH.items()},
        ratio_ssh_to_reference={f: round(v, 4) for f, v in r['vs'].items()},
        figures={f: {c: dict(wall_s=b.summary(walls[f][c]), recaps=recaps[f][c],
                             per_task_s=round(r['per_task'][(f, c)], 4)) for c in CONNECTIONS}
                 for f in FIGURES},
        ratio_podman_ssh={f: round(b.median(walls[f]['podman']) / b.median(walls[f]['ssh']), 4) for f in FIGURES},
        tasks_ran=r['tasks'], tasks_skipped=r['skipped'], change_changed=r['changed'],
        checks=checks, podman_exec_true_s=b.summary(rtt[0]), ssh_true_s=b.summary(rtt[1])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
