# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures: real servers of each Debian suite, TLS material, and the modules run through `ansible`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import bcrypt
import pytest

from servers import SUITES, Alertmanager, Prometheus

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ANSIBLE_TIMEOUT = 180


@pytest.fixture(params=sorted(SUITES), ids=lambda s: '%s-prometheus%s-alertmanager%s' % ((s,) + SUITES[s]))
def suite(request):
    return request.param


def _factory(server_class, suite, tmp_path):
    started = []

    def make(start=True, **kwargs):
        server = server_class(suite, tmp_path / ('%s%d' % (server_class.__name__.lower(), len(started))), **kwargs)
        started.append(server)
        return server.start() if start else server

    return make, started


@pytest.fixture
def make_prometheus(suite, tmp_path):
    make, started = _factory(Prometheus, suite, tmp_path)
    yield make
    for server in started:
        server.stop()


@pytest.fixture
def make_alertmanager(suite, tmp_path):
    make, started = _factory(Alertmanager, suite, tmp_path)
    yield make
    for server in started:
        server.stop()


@pytest.fixture
def prometheus(make_prometheus):
    return make_prometheus()


@pytest.fixture
def alertmanager(make_alertmanager):
    return make_alertmanager()


PASSWORD = 'correct horse battery staple'


@pytest.fixture(scope='session')
def tls(tmp_path_factory):
    """A CA, a server certificate for 127.0.0.1 signed by it, and a bcrypt-protected user."""
    d = tmp_path_factory.mktemp('tls')

    def openssl(*args):
        subprocess.run(['openssl'] + list(args), check=True, capture_output=True, cwd=d)

    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=promops test CA',
            '-keyout', 'ca.key', '-out', 'ca.pem')
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key',
            '-out', 'server.csr')
    (d / 'san.ext').write_text('subjectAltName=IP:127.0.0.1,DNS:localhost\n')
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
            '-days', '2', '-extfile', 'san.ext', '-out', 'server.pem')
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    return {
        'ca': str(d / 'ca.pem'),
        'auth': ('admin', PASSWORD),
        'content': {
            'tls_server_config': {'cert_file': str(d / 'server.pem'), 'key_file': str(d / 'server.key')},
            'basic_auth_users': {'admin': hashed},
        },
    }


class Result(dict):
    """A module's result plus how the `ansible` process ended."""

    def __init__(self, rc, data, output):
        super().__init__(data)
        self.rc = rc
        self.output = output

    @property
    def failed(self):
        return self.rc != 0 or self.get('failed', False)


def ansible_env(extra=None):
    env = dict(os.environ, **(extra or {}))
    env.setdefault('ANSIBLE_COLLECTIONS_PATH', str(REPO_ROOT / 'build' / 'collections'))
    env.update(ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
               ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0')
    return env


def run_module(module, args, check=False, env=None):
    """Run promops.prometheus.<module> on localhost through `ansible`, as a user would."""
    cmd = [str(BIN / 'ansible'), 'localhost', '-m', 'promops.prometheus.%s' % module, '-a', json.dumps(args)]
    if check:
        cmd.append('--check')
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ansible_env(env), timeout=ANSIBLE_TIMEOUT,
                          check=False)
    marker = proc.stdout.find('=> {')
    if marker < 0:
        raise AssertionError('no module result in the output of %s:\n%s\n%s' % (cmd, proc.stdout, proc.stderr))
    return Result(proc.returncode, json.loads(proc.stdout[marker + 3:]), proc.stdout + proc.stderr)


def start_module(module, args):
    """Start a module run in the background; finish it with finish_module()."""
    cmd = [str(BIN / 'ansible'), 'localhost', '-m', 'promops.prometheus.%s' % module, '-a', json.dumps(args)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ansible_env())


def finish_module(proc):
    stdout, stderr = proc.communicate(timeout=ANSIBLE_TIMEOUT)
    marker = stdout.find('=> {')
    assert marker >= 0, stdout + stderr
    return Result(proc.returncode, json.loads(stdout[marker + 3:]), stdout + stderr)


def run_playbook(path, extra_vars=None):
    cmd = [str(BIN / 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', str(path)]
    if extra_vars:
        cmd += ['-e', json.dumps(extra_vars)]
    return subprocess.run(cmd, capture_output=True, text=True, env=ansible_env(), timeout=ANSIBLE_TIMEOUT,
                          check=False)
