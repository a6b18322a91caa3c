# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Readiness detection: how long after a server turns ready does a readiness
wait notice it? `prometheus_lifecycle state=ready` against the common pattern
`ansible.builtin.uri` + `until` / `retries` / `delay: 1`.

1. A fault server in this process answers 503 on /-/ready until a moment T
   (a random phase within a second, after the playbook has started polling),
   then 200, and records when it first answered 200. Figures: detection lag
   (first 200 - T) and return lag (the moment the next task of the play runs - T).
2. A real Prometheus is started while the playbook already waits (its data
   folder is kept between runs, so from the second run on it replays its WAL);
   the ready moment is the "Server is ready to receive web requests" line of
   its log. Figure: return lag (next task - that moment).

Runs alternate between the two ways of waiting. Target: median detection lag
of the module <= 0.25 s.
"""

import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import benchlib as b

NAME = 'readiness'
TARGET = 0.25
WAYS = {'module': 'ready-module.yml', 'uri': 'ready-uri.yml'}
RETURNED = re.compile(r'BENCH_RETURNED ([0-9.]+)')
READY_LINE = re.compile(r'(?:ts|time)=(\S+).*Server is ready to receive web requests')


class FaultServer:
    """503 on /-/ready until ready_at (epoch seconds), then 200; records what it served."""

    def __init__(self):
        state = self
        self.lock = threading.Lock()
        self.reset(float('inf'))

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def do_GET(self):  # noqa: N802 (http.server's naming)
                now = time.time()
                if self.path.split('?')[0] == '/-/ready':
                    code = 200 if now >= state.ready_at else 503
                    with state.lock:
                        state.polls.append(now)
                        if code == 200 and state.first_200 is None:
                            state.first_200 = now
                elif self.path.split('?')[0] == '/-/healthy':
                    code = 200
                else:
                    code = 404
                body = b'Ready.\n' if code == 200 else b'Service Unavailable\n'
                self.send_response(code)
                self.send_header('Content-Type', 'text/plain')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.httpd.daemon_threads = True
        self.url = 'http://127.0.0.1:%d' % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
        self.thread.start()

    def reset(self, ready_at):
        with self.lock:
            self.ready_at = ready_at
            self.first_200 = None
            self.polls = []

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def returned_at(run):
    match = RETURNED.search(run.stdout)
    if not match:
        raise RuntimeError('no BENCH_RETURNED line in the output:\n%s\n%s' % (run.stdout[-3000:], run.stderr[-2000:]))
    return float(match.group(1))


def run_way(which, url, timeout=b.ANSIBLE_TIMEOUT):
    return b.playbook(str(b.PLAYBOOKS / WAYS[which]), '-e', 'bench_url=%s' % url, timeout=timeout).check()


def fault_server_runs(n, rng):
    server = FaultServer()
    lags = {w: dict(detect=[], returned=[], polls=[]) for w in WAYS}
    try:
        # Calibrate: how long after launch does the first poll arrive? The
        # server turns ready only after that, plus a random phase.
        first_poll = []
        for which in WAYS:
            start = time.time()
            server.reset(start + 8.0)
            run_way(which, server.url)
            first_poll.append(server.polls[0] - start)
        lead = max(2.0, max(first_poll) + 1.0)
        b.say('   fault server: first poll %.2f s after launch; T = launch + %.1f s + random(0, 1) s' % (
            max(first_poll), lead))
        for i in range(n):
            order = list(WAYS) if i % 2 == 0 else list(reversed(WAYS))
            line = []
            for which in order:
                for _attempt in range(3):
                    start = time.time()
                    ready_at = start + lead + rng.uniform(0.0, 1.0)
                    server.reset(ready_at)
                    run = run_way(which, server.url)
                    if server.polls and server.polls[0] < ready_at and server.first_200 is not None:
                        break
                    # The playbook began polling after T: the run measures start-up, not detection.
                    lead += 1.0
                    b.say('   (%s began polling after T; lead raised to %.1f s, run repeated)' % (which, lead))
                else:
                    raise RuntimeError('%s never polled before the server turned ready' % which)
                with server.lock:
                    detect = server.first_200 - ready_at
                    polls = sum(1 for t in server.polls if t <= server.first_200)
                lags[which]['detect'].append(detect)
                lags[which]['returned'].append(returned_at(run) - ready_at)
                lags[which]['polls'].append(polls)
                line.append('%s detect %.3f s / returned %.3f s' % (which, detect, lags[which]['returned'][-1]))
            b.say('   run %2d/%d: %s' % (i + 1, n, ', '.join(sorted(line))))
    finally:
        server.close()
    return lags, lead


def ready_moment(text):
    moments = READY_LINE.findall(text)
    if not moments:
        return None
    return datetime.fromisoformat(moments[-1].replace('Z', '+00:00')).timestamp()


def prometheus_runs(n, rng, lead, tmp):
    lags = {w: [] for w in WAYS}
    server = b.Prometheus(b.SUITE, tmp)
    server.write_config({
        'global': {'scrape_interval': '1s'},
        'scrape_configs': [{'job_name': 'prometheus', 'static_configs': [
            {'targets': ['127.0.0.1:%d' % server.port]}]}],
    })
    log_path = server.workdir / 'server.log'
    try:
        # A first start fills the WAL that later starts replay.
        server.start()
        time.sleep(3)
        server.stop()
        for i in range(n):
            order = list(WAYS) if i % 2 == 0 else list(reversed(WAYS))
            line = []
            for which in order:
                log_offset = log_path.stat().st_size if log_path.exists() else 0
                proc = subprocess.Popen(
                    [str(b.BIN / 'ansible-playbook'), str(b.PLAYBOOKS / WAYS[which]), '-e', 'bench_url=%s' % server.url],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=b.ansible_env())
                try:
                    time.sleep(lead + rng.uniform(0.0, 1.0))
                    server.start(wait=False)
                    stdout, stderr = proc.communicate(timeout=180)
                finally:
                    if proc.poll() is None:
                        proc.kill()
                        proc.communicate()
                    server.stop()
                if proc.returncode != 0:
                    raise RuntimeError('%s failed:\n%s\n%s' % (WAYS[which], stdout[-3000:], stderr[-2000:]))
                with open(log_path, 'rb') as f:
                    f.seek(log_offset)
                    moment = ready_moment(f.read().decode(errors='replace'))
                if moment is None:
                    raise RuntimeError('no ready line in the Prometheus log:\n%s' % server.log_text())
                match = RETURNED.search(stdout)
                lag = float(match.group(1)) - moment
                lags[which].append(lag)
                line.append('%s returned %.3f s' % (which, lag))
            b.say('   run %2d/%d: %s' % (i + 1, n, ', '.join(sorted(line))))
    finally:
        server.stop()
    return lags


def main():
    b.stop_on_signals()
    n = b.runs(9)
    n_real = b.runs(7)
    rng = random.Random(20260)
    b.header(NAME, 'how long after the server turns ready a readiness wait returns: '
                   'prometheus_lifecycle state=ready vs uri + until/retries/delay: 1')
    b.say(' - fault server (503 until T, then 200)')
    fault, lead = fault_server_runs(n, rng)
    b.say(' - real Prometheus %s started %.1f s + random(0, 1) s after the launch of the playbook'
          % (b.PROMETHEUS_VERSION, lead))
    with tempfile.TemporaryDirectory(prefix='promops-bench-') as tmp:
        real = prometheus_runs(n_real, rng, lead=lead, tmp=tmp)

    module_detect = b.median(fault['module']['detect'])
    met = module_detect <= TARGET
    for which in WAYS:
        b.say('   %-6s fault server: detection lag %s s, return lag %s s, polls %s; real Prometheus: return lag %s s'
              % (which, b.spread(fault[which]['detect'], '%.3f'), b.spread(fault[which]['returned'], '%.3f'),
                 b.spread(fault[which]['polls'], '%d'), b.spread(real[which], '%.3f')))
    b.say('   ratio uri/module (median detection lag) = %.1f; (median return lag, real Prometheus) = %.1f'
          % (b.median(fault['uri']['detect']) / module_detect, b.median(real['uri']) / b.median(real['module'])))
    b.say('   module median detection lag %.3f s, %d runs each (real Prometheus: %d); target <= %.2f s: %s'
          % (module_detect, n, n_real, TARGET, b.verdict(met)))
    b.save(NAME, dict(
        what='seconds from the moment the server turns ready until the wait sees 200 (detection) or the next '
             'task of the play runs (return)',
        prometheus=b.PROMETHEUS_VERSION, runs=n, runs_real_prometheus=n_real, target=TARGET, target_met=met,
        module_detect_median=round(module_detect, 4),
        fault_server={w: {k: b.summary(v) for k, v in fault[w].items()} for w in WAYS},
        real_prometheus={w: b.summary(real[w]) for w in WAYS}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
