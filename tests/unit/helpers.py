# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the unit tests: the product descriptions, the fake server and the module runner.

The fixtures that hand these to the tests are in conftest.py. The fake server is
one pytest-httpserver handler that answers like Prometheus or Alertmanager does,
depending on its product description, with every answer adjustable per test, so
that faults real servers will not produce on demand (hangs, redirects, garbage,
5xx) can be staged.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import contextlib
import json
import re
import time
from collections.abc import Mapping
from decimal import Decimal

import pytest
from werkzeug.wrappers import Response

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.promops.prometheus.plugins.module_utils import _lifecycle
from ansible_collections.promops.prometheus.plugins.module_utils._client import connection_argument_spec
from ansible_collections.promops.prometheus.plugins.modules import alertmanager_lifecycle, prometheus_lifecycle

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
# The products
# --------------------------------------------------------------------------

class Product:
    """What the tests know about one product: how its server answers, and the code that talks to it.

    documents(fake) returns the JSON documents of the product's API, keyed by
    path, from the fake's current state (config, version, lifecycle).
    """

    def __init__(self, key, name, metric_prefix, healthy_text, ready_text, config, version, documents,
                 version_path, config_path, reload_error, quits, main, server_class, states):
        self.key = key
        self.name = name
        self.success_metric = '%s_config_last_reload_successful' % metric_prefix
        self.timestamp_metric = '%s_config_last_reload_success_timestamp_seconds' % metric_prefix
        self.healthy_text = healthy_text
        self.ready_text = ready_text
        self.config = config
        self.version = version
        self.documents = documents
        self.version_path = version_path
        self.config_path = config_path
        self.reload_error = reload_error
        self.quits = quits
        self.main = main
        self.server_class = server_class
        self.states = states

    def __repr__(self):
        return self.key


def prometheus_documents(fake):
    return {
        '/api/v1/status/config': {'status': 'success', 'data': {'yaml': fake.config}},
        '/api/v1/status/buildinfo': {'status': 'success', 'data': {
            'version': fake.version, 'revision': '1b4f3a7', 'branch': 'HEAD', 'buildUser': 'root@buildhost',
            'buildDate': '20241105-08:06:33', 'goVersion': 'go1.22.8'}},
        '/api/v1/status/flags': {'status': 'success', 'data': {
            'web.enable-lifecycle': 'true' if fake.lifecycle else 'false', 'web.listen-address': '0.0.0.0:9090'}},
    }


def alertmanager_documents(fake):
    return {
        '/api/v2/status': {
            'cluster': {'name': '01JD0000000000000000000000', 'peers': [], 'status': 'disabled'},
            'config': {'original': fake.config},
            'uptime': '2026-11-25T08:00:00.000Z',
            'versionInfo': {'branch': 'HEAD', 'buildDate': '20250307-15:05:18', 'buildUser': 'root@buildhost',
                            'goVersion': 'go1.23.7', 'revision': 'b2099eaa', 'version': fake.version},
        },
    }


PROMETHEUS = Product(
    key='prometheus',
    name='Prometheus',
    metric_prefix='prometheus',
    healthy_text='Prometheus Server is Healthy.\n',
    ready_text='Prometheus Server is Ready.\n',
    config='global:\n  scrape_interval: 15s\nscrape_configs:\n- job_name: prometheus\n',
    version='2.53.3',
    documents=prometheus_documents,
    version_path='/api/v1/status/buildinfo',
    config_path='/api/v1/status/config',
    reload_error=('failed to reload config: couldn\'t load configuration (--config.file="/etc/prometheus/prometheus.yml"): '
                  'parsing YAML file /etc/prometheus/prometheus.yml: yaml: line 4: did not find expected key'),
    quits=True,
    main=prometheus_lifecycle.main,
    server_class=_lifecycle.Prometheus,
    states=('healthy', 'ready', 'reloaded', 'stopped'),
)

ALERTMANAGER = Product(
    key='alertmanager',
    name='Alertmanager',
    metric_prefix='alertmanager',
    healthy_text='OK',
    ready_text='OK',
    config='route:\n  receiver: default\nreceivers:\n- name: default\n',
    version='0.28.1',
    documents=alertmanager_documents,
    version_path='/api/v2/status',
    config_path='/api/v2/status',
    reload_error='failed to reload config: undefined receiver "pager" used in route',
    quits=False,
    main=alertmanager_lifecycle.main,
    server_class=_lifecycle.Alertmanager,
    states=('healthy', 'ready', 'reloaded'),
)

PRODUCTS = (PROMETHEUS, ALERTMANAGER)


# --------------------------------------------------------------------------
# The fake server
# --------------------------------------------------------------------------

def base_url(httpserver, path=''):
    return 'http://127.0.0.1:%d%s' % (httpserver.port, path)


