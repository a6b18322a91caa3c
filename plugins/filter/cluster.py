# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter of the alertmanager role: the cluster flags of one host of the group alertmanager.

The documentation of the filter is in alertmanager_cluster.yml next to this file.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.promops.prometheus.plugins.plugin_utils._inventory import (
    group_hosts, host_address, host_var, require_host_name, require_mapping)

ALERTMANAGER_GROUP = 'alertmanager'
CLUSTER_PORT = '9094'
NO_CLUSTER = {'listen-address': ''}
WHO = 'alertmanager_cluster'


def alertmanager_cluster(groups, hostvars, inventory_hostname):
    """alertmanager_cluster for inventory_hostname: listen on its cluster port, peer with the group's others."""
    require_mapping(groups, 'groups', WHO)
    require_mapping(hostvars, 'hostvars', WHO)
    require_host_name(inventory_hostname, WHO)
    hosts = list(dict.fromkeys(group_hosts(groups, ALERTMANAGER_GROUP, WHO)))
    if inventory_hostname not in hosts or len(hosts) < 2:
        return dict(NO_CLUSTER)
    addresses = dict((host, _cluster_address(host, hostvars)) for host in hosts)
    return {
        'listen-address': '0.0.0.0:%s' % addresses[inventory_hostname].rpartition(':')[2],
        'peers': [addresses[host] for host in hosts if host != inventory_hostname],
    }


def _cluster_address(host, hostvars):
    """The host's alertmanager_cluster_address, or its ansible_host (else its name) on the cluster port."""
    address = host_var(hostvars, host, 'alertmanager_cluster_address', WHO)
    if address:
        address = to_text(address)
        name, colon, port = address.rpartition(':')
        bare_ipv6 = ':' in name and not (name.startswith('[') and name.endswith(']'))
        if not colon or not name or bare_ipv6 or not port.isdigit() or not 0 < int(port) < 65536:
            raise AnsibleFilterError('alertmanager_cluster: alertmanager_cluster_address of %s must be HOST:PORT '
                                     '(an IPv6 address in brackets) with a port from 1 to 65535, got %r'
                                     % (host, address))
        return address
    return '%s:%s' % (host_address(hostvars, host, WHO), CLUSTER_PORT)


class FilterModule(object):
    """Filter of the alertmanager role."""

    def filters(self):
        return {
            'alertmanager_cluster': alertmanager_cluster,
        }
