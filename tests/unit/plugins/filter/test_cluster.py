# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter behind the default of alertmanager_cluster: alertmanager_cluster."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.promops.prometheus.plugins.filter.cluster import FilterModule, alertmanager_cluster
from ansible_collections.promops.prometheus.tests.unit.helpers import ReadOnlyVars


def cluster_of(host, alertmanagers, hostvars=None):
    return alertmanager_cluster({'alertmanager': alertmanagers, 'prometheus': ['prom']},
                                hostvars if hostvars is not None else {}, host)


def test_each_alertmanager_peers_with_the_others_on_the_cluster_port_in_group_order():
    hostvars = {'am-1': {'ansible_host': '192.0.2.11'}, 'am-2': {'ansible_host': '192.0.2.12'},
                'am-3': {'ansible_host': '192.0.2.13'}}

    assert cluster_of('am-2', ['am-1', 'am-2', 'am-3'], hostvars) == {
        'listen-address': '0.0.0.0:9094', 'peers': ['192.0.2.11:9094', '192.0.2.13:9094']}
    assert cluster_of('am-1', ['am-1', 'am-2', 'am-3'], hostvars)['peers'] == ['192.0.2.12:9094', '192.0.2.13:9094']


@pytest.mark.parametrize('alertmanagers', [['am'], [], None], ids=['one host', 'empty group', 'no group'])
def test_a_group_of_fewer_than_two_hosts_runs_without_clustering(alertmanagers):
    assert cluster_of('am', alertmanagers) == {'listen-address': ''}


def test_a_host_outside_the_group_runs_without_clustering():
    assert cluster_of('elsewhere', ['am-1', 'am-2']) == {'listen-address': ''}


def test_the_cluster_address_of_a_host_wins_over_its_ansible_host_and_gives_its_listen_port():
    hostvars = {'am-1': {'ansible_host': '192.0.2.11', 'alertmanager_cluster_address': '10.0.0.1:9194'},
                'am-2': {'ansible_host': '192.0.2.12', 'alertmanager_cluster_address': '[2001:db8::2]:9094'}}

    assert cluster_of('am-1', ['am-1', 'am-2'], hostvars) == {
        'listen-address': '0.0.0.0:9194', 'peers': ['[2001:db8::2]:9094']}
    assert cluster_of('am-2', ['am-1', 'am-2'], hostvars) == {
        'listen-address': '0.0.0.0:9094', 'peers': ['10.0.0.1:9194']}


@pytest.mark.parametrize('host_vars, peer', [
    ({}, 'am-2.example.org:9094'),
    ({'ansible_host': ''}, 'am-2.example.org:9094'),
    ({'alertmanager_cluster_address': ''}, 'am-2.example.org:9094'),
    ({'ansible_host': '2001:db8::2'}, '[2001:db8::2]:9094'),
    ({'ansible_host': '[2001:db8::2]'}, '[2001:db8::2]:9094'),
], ids=['nothing set', 'empty ansible_host', 'empty cluster address', 'IPv6', 'IPv6 in brackets'])
def test_without_a_cluster_address_the_peer_is_ansible_host_or_the_name(host_vars, peer):
    hostvars = {'am-2.example.org': host_vars}

    assert cluster_of('am-1', ['am-1', 'am-2.example.org'], hostvars)['peers'] == [peer]


def test_a_host_listed_twice_is_one_peer():
    assert cluster_of('am-1', ['am-1', 'am-2', 'am-2'])['peers'] == ['am-2:9094']


def test_hostvars_may_be_mappings_that_are_no_dicts():
    hostvars = ReadOnlyVars({'am-2': ReadOnlyVars({'ansible_host': '192.0.2.12'})})

    assert cluster_of('am-1', ['am-1', 'am-2'], hostvars)['peers'] == ['192.0.2.12:9094']


@pytest.mark.parametrize('address', ['10.0.0.1', '10.0.0.1:', ':9094', '10.0.0.1:0', '10.0.0.1:65536',
                                     '2001:db8::2:9094', '10.0.0.1:port'])
def test_a_malformed_cluster_address_fails_naming_the_host(address):
    with pytest.raises(AnsibleFilterError) as error:
        cluster_of('am-1', ['am-1', 'am-2'], {'am-2': {'alertmanager_cluster_address': address}})

    assert str(error.value) == (
        'alertmanager_cluster: alertmanager_cluster_address of am-2 must be HOST:PORT (an IPv6 address in brackets) '
        'with a port from 1 to 65535, got %r' % address)


@pytest.mark.parametrize('groups, hostvars, host, message', [
    (['am'], {}, 'am', 'alertmanager_cluster: groups must be a dictionary, got list'),
    ({'alertmanager': ['am']}, [], 'am', 'alertmanager_cluster: hostvars must be a dictionary, got list'),
    ({'alertmanager': 'am'}, {}, 'am', "alertmanager_cluster: groups['alertmanager'] must be a list of host names, "
                                       "got 'am'"),
    ({'alertmanager': ['am', 'b']}, {'b': 'x'}, 'am', "alertmanager_cluster: hostvars['b'] must be a dictionary, "
                                                      "got str"),
    ({'alertmanager': ['am']}, {}, None, 'alertmanager_cluster: inventory_hostname must be a host name, got None'),
], ids=['groups', 'hostvars', 'group', 'host vars', 'host'])
def test_bad_input_fails_with_what_is_wrong(groups, hostvars, host, message):
    with pytest.raises(AnsibleFilterError) as error:
        alertmanager_cluster(groups, hostvars, host)

    assert str(error.value) == message


def test_the_filter_module_names_the_filter():
    assert FilterModule().filters() == {'alertmanager_cluster': alertmanager_cluster}