class FakeServer:
    """One permanent catch-all handler that answers like the product does.

    Attributes a test may change: prefix (route prefix), healthy and ready
    (status codes, or callables returning one), config, next_config (what a
    successful reload loads), reload_successful, reload_timestamp, start_time,
    version, lifecycle (Prometheus' --web.enable-lifecycle flag), and overrides
    via on(method, path, response_or_handler).
    """

    def __init__(self, httpserver, product):
        self.httpserver = httpserver
        self.product = product
        self.prefix = ''
        self.healthy = 200
        self.ready = 200
        self.config = product.config
        self.next_config = None
        self.version = product.version
        self.lifecycle = True
        self.reload_successful = 1
        self.reload_timestamp = 1.7955948296428211e+09
        self.start_time = 1.79559482e+09
        self.overrides = {}
        self.hits = []
        httpserver.expect_request(re.compile('.*')).respond_with_handler(self._dispatch)

    @property
    def name(self):
        return self.product.name

    @property
    def url(self):
        return base_url(self.httpserver, self.prefix)

    def on(self, method, path, answer):
        """Answer method path with a Response, or with handler(request) -> Response."""
        self.overrides[(method, path)] = answer

    def ready_after(self, polls, before=503):
        """Make /-/ready answer `before` for the first polls requests, then 200.

        Returns a dict whose 'switched' key holds the monotonic time of the switch.
        """
        state = dict(count=0, switched=None)

        def status():
            state['count'] += 1
            if state['count'] <= polls:
                return before
            if state['switched'] is None:
                state['switched'] = time.monotonic()
            return 200
        self.ready = status
        return state

    def reject_reload(self, body, new_config=None):
        """Answer the next reloads 500 with body, loading new_config anyway if given (a partial reload)."""
        def handler(request):
            if new_config is not None:
                self.config = new_config
            return Response(body, status=500)
        self.on('POST', '/-/reload', handler)

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
            return Response(self.product.healthy_text if status == 200 else 'Service Unavailable', status=status)
        if request.method == 'GET' and path == '/-/ready':
            status = self._status(self.ready)
            return Response(self.product.ready_text if status == 200 else 'Service Unavailable', status=status)
        if request.method == 'GET' and path == '/metrics':
            return Response(self.metrics_text(), content_type='text/plain; version=0.0.4; charset=utf-8')
        if request.method == 'POST' and path == '/-/reload':
            return self.reload(request)
        if request.method == 'POST' and path == '/-/quit' and self.product.quits:
            return Response('Requesting termination... Goodbye!', status=200, headers={'Connection': 'close'})
        if request.method == 'GET':
            document = self.product.documents(self).get(path)
            if document is not None:
                return self.json(document)
        return Response('404 page not found\n', status=404)

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
        ).format(s=self.product.success_metric, t=self.product.timestamp_metric, ok=self.reload_successful,
                 ts=go_float(self.reload_timestamp), start=go_float(self.start_time))


def go_float(value):
    """A float as the Go exposition code writes it: shortest digits, exponent form from 1e6 on."""
    text = '{0:e}'.format(Decimal(repr(float(value))).normalize())
    mantissa, exponent = text.split('e')
    return '%se%s%02d' % (mantissa, exponent[0], abs(int(exponent)))


# How long a hanging fault server holds a request (the hang fixture releases
# it at teardown): far beyond every timeout and time bound of the tests, so
# that the bounds hold on a loaded machine.
HELD = 60.0


def stalled_body(first_line, seconds):
    """A handler whose answer sends its headers and first_line, then stalls for seconds."""
    def handler(request):
        def body():
            yield first_line
            time.sleep(seconds)
            yield ''
        return Response(body(), status=200)
    return handler


def basic_auth(user, password):
    """The Authorization header of HTTP basic authentication."""
    return 'Basic ' + base64.b64encode(('%s:%s' % (user, password)).encode('utf-8')).decode('ascii')


# --------------------------------------------------------------------------
# Client parameters
# --------------------------------------------------------------------------

def client_params(url, **overrides):
    """Module parameters as AnsibleModule would fill them in, defaults included."""
    params = dict((name, spec.get('default')) for name, spec in connection_argument_spec().items())
    params.update(url=url, state='healthy', wait=True)
    params.update(overrides)
    for name in ('timeout', 'request_timeout'):
        params[name] = float(params[name])
    return params


# --------------------------------------------------------------------------
# Module runner
# --------------------------------------------------------------------------

class ModuleExit(Exception):
    def __init__(self, result):
        super(ModuleExit, self).__init__(result.get('msg'))
        self.result = result


class ModuleFail(ModuleExit):
    pass


# The stand-ins leave out the invocation, as ansible-core 2.21 does unless asked (module_output keeps it).
def _exit_json(self, **kwargs):
    kwargs.setdefault('changed', False)
    kwargs.pop('invocation', None)
    raise ModuleExit(kwargs)


def _fail_json(self, msg, **kwargs):
    kwargs.update(failed=True, msg=msg)
    kwargs.pop('invocation', None)
    raise ModuleFail(kwargs)


def run_module(monkeypatch, main, args, check_mode=False):
    """Run a module's main() with args as the module wrapper would; return its result (failed or not)."""
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


class ReadOnlyVars(Mapping):
    """A mapping that is no dict, as ansible's HostVars is (for the filter tests)."""

    def __init__(self, data):
        self._data = data

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)
