# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter of the site playbook: the Alertmanagers of the inventory as one Prometheus host reaches them.

The documentation of the filter is in alertmanager_targets.yml next to this file.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.promops.prometheus.plugins.plugin_utils._inventory import (
    group_hosts, host_address, host_var, require_host_name, require_mapping)

ALERTMANAGER_GROUP = 'alertmanager'
DEFAULT_LISTEN_ADDRESS = '0.0.0.0:9093'
SAME_HOST_ADDRESS = '127.0.0.1'
WHO = 'alertmanager_targets'


def alertmanager_targets(groups, hostvars, inventory_hostname):
    """host:port of each host of the group alertmanager, as seen from the host inventory_hostname."""
    require_mapping(groups, 'groups', WHO)
    require_mapping(hostvars, 'hostvars', WHO)
    require_host_name(inventory_hostname, WHO)
    return ['%s:%s' % (_address(host, hostvars, inventory_hostname), _listen_port(host, hostvars))
            for host in group_hosts(groups, ALERTMANAGER_GROUP, WHO)]


def _address(host, hostvars, inventory_hostname):
    if host == inventory_hostname:
        return SAME_HOST_ADDRESS
    return host_address(hostvars, host, WHO)


def _listen_port(host, hostvars):
    """The port of the host's alertmanager_web_listen_address (HOST:PORT, [IPv6]:PORT or :PORT)."""
    listen_address = host_var(hostvars, host, 'alertmanager_web_listen_address', WHO) or DEFAULT_LISTEN_ADDRESS
    dummy, colon, port = to_text(listen_address).rpartition(':')
    if not colon or not port.isdigit() or not 0 < int(port) < 65536:
        raise AnsibleFilterError('alertmanager_targets: alertmanager_web_listen_address of %s must be HOST:PORT '
                                 'with a port from 1 to 65535, got %r' % (host, listen_address))
    return port


class FilterModule(object):
    """Filter of the site playbook."""

    def filters(self):
        return {
            'alertmanager_targets': alertmanager_targets,
        }
