# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter of the maintenance and health playbooks: server_connection."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from pathlib import Path

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.promops.prometheus.plugins.filter.connection import FilterModule, server_connection
from ansible_collections.promops.prometheus.plugins.plugin_utils._inventory import COMMON_DEFAULTS, DEFAULTS
from ansible_collections.promops.prometheus.tests.unit.helpers import ReadOnlyVars

REPO_ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize('product', sorted(DEFAULTS))
def test_the_defaults_are_those_of_the_role(product):
    with open(str(REPO_ROOT / 'roles' / product / 'defaults' / 'main.yml')) as f:
        role_defaults = yaml.safe_load(f)

    for name, value in dict(COMMON_DEFAULTS, **DEFAULTS[product]).items():
        assert role_defaults['%s_%s' % (product, name)] == value, name


@pytest.mark.parametrize('product, port', [('prometheus', 9090), ('alertmanager', 9093)])
def test_a_host_without_settings_is_reached_on_loopback_on_the_default_port(product, port):
    assert server_connection('mon', {'mon': {}}, product) == {
        'url': 'http://127.0.0.1:%d' % port, 'validate_certs': True, 'timeout': 120}


def test_a_host_unknown_to_hostvars_gets_the_defaults():
    assert server_connection('am', {}, 'alertmanager')['url'] == 'http://127.0.0.1:9093'


def test_credentials_certificates_and_tls_come_from_the_inventory_of_that_host():
    hostvars = {'am': {'alertmanager_web_listen_address': '0.0.0.0:9443',
                       'alertmanager_web_config': {'tls_server_config': {'cert_file': 'c', 'key_file': 'k'}},
                       'alertmanager_lifecycle_username': 'admin', 'alertmanager_lifecycle_password': 'secret',
                       'alertmanager_lifecycle_ca_path': '/etc/ssl/ca.pem',
                       'alertmanager_lifecycle_client_cert': '/etc/ssl/client.pem',
                       'alertmanager_lifecycle_client_key': '/etc/ssl/client.key',
                       'alertmanager_lifecycle_validate_certs': 'no', 'alertmanager_lifecycle_timeout': '30'},
                'other': {'alertmanager_lifecycle_username': 'nobody'}}

    assert server_connection('am', hostvars, 'alertmanager') == {
        'url': 'https://127.0.0.1:9443', 'validate_certs': False, 'timeout': 30,
        'url_username': 'admin', 'url_password': 'secret', 'ca_path': '/etc/ssl/ca.pem',
        'client_cert': '/etc/ssl/client.pem', 'client_key': '/etc/ssl/client.key'}


def test_the_other_product_s_settings_are_not_used():
    hostvars = {'mon': {'prometheus_web_listen_address': '0.0.0.0:19090', 'prometheus_lifecycle_username': 'p'}}

    assert server_connection('mon', hostvars, 'alertmanager') == {
        'url': 'http://127.0.0.1:9093', 'validate_certs': True, 'timeout': 120}


@pytest.mark.parametrize('settings, url', [
    ({'web_listen_address': '127.0.0.1:9095'}, 'http://127.0.0.1:9095'),
    ({'web_listen_address': ':9095'}, 'http://127.0.0.1:9095'),
    ({'web_listen_address': '[::]:9095'}, 'http://127.0.0.1:9095'),
    ({'web_listen_address': '192.0.2.5:9093'}, 'http://192.0.2.5:9093'),
    ({'web_listen_address': '[2001:db8::5]:9093'}, 'http://[2001:db8::5]:9093'),
    ({'web_external_url': 'https://example.org/alertmanager/'}, 'http://127.0.0.1:9093/alertmanager'),
    ({'web_external_url': 'https://example.org/am', 'web_route_prefix': '/'}, 'http://127.0.0.1:9093'),
    ({'web_route_prefix': '/am'}, 'http://127.0.0.1:9093/am'),
    ({'lifecycle_url': 'https://am.example.org/x', 'web_route_prefix': '/am'}, 'https://am.example.org/x'),
    ({'web_config': {'tls_server_config': {}}}, 'http://127.0.0.1:9093'),
], ids=['loopback', 'no host', 'IPv6 wildcard', 'address', 'IPv6 address', 'external URL path',
        'root prefix over the URL path', 'prefix', 'lifecycle URL', 'empty TLS section'])
def test_the_url_is_derived_like_the_role_s_own(settings, url):
    hostvars = {'am': dict(('alertmanager_%s' % name, value) for name, value in settings.items())}

    assert server_connection('am', hostvars, 'alertmanager')['url'] == url


def test_null_settings_take_the_role_s_defaults_and_hostvars_may_be_no_dicts():
    hostvars = ReadOnlyVars({'am': ReadOnlyVars({'alertmanager_web_listen_address': None,
                                                 'alertmanager_lifecycle_username': ''})})

    assert server_connection('am', hostvars, 'alertmanager') == {
        'url': 'http://127.0.0.1:9093', 'validate_certs': True, 'timeout': 120}


@pytest.mark.parametrize('host, hostvars, product, message', [
    ('am', {}, 'grafana', "server_connection: the product must be one of alertmanager, prometheus, got 'grafana'"),
    ('am', [], 'alertmanager', 'server_connection: hostvars must be a dictionary, got list'),
    (None, {}, 'alertmanager', 'server_connection: the host must be a host name, got None'),
    ('am', {'am': 'x'}, 'alertmanager', "server_connection: hostvars['am'] must be a dictionary, got str"),
    ('am', {'am': {'alertmanager_web_listen_address': '0.0.0.0'}}, 'alertmanager',
     "server_connection: alertmanager_web_listen_address of am must be HOST:PORT, got '0.0.0.0'"),
    ('am', {'am': {'alertmanager_web_config': 'tls'}}, 'alertmanager',
     'server_connection: alertmanager_web_config of am must be a dictionary, got str'),
    ('am', {'am': {'alertmanager_lifecycle_validate_certs': 'maybe'}}, 'alertmanager',
     "server_connection: alertmanager_lifecycle_validate_certs of am must be a boolean, got 'maybe'"),
    ('am', {'am': {'alertmanager_lifecycle_timeout': 'long'}}, 'alertmanager',
     "server_connection: alertmanager_lifecycle_timeout of am must be a number of seconds, got 'long'"),
    ('am', {'am': {'alertmanager_lifecycle_timeout': 0}}, 'alertmanager',
     'server_connection: alertmanager_lifecycle_timeout of am must be a number of seconds, got 0'),
], ids=['product', 'hostvars', 'host', 'host vars', 'listen address', 'web config', 'validate_certs',
        'timeout text', 'timeout zero'])
def test_bad_input_fails_with_what_is_wrong(host, hostvars, product, message):
    with pytest.raises(AnsibleFilterError) as error:
        server_connection(host, hostvars, product)

    assert str(error.value) == message


def test_the_filter_module_names_the_filter():
    assert FilterModule().filters() == {'server_connection': server_connection}


def test_a_server_on_several_addresses_is_reached_on_the_first():
    hostvars = {'am': {'alertmanager_web_listen_address': ['192.0.2.11:9095', '127.0.0.1:9096']}}

    assert server_connection('am', hostvars, 'alertmanager')['url'] == 'http://192.0.2.11:9095'
