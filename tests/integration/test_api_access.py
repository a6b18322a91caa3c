# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who can use a real server's management API: server_lifecycle asks each address it listens on beyond loopback.

Each premise (the server answers without credentials, or refuses) is
confirmed with a request of the test's own before the module is asked.
"""

import requests

from helpers import run_module


def access(server, product, **connection):
    result = run_module('server_lifecycle', dict(product=product, url=server.url, state='healthy',
                                                 expect={'argv': server.command()}, **connection))
    assert not result.failed, result.output
    return result


def test_a_server_on_every_address_without_credentials_is_open(product, make_server):
    server = make_server(product.key, listen_host='0.0.0.0')
    assert requests.get('http://127.0.0.1:%d/-/ready' % server.port, timeout=5).status_code == 200

    result = access(server, product.key)

    assert result['api_access'] == 'open'
    assert result['open_api'] == ['0.0.0.0:%d' % server.port]


def test_a_server_on_loopback_only_is_not_asked(product, server):
    result = access(server, product.key)

    assert result['api_access'] == 'loopback' and result['open_api'] == []


def test_basic_auth_protects_a_server_on_every_address(product, make_server, tls):
    server = make_server(product.key, listen_host='0.0.0.0', web_config=tls)
    assert requests.get(server.url + '/-/ready', verify=tls['ca'], timeout=5).status_code == 401

    result = access(server, product.key, url_username=tls['auth'][0], url_password=tls['auth'][1],
                    ca_path=tls['ca'])

    assert result['api_access'] == 'protected' and result['open_api'] == []


def test_client_certificates_protect_a_server_and_the_module_presents_its_own(product, make_server, tls):
    web_config = dict(tls, auth=None, content={'tls_server_config': dict(
        tls['content']['tls_server_config'], client_ca_file=tls['ca'], client_auth_type='RequireAndVerifyClientCert')})
    server = make_server(product.key, listen_host='0.0.0.0', web_config=web_config)
    try:
        answer = requests.get(server.url + '/-/ready', verify=tls['ca'], timeout=5).status_code
    except requests.exceptions.SSLError:
        answer = 'refused in the handshake'
    assert answer != 200

    result = access(server, product.key, ca_path=tls['ca'], client_cert=tls['client_cert'],
                    client_key=tls['client_key'])

    assert result['ready'] is True
    assert result['api_access'] == 'protected' and result['open_api'] == []
