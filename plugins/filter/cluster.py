# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter of the alertmanager role: the cluster flags of one host of the group alertmanager.

The documentation of the filter is in alertmanager_cluster.yml next to this file.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible.module_utils.common.text.converters import to_text

ALERTMANAGER_GROUP = 'alertmanager'
CLUSTER_PORT = '9094'
NO_CLUSTER = {'listen-address': ''}


def alertmanager_cluster(groups, hostvars, inventory_hostname):
    """alertmanager_cluster for inventory_hostname: listen on its cluster port, peer with the group's others."""
    _require_mapping(groups, 'groups')
    _require_mapping(hostvars, 'hostvars')
    if not isinstance(inventory_hostname, str):
        raise AnsibleFilterError('alertmanager_cluster: inventory_hostname must be a host name, got %r'
                                 % (inventory_hostname,))
    hosts = _alertmanager_hosts(groups)
    if inventory_hostname not in hosts or len(hosts) < 2:
        return dict(NO_CLUSTER)
    addresses = dict((host, _cluster_address(host, hostvars)) for host in hosts)
    return {
        'listen-address': '0.0.0.0:%s' % addresses[inventory_hostname].rpartition(':')[2],
        'peers': [addresses[host] for host in hosts if host != inventory_hostname],
    }


def _require_mapping(value, name):
    if not isinstance(value, Mapping):
        raise AnsibleFilterError('alertmanager_cluster: %s must be a dictionary, got %s'
                                 % (name, type(value).__name__))


def _alertmanager_hosts(groups):
    hosts = groups.get(ALERTMANAGER_GROUP) or []
    if not is_sequence(hosts) or not all(isinstance(host, str) for host in hosts):
        raise AnsibleFilterError("alertmanager_cluster: groups['%s'] must be a list of host names, got %r"
                                 % (ALERTMANAGER_GROUP, hosts))
    return list(dict.fromkeys(hosts))


def _host_var(hostvars, host, name):
    """The variable name of host, or None when the host or the variable is not defined."""
    if host not in hostvars:
        return None
    host_vars = hostvars[host]
    _require_mapping(host_vars, "hostvars['%s']" % host)
    return host_vars.get(name)


def _cluster_address(host, hostvars):
    """The host's alertmanager_cluster_address, or its ansible_host (else its name) on the cluster port."""
    address = _host_var(hostvars, host, 'alertmanager_cluster_address')
    if address:
        address = to_text(address)
        name, colon, port = address.rpartition(':')
        bare_ipv6 = ':' in name and not (name.startswith('[') and name.endswith(']'))
        if not colon or not name or bare_ipv6 or not port.isdigit() or not 0 < int(port) < 65536:
            raise AnsibleFilterError('alertmanager_cluster: alertmanager_cluster_address of %s must be HOST:PORT '
                                     '(an IPv6 address in brackets) with a port from 1 to 65535, got %r'
                                     % (host, address))
        return address
    name = to_text(_host_var(hostvars, host, 'ansible_host') or host)
    if ':' in name and not name.startswith('['):
        name = '[%s]' % name
    return '%s:%s' % (name, CLUSTER_PORT)


class FilterModule(object):
    """Filter of the alertmanager role."""

    def filters(self):
        return {
            'alertmanager_cluster': alertmanager_cluster,
        }
