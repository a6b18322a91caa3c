# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter of the site playbook: alertmanager_config."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.promops.prometheus.plugins.filter.targets import FilterModule, alertmanager_config
from ansible_collections.promops.prometheus.tests.unit.helpers import ReadOnlyVars

TLS = {'tls_server_config': {'cert_file': '/etc/ssl/am.pem', 'key_file': '/etc/ssl/am.key'}}
USERS = {'basic_auth_users': {'admin': '$2b$10$hash'}}


def config_of(prometheus_host, alertmanagers, hostvars):
    return alertmanager_config({'prometheus': [prometheus_host], 'alertmanager': alertmanagers}, hostvars,
                               prometheus_host)


def test_plain_alertmanagers_share_one_entry_of_targets_only():
    hostvars = {'am-1': {'ansible_host': '192.0.2.11'}, 'am-2': {'ansible_host': '192.0.2.12'}}

    assert config_of('prom', ['am-1', 'am-2'], hostvars) == [
        {'static_configs': [{'targets': ['192.0.2.11:9093', '192.0.2.12:9093']}]}]


def test_tls_and_basic_auth_give_the_scheme_ca_and_the_role_s_credentials():
    hostvars = {'am': {'ansible_host': '192.0.2.11', 'alertmanager_web_config': dict(TLS, **USERS),
                       'alertmanager_lifecycle_username': 'admin', 'alertmanager_lifecycle_password': 'secret',
                       'alertmanager_lifecycle_ca_path': '/etc/ssl/ca.pem'}}

    assert config_of('prom', ['am'], hostvars) == [{
        'scheme': 'https', 'tls_config': {'ca_file': '/etc/ssl/ca.pem'},
        'basic_auth': {'username': 'admin', 'password': 'secret'},
        'static_configs': [{'targets': ['192.0.2.11:9093']}]}]


def test_client_certificates_and_skipped_verification_go_into_tls_config():
    hostvars = {'am': {'alertmanager_web_config': TLS, 'alertmanager_lifecycle_client_cert': '/etc/ssl/c.pem',
                       'alertmanager_lifecycle_validate_certs': 'no'},
                'am-2': {'alertmanager_web_config': TLS, 'alertmanager_lifecycle_client_cert': '/etc/ssl/c.pem',
                         'alertmanager_lifecycle_client_key': '/etc/ssl/c.key'}}

    assert config_of('prom', ['am', 'am-2'], hostvars) == [
        {'scheme': 'https', 'static_configs': [{'targets': ['am:9093']}],
         'tls_config': {'cert_file': '/etc/ssl/c.pem', 'key_file': '/etc/ssl/c.pem', 'insecure_skip_verify': True}},
        {'scheme': 'https', 'static_configs': [{'targets': ['am-2:9093']}],
         'tls_config': {'cert_file': '/etc/ssl/c.pem', 'key_file': '/etc/ssl/c.key'}}]


def test_the_route_prefix_or_the_external_url_s_path_becomes_the_path_prefix():
    hostvars = {'am-1': {'alertmanager_web_route_prefix': '/am/'},
                'am-2': {'alertmanager_web_external_url': 'https://example.org/alerts'},
                'am-3': {'alertmanager_web_route_prefix': '/am'}}

    assert config_of('prom', ['am-1', 'am-2', 'am-3'], hostvars) == [
        {'path_prefix': '/am', 'static_configs': [{'targets': ['am-1:9093', 'am-3:9093']}]},
        {'path_prefix': '/alerts', 'static_configs': [{'targets': ['am-2:9093']}]}]


def test_users_without_credentials_for_the_role_give_no_basic_auth_and_mixed_groups_keep_their_order():
    hostvars = {'plain': {}, 'users': {'alertmanager_web_config': USERS}, 'local': {}}

    assert alertmanager_config({'alertmanager': ['plain', 'users', 'local']}, ReadOnlyVars(hostvars), 'local') == [
        {'static_configs': [{'targets': ['plain:9093', 'users:9093', '127.0.0.1:9093']}]}]


def test_no_group_gives_no_entry():
    assert alertmanager_config({'prometheus': ['prom']}, {}, 'prom') == []


@pytest.mark.parametrize('hostvars, message', [
    ({'am': {'alertmanager_web_config': ['tls']}},
     'alertmanager_config: alertmanager_web_config of am must be a dictionary, got list'),
    ({'am': {'alertmanager_web_listen_address': '0.0.0.0'}},
     "alertmanager_config: alertmanager_web_listen_address of am must be HOST:PORT with a port from 1 to 65535, "
     "got '0.0.0.0'"),
])
def test_a_wrong_inventory_is_named(hostvars, message):
    with pytest.raises(AnsibleFilterError) as error:
        config_of('prom', ['am'], hostvars)

    assert str(error.value) == message


def test_the_filter_module_names_the_filter():
    assert FilterModule().filters()['alertmanager_config'] is alertmanager_config
