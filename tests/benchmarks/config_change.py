# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Config change to live config, on the benchmark container (Prometheus under
systemd, deployed by the site playbook).

Prometheus scrapes itself every second. Each run plays the Prometheus role
with one scrape job renamed, two ways, alternately:
  - reload path: only prometheus.yml changes; the role's handler reloads
    through the lifecycle API;
  - restart path: the same change plus a flag (storage retention 30d <-> 31d):
    the unit changes and the role restarts the service.
Figures per path: seconds from the launch of ansible-playbook until the new
job is in /api/v1/status/config (polled from the host through the port
published on 127.0.0.1), wall time of the play, and the scrape gap: `up`
samples of the self-scrape missing in the window of the run (raw samples of
`up{job="prometheus"}[window]`, 1 s apart when nothing is missed).
Target: no missed scrape on the reload path.
"""

import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import requests

import benchlib as b
import containers as c

NAME = 'config_change'
INTERVAL = 1.0
LIVE_TIMEOUT = 300
PATHS = ('reload', 'restart')


def role_vars(job, retention):
    return {
        'prometheus_storage_retention': retention,
        'prometheus_alertmanager_config': [{'static_configs': [{'targets': ['127.0.0.1:9093']}]}],
        'prometheus_scrape_configs': [
            {'job_name': 'prometheus', 'scrape_interval': '1s', 'scrape_timeout': '1s', 'metrics_path': '/metrics',
             'static_configs': [{'targets': ['127.0.0.1:9090']}]},
            {'job_name': job, 'static_configs': [{'targets': ['127.0.0.1:9093']}]},
        ],
    }


class LiveWatch(threading.Thread):
    """Poll /api/v1/status/config every 0.05 s (bounded) until job_name appears; record when."""

    def __init__(self, job):
        super().__init__(daemon=True)
        self.job = job
        self.seen = None
        self.stop = threading.Event()
        self.session = requests.Session()

    def run(self):
        deadline = time.monotonic() + LIVE_TIMEOUT
        needle = 'job_name: %s\n' % self.job
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                r = self.session.get(c.PROMETHEUS_URL + '/api/v1/status/config', timeout=2)
                if r.status_code == 200 and needle in r.json()['data']['yaml']:
                    self.seen = time.time()
                    return
            except (requests.RequestException, ValueError, KeyError):
                pass
            time.sleep(0.05)


def query(expr, at):
    r = requests.get(c.PROMETHEUS_URL + '/api/v1/query', params={'query': expr, 'time': '%.3f' % at}, timeout=10)
    r.raise_for_status()
    return r.json()['data']['result']


def start_time():
    result = query('process_start_time_seconds{job="prometheus"}', time.time())
    return float(result[0]['value'][1]) if result else None


def scrape_gap(since, until):
    """(missed samples, largest gap s, samples) of up{job="prometheus"} between since and until."""
    window = int(until - since) + 2
    result = query('up{job="prometheus"}[%ds]' % window, until)
    stamps = sorted(float(t) for t, _value in (result[0]['values'] if result else []))
    stamps = [t for t in stamps if since - INTERVAL <= t <= until]
    if len(stamps) < 2:
        return None, None, len(stamps)
    gaps = [t2 - t1 for t1, t2 in zip(stamps, stamps[1:])]
    # Leading and trailing edge of the window count too.
    gaps += [stamps[0] - since, until - stamps[-1]]
    missed = sum(max(0, round(g / INTERVAL) - 1) for g in gaps)
    return missed, max(gaps), len(stamps)


def play(vars_file, job):
    watch = LiveWatch(job)
    launched = time.time()
    watch.start()
    try:
        run = b.playbook(str(b.PLAYBOOKS / 'prometheus-role.yml'), '-i', str(c.DEMO_INVENTORY), '-e', vars_file,
                         env=c.env()).check()
        watch.join(LIVE_TIMEOUT)
    finally:
        watch.stop.set()
    if watch.seen is None:
        raise RuntimeError('job %s never appeared in the loaded configuration' % job)
    return launched, watch.seen, run


def wait_scraping(after):
    """Wait (bounded) until a sample of the self-scrape newer than `after` is stored."""
    def fresh():
        try:
            result = query('timestamp(up{job="prometheus"})', time.time())
            return result and float(result[0]['value'][1]) > after
        except (requests.RequestException, ValueError, KeyError, IndexError):
            return False
    return b.wait_until(fresh, 60, 0.2)


MARKERS = (
    ('stop requested', re.compile(r'Stopping .*[Pp]rometheus')),
    ('SIGTERM received', re.compile(r'Received SIGTERM')),
    ('process exited', re.compile(r'See you next time|prometheus.service: Deactivated|Stopped .*[Pp]rometheus')),
    ('new process started', re.compile(r'Starting Prometheus')),
    ('ready', re.compile(r'Server is ready to receive web requests')),
)


LOG_TIME = re.compile(r'\b(?:ts|time)=(\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:\d\d))')


def restart_timeline(since, samples_until):
    """Moments of the last restart from the unit's journal, plus the self-scrape samples around it."""
    out = subprocess.run(['podman', 'exec', c.NAME, 'journalctl', '-u', 'prometheus', '-o', 'short-unix',
                          '--no-pager', '--since', '@%d' % int(since)], capture_output=True, text=True,
                         env=c.env(), timeout=60, check=False).stdout
    moments = {}
    for line in out.splitlines():
        for label, pattern in MARKERS:
            if label not in moments and pattern.search(line):
                # Prometheus' own time stamp when the line has one, else the journal's.
                own = LOG_TIME.search(line)
                try:
                    moments[label] = (datetime.fromisoformat(own.group(1).replace('Z', '+00:00')).timestamp()
                                      if own else float(line.split(' ', 1)[0]))
                except ValueError:
                    pass
    if 'stop requested' not in moments and 'SIGTERM received' not in moments:
        return None
    origin = moments.get('stop requested', moments.get('SIGTERM received'))
    result = query('up{job="prometheus"}[%ds]' % (int(samples_until - since) + 2), samples_until)
    stamps = sorted(float(t) for t, _value in (result[0]['values'] if result else []))
    before = [t for t in stamps if t < origin]
    after = [t for t in stamps if t > origin]
    if before:
        moments['last sample before'] = before[-1]
    if after:
        moments['first sample after'] = after[0]
    return sorted(((label, round(t - origin, 2)) for label, t in moments.items()), key=lambda x: x[1])


