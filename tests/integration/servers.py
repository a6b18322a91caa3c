# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Real Prometheus and Alertmanager processes on free 127.0.0.1 ports.

The binaries are Debian's builds, unpacked per suite by tests/scripts/fetch-servers.sh.
Every wait here is bounded in time.
"""

import os
import socket
import subprocess
import time
from pathlib import Path

import requests
import yaml

SERVERS_DIR = Path(os.environ.get(
    'PROMOPS_SERVERS_DIR', Path.home() / '.cache' / 'promops-prometheus' / 'servers'))

# suite -> (Prometheus version, Alertmanager version) that Debian ships there
SUITES = {
    'bookworm': ('2.42', '0.25'),
    'trixie': ('2.53', '0.28'),
    'sid': ('3.5', '0.33'),
}

START_TIMEOUT = 30


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Server:
    """One server process with its own config and data folder."""

    binary = None
    default_config = None

    def __init__(self, suite, workdir, web_config=None, route_prefix=None, extra_args=(), listen_host='127.0.0.1'):
        self.suite = suite
        self.root = SERVERS_DIR / suite
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.config_file = self.workdir / self.config_name
        self.web_config = web_config
        self.route_prefix = route_prefix
        self.extra_args = list(extra_args)
        self.listen_host = listen_host
        self.proc = None
        self.log = None
        scheme = 'https' if web_config and 'tls_server_config' in web_config.get('content', {}) else 'http'
        self.url = '%s://127.0.0.1:%d%s' % (scheme, self.port, route_prefix or '')
        self.session = requests.Session()
        if web_config:
            self.session.auth = web_config.get('auth')
            if web_config.get('client_cert'):
                self.session.cert = (web_config['client_cert'], web_config['client_key'])
        self.verify = web_config.get('ca', True) if web_config else True
        self.write_config(self.default_config)

    @property
    def tool(self):
        return str(self.root / 'usr' / 'bin' / self.binary)

    def write_config(self, config):
        text = config if isinstance(config, str) else yaml.safe_dump(config, sort_keys=False)
        self.config_file.write_text(text)

    def args(self):
        args = ['--web.listen-address=%s:%d' % (self.listen_host, self.port)]
        if self.web_config:
            path = self.workdir / 'web.yml'
            path.write_text(yaml.safe_dump(self.web_config['content']))
            args.append('--web.config.file=%s' % path)
        if self.route_prefix:
            args.append('--web.route-prefix=%s' % self.route_prefix)
        return args + self.extra_args

    def command(self):
        return [self.tool] + self.args()

    def start(self, wait=True):
        self.log = open(self.workdir / 'server.log', 'ab')
        self.proc = subprocess.Popen(self.command(), stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('%s exited with %s:\n%s' % (self.binary, self.proc.returncode, self.log_text()))
            try:
                if self.session.get(self.url + '/-/ready', timeout=1, verify=self.verify).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError('%s not ready after %d s:\n%s' % (self.binary, START_TIMEOUT, self.log_text()))

    def log_text(self):
        path = self.workdir / 'server.log'
        return path.read_text(errors='replace')[-3000:] if path.exists() else ''

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(5)
        if self.log:
            self.log.close()

    def get(self, path):
        response = self.session.get(self.url + path, timeout=5, verify=self.verify)
        response.raise_for_status()
        return response

    def metric(self, name):
        for line in self.get('/metrics').text.splitlines():
            if line.split(' ')[0] == name:
                return float(line.split()[1])
        return None


class Prometheus(Server):
    binary = 'prometheus'
    config_name = 'prometheus.yml'
    default_config = {
        'global': {'scrape_interval': '15s'},
        'scrape_configs': [{'job_name': 'prometheus', 'static_configs': [{'targets': ['127.0.0.1:1']}]}],
    }

    def __init__(self, suite, workdir, lifecycle=True, agent=False, **kwargs):
        self.lifecycle = lifecycle
        self.agent = agent
        super().__init__(suite, workdir, **kwargs)

    def args(self):
        args = ['--config.file=%s' % self.config_file]
        if self.agent:
            # Agent mode is a flag of its own from Prometheus 3 on.
            major = int(SUITES[self.suite][0].split('.')[0])
            args += ['--agent' if major >= 3 else '--enable-feature=agent',
                     '--storage.agent.path=%s' % (self.workdir / 'wal')]
        else:
            args.append('--storage.tsdb.path=%s' % (self.workdir / 'data'))
        if self.lifecycle:
            args.append('--web.enable-lifecycle')
        return args + super().args()

    def loaded_config(self):
        return yaml.safe_load(self.get('/api/v1/status/config').json()['data']['yaml'])

    def job_names(self):
        return [job['job_name'] for job in self.loaded_config().get('scrape_configs', [])]


class Alertmanager(Server):
    binary = 'prometheus-alertmanager'
    config_name = 'alertmanager.yml'
    default_config = {
        'route': {'receiver': 'default'},
        'receivers': [{'name': 'default'}],
    }

    def args(self):
        return ['--config.file=%s' % self.config_file, '--storage.path=%s' % (self.workdir / 'data'),
                '--cluster.listen-address='] + super().args()

    def command(self):
        # Debian's build reads its own templates from /usr/share/prometheus/alertmanager:
        # give each version its own in a private mount namespace.
        templates = self.root / 'usr' / 'share' / 'prometheus'
        script = 'mount --bind "$1" /usr/share/prometheus && shift && exec "$@"'
        return ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'sh',
                str(templates)] + super().command()

    def status(self):
        return self.get('/api/v2/status').json()

    def loaded_config(self):
        return yaml.safe_load(self.status()['config']['original'])


# product -> its server class, for the make_server fixture
SERVERS = {'prometheus': Prometheus, 'alertmanager': Alertmanager}
