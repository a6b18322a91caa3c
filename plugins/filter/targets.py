# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter of the site playbook: the Alertmanagers of the inventory as one Prometheus host reaches them.

The documentation of the filter is in alertmanager_targets.yml next to this file.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible.module_utils.common.text.converters import to_text

ALERTMANAGER_GROUP = 'alertmanager'
DEFAULT_LISTEN_ADDRESS = '0.0.0.0:9093'
SAME_HOST_ADDRESS = '127.0.0.1'


def alertmanager_targets(groups, hostvars, inventory_hostname):
    """host:port of each host of the group alertmanager, as seen from the host inventory_hostname."""
    _require_mapping(groups, 'groups')
    _require_mapping(hostvars, 'hostvars')
    if not isinstance(inventory_hostname, str):
        raise AnsibleFilterError('alertmanager_targets: inventory_hostname must be a host name, got %r'
                                 % (inventory_hostname,))
    return ['%s:%s' % (_address(host, hostvars, inventory_hostname), _listen_port(host, hostvars))
            for host in _alertmanager_hosts(groups)]


def _require_mapping(value, name):
    if not isinstance(value, Mapping):
        raise AnsibleFilterError('alertmanager_targets: %s must be a dictionary, got %s'
                                 % (name, type(value).__name__))


def _alertmanager_hosts(groups):
    hosts = groups.get(ALERTMANAGER_GROUP) or []
    if not is_sequence(hosts) or not all(isinstance(host, str) for host in hosts):
        raise AnsibleFilterError("alertmanager_targets: groups['%s'] must be a list of host names, got %r"
                                 % (ALERTMANAGER_GROUP, hosts))
    return hosts


def _host_var(hostvars, host, name):
    """The variable name of host, or None when the host or the variable is not defined."""
    if host not in hostvars:
        return None
    host_vars = hostvars[host]
    _require_mapping(host_vars, "hostvars['%s']" % host)
    return host_vars.get(name)


def _address(host, hostvars, inventory_hostname):
    if host == inventory_hostname:
        return SAME_HOST_ADDRESS
    address = to_text(_host_var(hostvars, host, 'ansible_host') or host)
    if ':' in address and not address.startswith('['):
        return '[%s]' % address
    return address


def _listen_port(host, hostvars):
    """The port of the host's alertmanager_web_listen_address (HOST:PORT, [IPv6]:PORT or :PORT)."""
    listen_address = _host_var(hostvars, host, 'alertmanager_web_listen_address') or DEFAULT_LISTEN_ADDRESS
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
