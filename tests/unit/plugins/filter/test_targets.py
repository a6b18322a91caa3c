# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter of the site playbook: alertmanager_targets."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.promops.prometheus.plugins.filter.targets import FilterModule, alertmanager_targets
from ansible_collections.promops.prometheus.tests.unit.helpers import ReadOnlyVars


def targets_of(prometheus_host, alertmanagers, hostvars=None):
    return alertmanager_targets({'prometheus': [prometheus_host], 'alertmanager': alertmanagers},
                                hostvars if hostvars is not None else {}, prometheus_host)


def test_each_alertmanager_in_group_order_by_ansible_host_and_port():
    hostvars = {'am-2': {'ansible_host': '192.0.2.12', 'alertmanager_web_listen_address': '0.0.0.0:9094'},
                'am-1': {'ansible_host': '192.0.2.11', 'alertmanager_web_listen_address': '192.0.2.11:9093'}}

    assert targets_of('prom', ['am-2', 'am-1'], hostvars) == ['192.0.2.12:9094', '192.0.2.11:9093']


def test_an_alertmanager_on_the_prometheus_host_is_reached_on_loopback():
    hostvars = {'mon': {'ansible_host': '192.0.2.10', 'alertmanager_web_listen_address': '192.0.2.10:9095'},
                'am': {'ansible_host': '192.0.2.11'}}

    assert targets_of('mon', ['mon', 'am'], hostvars) == ['127.0.0.1:9095', '192.0.2.11:9093']


def test_the_same_alertmanager_is_a_remote_target_for_another_prometheus():
    hostvars = {'mon': {'ansible_host': '192.0.2.10'}}

    assert targets_of('other', ['mon'], hostvars) == ['192.0.2.10:9093']


@pytest.mark.parametrize('host_vars', [{}, {'ansible_host': ''}, {'ansible_host': None}],
                         ids=['not set', 'empty', 'null'])
def test_without_ansible_host_the_inventory_name_is_the_address(host_vars):
    assert targets_of('prom', ['am.example.org'], {'am.example.org': host_vars}) == ['am.example.org:9093']


def test_a_host_unknown_to_hostvars_is_reached_by_name_on_the_default_port():
    assert targets_of('prom', ['am'], {}) == ['am:9093']


@pytest.mark.parametrize('listen_address, port', [
    (None, '9093'),
    ('0.0.0.0:9093', '9093'),
    ('127.0.0.1:19093', '19093'),
    (':9094', '9094'),
    ('am.example.org:9095', '9095'),
    ('[::]:9096', '9096'),
    ('[2001:db8::5]:9097', '9097'),
])
def test_the_port_is_the_one_alertmanager_listens_on(listen_address, port):
    hostvars = {'am': {'alertmanager_web_listen_address': listen_address}}

    assert targets_of('prom', ['am'], hostvars) == ['am:%s' % port]


@pytest.mark.parametrize('ansible_host, target', [
    ('2001:db8::11', '[2001:db8::11]:9093'),
    ('[2001:db8::11]', '[2001:db8::11]:9093'),
])
def test_an_ipv6_ansible_host_is_put_in_brackets(ansible_host, target):
    assert targets_of('prom', ['am'], {'am': {'ansible_host': ansible_host}}) == [target]


def test_no_alertmanager_group_gives_no_targets():
    assert alertmanager_targets({'prometheus': ['prom']}, {}, 'prom') == []
    assert alertmanager_targets({'alertmanager': []}, {}, 'prom') == []


def test_targets_accept_mappings_that_are_no_dicts_like_hostvars():
    hostvars = ReadOnlyVars({'am': ReadOnlyVars({'ansible_host': '192.0.2.11'})})

    assert alertmanager_targets(ReadOnlyVars({'alertmanager': ('am',)}), hostvars, 'prom') == ['192.0.2.11:9093']


@pytest.mark.parametrize('listen_address', ['localhost', '9093', '0.0.0.0:', '0.0.0.0:http', '0.0.0.0:0',
                                            '0.0.0.0:65536', '[::]'])
def test_a_listen_address_without_a_usable_port_fails_naming_the_host(listen_address):
    hostvars = {'am-1': {}, 'am-2': {'alertmanager_web_listen_address': listen_address}}

    with pytest.raises(AnsibleFilterError) as error:
        targets_of('prom', ['am-1', 'am-2'], hostvars)

    assert str(error.value) == ('alertmanager_targets: alertmanager_web_listen_address of am-2 must be HOST:PORT '
                                'with a port from 1 to 65535, got %r' % listen_address)


@pytest.mark.parametrize('groups, hostvars, inventory_hostname, message', [
    (['am'], {}, 'prom', 'alertmanager_targets: groups must be a dictionary, got list'),
    ({'alertmanager': ['am']}, None, 'prom', 'alertmanager_targets: hostvars must be a dictionary, got NoneType'),
    ({'alertmanager': ['am']}, {}, None, 'alertmanager_targets: inventory_hostname must be a host name, got None'),
    ({'alertmanager': 'am'}, {}, 'prom',
     "alertmanager_targets: groups['alertmanager'] must be a list of host names, got 'am'"),
    ({'alertmanager': [{'am': {}}]}, {}, 'prom',
     "alertmanager_targets: groups['alertmanager'] must be a list of host names, got [{'am': {}}]"),
    ({'alertmanager': ['am']}, {'am': 'x'}, 'prom',
     "alertmanager_targets: hostvars['am'] must be a dictionary, got str"),
], ids=['groups', 'hostvars', 'inventory_hostname', 'group is a string', 'host name is a dictionary', 'host vars'])
def test_bad_input_fails_with_what_is_wrong(groups, hostvars, inventory_hostname, message):
    with pytest.raises(AnsibleFilterError) as error:
        alertmanager_targets(groups, hostvars, inventory_hostname)

    assert str(error.value) == message


def test_the_filter_module_names_the_filter():
    assert FilterModule().filters()['alertmanager_targets'] is alertmanager_targets


def test_an_alertmanager_on_several_addresses_is_reached_on_the_port_of_the_first():
    hostvars = {'am': {'ansible_host': '192.0.2.11', 'alertmanager_web_listen_address': ['0.0.0.0:9095', '[::]:9096']}}

    assert targets_of('prom', ['am'], hostvars) == ['192.0.2.11:9095']
