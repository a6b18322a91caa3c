# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the unit tests: test server, fake servers per product, client and module runner.

The classes and functions behind them are in helpers.py. ``product`` and ``fake``
are parametrized over both products: a test that asks for either runs once per
product. ``fake_prometheus`` and ``fake_alertmanager`` are for tests about one
product only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import socket
import threading
import time

import pytest
from ansible.module_utils.common.parameters import PASS_VARS
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.module_utils._client import Client
from ansible_collections.promops.prometheus.tests.unit.helpers import (
    ALERTMANAGER,
    PRODUCTS,
    PROMETHEUS,
    FakeServer,
    base_url,
    client_params,
    patch_module_args,
    run_module,
)

# From ansible-core 2.21 a result carries the invocation only when the controller asks for it;
# module_output asks, so that there is one to check. Older cores always add it.
INJECT_INVOCATION = {'_ansible_inject_invocation': True} if 'inject_invocation' in PASS_VARS else {}


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
# Fake servers
# --------------------------------------------------------------------------

@pytest.fixture(params=PRODUCTS, ids=repr)
def product(request):
    """Each product's description (helpers.Product) in turn."""
    return request.param


@pytest.fixture
def fake(product, httpserver):
    """A fake server of each product in turn."""
    yield FakeServer(httpserver, product)
    httpserver.check_handler_errors()


@pytest.fixture
def fake_prometheus(httpserver):
    yield FakeServer(httpserver, PROMETHEUS)
    httpserver.check_handler_errors()


@pytest.fixture
def fake_alertmanager(httpserver):
    yield FakeServer(httpserver, ALERTMANAGER)
    httpserver.check_handler_errors()


# --------------------------------------------------------------------------
# Client and lifecycle operations
# --------------------------------------------------------------------------

@pytest.fixture
def make_client():
    def factory(url, product='Prometheus', **overrides):
        return Client(client_params(url, **overrides), product)
    return factory


@pytest.fixture
def make_lifecycle(make_client):
    """Factory of the plugin's lifecycle object (_lifecycle.Prometheus or Alertmanager) of a product at url."""
    def factory(product, url, **overrides):
        return product.server_class(make_client(url, product=product.name, **overrides))
    return factory


# --------------------------------------------------------------------------
# Module runner
# --------------------------------------------------------------------------

@pytest.fixture
def module_succeeds(monkeypatch):
    """Run a module's main() with args; return its result, failing the test if the module failed."""
    def run(main, args, check_mode=False):
        result = run_module(monkeypatch, main, args, check_mode)
        if result.get('failed'):
            pytest.fail('the module failed: %s' % result['msg'])
        return result
    return run


@pytest.fixture
def module_fails(monkeypatch):
    """Run a module's main() with args; return its failure result, failing the test if the module succeeded."""
    def run(main, args, check_mode=False):
        result = run_module(monkeypatch, main, args, check_mode)
        if not result.get('failed'):
            pytest.fail('the module succeeded: %r' % (result,))
        return result
    return run


@pytest.fixture
def module_output(capsys):
    """Run a module's main() with args through its real exit path; return its stdout, as -vvv shows it over SSH,
    and the result in it."""
    def run(main, args):
        with patch_module_args(dict(args, **INJECT_INVOCATION)):
            with pytest.raises(SystemExit):
                main()
        out = capsys.readouterr().out
        return out, json.loads(out[out.index('{'):])
    return run