def main():
    b.stop_on_signals()
    n = b.runs(5)
    b.header(NAME, 'play that renames one scrape job -> job in /api/v1/status/config, and missed self-scrapes '
                   '(1 s interval): reload path vs restart path, container %s' % c.NAME)
    c.require()
    figures = {p: dict(live=[], wall=[], missed=[], max_gap=[], restarted=[]) for p in PATHS}
    retention = '30d'
    timeline = None
    with tempfile.TemporaryDirectory(prefix='promops-bench-') as tmp:
        vars_file = c.write_vars(Path(tmp) / 'vars.yml', role_vars('bench_0', retention))
        # Converge: the self-scrape every second (not measured).
        b.playbook(str(b.PLAYBOOKS / 'prometheus-role.yml'), '-i', str(c.DEMO_INVENTORY), '-e', vars_file,
                   env=c.env()).check()
        if not wait_scraping(time.time() + 1):
            raise RuntimeError('Prometheus in %s does not scrape itself' % c.NAME)
        for i in range(n):
            order = PATHS if i % 2 == 0 else tuple(reversed(PATHS))
            line = []
            for path in order:
                job = 'bench_%d_%s' % (i + 1, path)
                if path == 'restart':
                    retention = '31d' if retention == '30d' else '30d'
                vars_file = c.write_vars(Path(tmp) / 'vars.yml', role_vars(job, retention))
                before = start_time()
                time.sleep(2.5)  # a clean stretch of samples before the run
                launched, live, run = play(vars_file, job)
                ended = time.time()
                if not wait_scraping(max(ended, live) + 0.5):
                    raise RuntimeError('Prometheus in %s stopped scraping itself' % c.NAME)
                time.sleep(1.5)
                until = time.time() - 0.5
                missed, max_gap, samples = scrape_gap(launched - 2.0, until)
                restarted = start_time() != before
                f = figures[path]
                f['live'].append(live - launched)
                f['wall'].append(run.wall)
                f['missed'].append(missed)
                f['max_gap'].append(max_gap)
                f['restarted'].append(restarted)
                if path == 'restart':
                    timeline = restart_timeline(launched, until)
                line.append('%s: live after %.1f s, play %.1f s, %d missed (largest gap %.1f s)%s' % (
                    path, live - launched, run.wall, missed, max_gap, ', restarted' if restarted else ''))
            b.say('   run %d/%d: %s' % (i + 1, n, '; '.join(sorted(line))))
        if timeline:
            b.say('   last restart, seconds from the stop: %s' % ', '.join('%s %+.2f' % x for x in timeline))

    for path in PATHS:
        f = figures[path]
        b.say('   %-7s path: new job live after %s s, play %s s, missed scrapes %s, largest gap %s s, '
              'restarted in %d of %d runs' % (path, b.spread(f['live'], '%.1f'), b.spread(f['wall'], '%.1f'),
                                              b.spread(f['missed'], '%d'), b.spread(f['max_gap'], '%.1f'),
                                              sum(f['restarted']), n))
    live_ratio = b.median(figures['restart']['live']) / b.median(figures['reload']['live'])
    met = max(figures['reload']['missed']) == 0 and not any(figures['reload']['restarted'])
    b.say('   ratio restart/reload (median time to live config) = %.2f; missed scrapes reload %d vs restart %d '
          '(medians), %d runs each; target no missed scrape on the reload path: %s'
          % (live_ratio, b.median(figures['reload']['missed']), b.median(figures['restart']['missed']), n,
             b.verdict(met)))
    b.save(NAME, dict(
        what='seconds from the launch of ansible-playbook (Prometheus role, one scrape job renamed) until the job '
             'is in /api/v1/status/config; missed 1 s self-scrapes in the window of the run',
        container=c.NAME, runs=n, target='no missed scrape on the reload path', target_met=met,
        ratio_restart_reload_live=round(live_ratio, 4), last_restart_timeline=timeline,
        paths={p: dict(live_s=b.summary(figures[p]['live']), play_s=b.summary(figures[p]['wall']),
                       missed=b.summary(figures[p]['missed']), max_gap_s=b.summary(figures[p]['max_gap']),
                       restarted_runs=sum(figures[p]['restarted'])) for p in PATHS}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
