# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the unit tests: module runner, client factory and fake servers.

The fake servers are pytest-httpserver handlers that answer like Prometheus and
Alertmanager do, with every answer adjustable per test, so that faults real
servers will not produce on demand (hangs, redirects, garbage, 5xx) can be
staged.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json
import re
import socket
import threading
import time
from decimal import Decimal

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.promops.prometheus.plugins.module_utils._client import Client, connection_argument_spec

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    @contextlib.contextmanager
    def patch_module_args(args=None):
        """Expose args to AnsibleModule the way the module wrapper does."""
        payload = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args or {}}))
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = payload
        has_profile = hasattr(basic, '_ANSIBLE_PROFILE')
        if has_profile:
            saved_profile = basic._ANSIBLE_PROFILE
            basic._ANSIBLE_PROFILE = 'legacy'
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved
            if has_profile:
                basic._ANSIBLE_PROFILE = saved_profile


# --------------------------------------------------------------------------
# HTTP test server
# --------------------------------------------------------------------------

@pytest.fixture(scope='session')
def make_httpserver():
    """The pytest-httpserver server, threaded so that a hanging handler does not block the next request."""
    server = HTTPServer(host='127.0.0.1', port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def base_url(httpserver, path=''):
    return 'http://127.0.0.1:%d%s' % (httpserver.port, path)


class ServedRequests:
    """Addresses on the test server and the requests it answered."""

    def __init__(self, httpserver):
        self.httpserver = httpserver

    def url(self, path=''):
        return base_url(self.httpserver, path)

    def seen(self, method=None):
        """(method, path) of every request the server answered, in order."""
        return [(request.method, request.path) for request, dummy in self.httpserver.log
                if method is None or request.method == method]


@pytest.fixture
def server(httpserver):
    return ServedRequests(httpserver)


@pytest.fixture
def refused_url():
    """URL of a local port nothing listens on: connections are refused at once."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return 'http://127.0.0.1:%d' % port


@pytest.fixture
def hang(httpserver):
    """Factory of handlers that hold the request for ``seconds`` before answering.

    At teardown the held requests are released and the test waits until the
    server has logged them, so no late entry lands in the next test's log.
    """
    release = threading.Event()
    held = []

    def factory(seconds=1.0, status=200, body=''):
        def handler(request):
            held.append(request)
            release.wait(seconds)
            return Response(body, status=status)
        return handler

    yield factory
    release.set()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        logged = set(id(request) for request, dummy in httpserver.log)
        if all(id(request) in logged for request in held):
            break
        time.sleep(0.01)


# --------------------------------------------------------------------------
# Client
# --------------------------------------------------------------------------

def client_params(url, **overrides):
    """Module parameters as AnsibleModule would fill them in, defaults included."""
    params = dict((name, spec.get('default')) for name, spec in connection_argument_spec().items())
    params.update(url=url, state='healthy', wait=True)
    params.update(overrides)
    for name in ('timeout', 'request_timeout'):
        params[name] = float(params[name])
    return params


@pytest.fixture
def make_client():
    def factory(url, product='Prometheus', **overrides):
        return Client(client_params(url, **overrides), product)
    return factory


# --------------------------------------------------------------------------
# Module runner
# --------------------------------------------------------------------------

class ModuleExit(Exception):
    def __init__(self, result):
        super(ModuleExit, self).__init__(result.get('msg'))
        self.result = result


class ModuleFail(ModuleExit):
    pass


def _exit_json(self, **kwargs):
    kwargs.setdefault('changed', False)
    raise ModuleExit(kwargs)


def _fail_json(self, msg, **kwargs):
    kwargs.update(failed=True, msg=msg)
    raise ModuleFail(kwargs)


def _run(monkeypatch, main, args, check_mode):
    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', _exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', _fail_json)
    args = dict(args)
    if check_mode:
        args['_ansible_check_mode'] = True
    with patch_module_args(args):
        try:
            main()
        except ModuleExit as e:
            return e.result
    pytest.fail('the module returned without calling exit_json or fail_json')


@pytest.fixture
def module_succeeds(monkeypatch):
    """Run a module's main() with args; return its result, failing the test if the module failed."""
    def run(main, args, check_mode=False):
        result = _run(monkeypatch, main, args, check_mode)
        if result.get('failed'):
            pytest.fail('the module failed: %s' % result['msg'])
        return result
    return run


@pytest.fixture
def module_fails(monkeypatch):
    """Run a module's main() with args; return its failure result, failing the test if the module succeeded."""
    def run(main, args, check_mode=False):
        result = _run(monkeypatch, main, args, check_mode)
        if not result.get('failed'):
            pytest.fail('the module succeeded: %r' % (result,))
        return result
    return run


# --------------------------------------------------------------------------
# Fake servers
# --------------------------------------------------------------------------

PROMETHEUS_CONFIG = 'global:\n  scrape_interval: 15s\nscrape_configs:\n- job_name: prometheus\n'
ALERTMANAGER_CONFIG = 'route:\n  receiver: default\nreceivers:\n- name: default\n'


class FakeServer:
    """One permanent catch-all handler that answers like the product does.

    Attributes a test may change: prefix (route prefix), healthy and ready
    (status codes, or callables returning one), config, next_config (what a
    successful reload loads), reload_successful, reload_timestamp, start_time,
    and overrides via on(method, path, response_or_handler).
    """

    product = None
    success_metric = None
    timestamp_metric = None
    healthy_text = None
    ready_text = None

    def __init__(self, httpserver):
        self.httpserver = httpserver
        self.prefix = ''
        self.healthy = 200
        self.ready = 200
        self.config = None
        self.next_config = None
        self.reload_successful = 1
        self.reload_timestamp = 1.7955948296428211e+09
        self.start_time = 1.79559482e+09
        self.overrides = {}
        self.hits = []
        httpserver.expect_request(re.compile('.*')).respond_with_handler(self._dispatch)

    @property
    def url(self):
        return base_url(self.httpserver, self.prefix)

    def on(self, method, path, answer):
        """Answer method path with a Response, or with handler(request) -> Response."""
        self.overrides[(method, path)] = answer

    def ready_after(self, polls=None, seconds=None, before=503):
        """Make /-/ready answer `before` for the first polls requests, or for seconds from now; then 200.

        Returns a dict whose 'switched' key holds the monotonic time of the switch.
        """
        state = dict(count=0, switched=None, until=None if seconds is None else time.monotonic() + seconds)

        def status():
            state['count'] += 1
            if polls is not None:
                if state['count'] <= polls:
                    return before
            elif time.monotonic() < state['until']:
                return before
            if state['switched'] is None:
                state['switched'] = time.monotonic() if seconds is None else state['until']
            return 200
        self.ready = status
        return state

    def requests(self, method=None, path=None):
        """Paths below the prefix the server was asked for, as (method, path)."""
        return [(m, p) for (t, m, p) in self.hits
                if (method is None or m == method) and (path is None or p == path)]

    @staticmethod
    def json(document, status=200):
        """A JSON answer, for on()."""
        return Response(json.dumps(document), status=status, content_type='application/json')

    def _status(self, value):
        return value() if callable(value) else value

    def _dispatch(self, request):
        if not request.path.startswith(self.prefix + '/'):
            return Response('404 page not found\n', status=404)
        path = request.path[len(self.prefix):]
        self.hits.append((time.monotonic(), request.method, path))
        answer = self.overrides.get((request.method, path))
        if answer is not None:
            return answer if isinstance(answer, Response) else answer(request)
        if request.method == 'GET' and path == '/-/healthy':
            status = self._status(self.healthy)
            return Response(self.healthy_text if status == 200 else 'Service Unavailable', status=status)
        if request.method == 'GET' and path == '/-/ready':
            status = self._status(self.ready)
            return Response(self.ready_text if status == 200 else 'Service Unavailable', status=status)
        if request.method == 'GET' and path == '/metrics':
            return Response(self.metrics_text(), content_type='text/plain; version=0.0.4; charset=utf-8')
        if request.method == 'POST' and path == '/-/reload':
            return self.reload(request)
        return self.api(request, path)

    def reload(self, request):
        """A successful reload: load next_config, if any, and move the reload metrics."""
        if self.next_config is not None:
            self.config = self.next_config
            self.next_config = None
        self.reload_successful = 1
        self.reload_timestamp += 12.5
        return Response('', status=200)

    def metrics_text(self):
        return (
            '# HELP {s} Whether the last configuration reload attempt was successful.\n'
            '# TYPE {s} gauge\n'
            '{s} {ok}\n'
            '# HELP {t} Timestamp of the last successful configuration reload.\n'
            '# TYPE {t} gauge\n'
            '{t} {ts}\n'
            'process_start_time_seconds {start}\n'
            'go_gc_duration_seconds{{quantile="0.5"}} 4.2e-05\n'
        ).format(s=self.success_metric, t=self.timestamp_metric, ok=self.reload_successful,
                 ts=go_float(self.reload_timestamp), start=go_float(self.start_time))

    def api(self, request, path):
        return Response('404 page not found\n', status=404)


class FakePrometheus(FakeServer):
    product = 'Prometheus'
    success_metric = 'prometheus_config_last_reload_successful'
    timestamp_metric = 'prometheus_config_last_reload_success_timestamp_seconds'
    healthy_text = 'Prometheus Server is Healthy.\n'
    ready_text = 'Prometheus Server is Ready.\n'

    def __init__(self, httpserver):
        super(FakePrometheus, self).__init__(httpserver)
        self.config = PROMETHEUS_CONFIG
        self.version = '2.53.3'
        self.lifecycle = True

    def api(self, request, path):
        if request.method == 'GET' and path == '/api/v1/status/config':
            return self.json({'status': 'success', 'data': {'yaml': self.config}})
        if request.method == 'GET' and path == '/api/v1/status/buildinfo':
            return self.json({'status': 'success', 'data': {
                'version': self.version, 'revision': '1b4f3a7', 'branch': 'HEAD', 'buildUser': 'root@buildhost',
                'buildDate': '20241105-08:06:33', 'goVersion': 'go1.22.8'}})
        if request.method == 'GET' and path == '/api/v1/status/flags':
            return self.json({'status': 'success', 'data': {
                'web.enable-lifecycle': 'true' if self.lifecycle else 'false', 'web.listen-address': '0.0.0.0:9090'}})
        if request.method == 'POST' and path == '/-/quit':
            return Response('Requesting termination... Goodbye!', status=200, headers={'Connection': 'close'})
        return super(FakePrometheus, self).api(request, path)


class FakeAlertmanager(FakeServer):
    product = 'Alertmanager'
    success_metric = 'alertmanager_config_last_reload_successful'
    timestamp_metric = 'alertmanager_config_last_reload_success_timestamp_seconds'
    healthy_text = 'OK'
    ready_text = 'OK'

    def __init__(self, httpserver):
        super(FakeAlertmanager, self).__init__(httpserver)
        self.config = ALERTMANAGER_CONFIG
        self.version = '0.28.1'

    def api(self, request, path):
        if request.method == 'GET' and path == '/api/v2/status':
            return self.json({
                'cluster': {'name': '01JD0000000000000000000000', 'peers': [], 'status': 'disabled'},
                'config': {'original': self.config},
                'uptime': '2026-11-25T08:00:00.000Z',
                'versionInfo': {'branch': 'HEAD', 'buildDate': '20250307-15:05:18', 'buildUser': 'root@buildhost',
                                'goVersion': 'go1.23.7', 'revision': 'b2099eaa', 'version': self.version},
            })
        return super(FakeAlertmanager, self).api(request, path)


def go_float(value):
    """A float as the Go exposition code writes it: shortest digits, exponent form from 1e6 on."""
    text = '{0:e}'.format(Decimal(repr(float(value))).normalize())
    mantissa, exponent = text.split('e')
    return '%se%s%02d' % (mantissa, exponent[0], abs(int(exponent)))


@pytest.fixture
def fake_prometheus(httpserver):
    yield FakePrometheus(httpserver)
    httpserver.check_handler_errors()


@pytest.fixture
def fake_alertmanager(httpserver):
    yield FakeAlertmanager(httpserver)
    httpserver.check_handler_errors()
