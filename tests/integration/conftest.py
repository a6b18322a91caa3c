# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures: real servers of each Debian suite, the product under test, and TLS material.

Helpers that are no fixtures (running modules and playbooks, configurations,
inventories) are in helpers.py.
"""

import os
import subprocess

import bcrypt
import pytest

from helpers import PRODUCTS
from servers import SERVERS, SUITES


def pytest_configure(config):
    config.addinivalue_line('markers', 'controller: goes through the controller side of ansible-core (playbooks, '
                                       'action plugins, module defaults), not only through a module')


# The Debian suites whose servers the tests start: all three, or those PROMOPS_SUITES names.
TESTED_SUITES = sorted(set(os.environ.get('PROMOPS_SUITES', ' '.join(SUITES)).split()) & set(SUITES))


@pytest.fixture(params=TESTED_SUITES, ids=lambda s: '%s-prometheus%s-alertmanager%s' % ((s,) + SUITES[s]))
def suite(request):
    return request.param


@pytest.fixture(params=PRODUCTS, ids=repr)
def product(request):
    """Each product's description (helpers.Product) in turn."""
    return request.param


@pytest.fixture
def make_server(suite, tmp_path):
    """Factory of real servers of the suite: make_server('prometheus' or 'alertmanager', start=True, **options).

    Every server it made is stopped at teardown.
    """
    started = []

    def make(product, start=True, **kwargs):
        server = SERVERS[product](suite, tmp_path / ('%s%d' % (product, len(started))), **kwargs)
        started.append(server)
        return server.start() if start else server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def server(product, make_server):
    """A running server of each product in turn."""
    return make_server(product.key)


@pytest.fixture
def prometheus(make_server):
    return make_server('prometheus')


@pytest.fixture
def alertmanager(make_server):
    return make_server('alertmanager')


PASSWORD = 'correct horse battery staple'


@pytest.fixture(scope='session')
def tls(tmp_path_factory):
    """A CA, a server and a client certificate signed by it (the server's for 127.0.0.1), and a bcrypt-protected user."""
    d = tmp_path_factory.mktemp('tls')

    def openssl(*args):
        subprocess.run(['openssl'] + list(args), check=True, capture_output=True, cwd=d)

    # The extensions that Python 3.13's strict verification requires: key
    # identifiers, key usage, and for the server its extended key usage.
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=promops test CA',
            '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
            '-addext', 'subjectKeyIdentifier=hash', '-keyout', 'ca.key', '-out', 'ca.pem')
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key',
            '-out', 'server.csr')
    (d / 'server.ext').write_text(
        'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\n'
        'keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n'
        'subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid,issuer\n')
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
            '-days', '2', '-extfile', 'server.ext', '-out', 'server.pem')
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=promops test client', '-keyout', 'client.key',
            '-out', 'client.csr')
    (d / 'client.ext').write_text(
        'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n'
        'extendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid,issuer\n')
    openssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
            '-days', '2', '-extfile', 'client.ext', '-out', 'client.pem')
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    return {
        'ca': str(d / 'ca.pem'),
        'client_cert': str(d / 'client.pem'),
        'client_key': str(d / 'client.key'),
        'auth': ('admin', PASSWORD),
        'content': {
            'tls_server_config': {'cert_file': str(d / 'server.pem'), 'key_file': str(d / 'server.key')},
            'basic_auth_users': {'admin': hashed},
        },
    }
