# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the site playbook: the Alertmanagers of the inventory as one Prometheus host reaches them.

alertmanager_targets gives their host:port; alertmanager_config the whole
alerting.alertmanagers section, with the scheme, route prefix, credentials
and TLS settings that each Alertmanager's web configuration asks for. The
documentation of each filter is in the YAML file of the same name next to
this one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.promops.prometheus.plugins.plugin_utils._inventory import (
    first_listen_address, group_hosts, host_address, host_var, require_host_name, require_mapping, role_settings,
    route_prefix)

ALERTMANAGER_GROUP = 'alertmanager'
DEFAULT_LISTEN_ADDRESS = '0.0.0.0:9093'
SAME_HOST_ADDRESS = '127.0.0.1'


def alertmanager_targets(groups, hostvars, inventory_hostname):
    """host:port of each host of the group alertmanager, as seen from the host inventory_hostname."""
    return [target for dummy, target in _targets(groups, hostvars, inventory_hostname, 'alertmanager_targets')]


def _targets(groups, hostvars, inventory_hostname, who):
    """(host, host:port) of each host of the group alertmanager, as seen from the host inventory_hostname."""
    require_mapping(groups, 'groups', who)
    require_mapping(hostvars, 'hostvars', who)
    require_host_name(inventory_hostname, who)
    return [(host, '%s:%s' % (_address(host, hostvars, inventory_hostname, who), _listen_port(host, hostvars, who)))
            for host in group_hosts(groups, ALERTMANAGER_GROUP, who)]


def alertmanager_config(groups, hostvars, inventory_hostname):
    """prometheus_alertmanager_config for the host inventory_hostname: one entry per way of reaching them."""
    config = []
    for host, target in _targets(groups, hostvars, inventory_hostname, 'alertmanager_config'):
        reach = _reach(host, hostvars)
        for entry in config:
            if dict((key, value) for key, value in entry.items() if key != 'static_configs') == reach:
                entry['static_configs'][0]['targets'].append(target)
                break
        else:
            config.append(dict(reach, static_configs=[{'targets': [target]}]))
    return config


def _reach(host, hostvars):
    """scheme, path_prefix, basic_auth and tls_config of the host's Alertmanager, those it needs only.

    The credentials are those of the role's own calls; the CA and client
    certificate files are expected at the same paths on the Prometheus host.
    """
    settings = role_settings(hostvars, host, 'alertmanager', 'alertmanager_config')
    web_config = settings['web_config']
    if not isinstance(web_config, Mapping):
        raise AnsibleFilterError('alertmanager_config: alertmanager_web_config of %s must be a dictionary, got %s'
                                 % (host, type(web_config).__name__))
    reach = {}
    if web_config.get('tls_server_config'):
        reach['scheme'] = 'https'
        tls_config = {}
        if settings['lifecycle_ca_path']:
            tls_config['ca_file'] = to_text(settings['lifecycle_ca_path'])
        if settings['lifecycle_client_cert']:
            tls_config['cert_file'] = to_text(settings['lifecycle_client_cert'])
            tls_config['key_file'] = to_text(settings['lifecycle_client_key'] or settings['lifecycle_client_cert'])
        if not boolean(settings['lifecycle_validate_certs'], strict=False):
            tls_config['insecure_skip_verify'] = True
        if tls_config:
            reach['tls_config'] = tls_config
    prefix = route_prefix(settings)
    if prefix:
        reach['path_prefix'] = prefix
    if web_config.get('basic_auth_users') and settings['lifecycle_username']:
        reach['basic_auth'] = {'username': to_text(settings['lifecycle_username']),
                               'password': to_text(settings['lifecycle_password'])}
    return reach


def _address(host, hostvars, inventory_hostname, who):
    if host == inventory_hostname:
        return SAME_HOST_ADDRESS
    return host_address(hostvars, host, who)


def _listen_port(host, hostvars, who):
    """The port of the host's (first) alertmanager_web_listen_address (HOST:PORT, [IPv6]:PORT or :PORT)."""
    listen_address = (first_listen_address(host_var(hostvars, host, 'alertmanager_web_listen_address', who))
                      or DEFAULT_LISTEN_ADDRESS)
    dummy, colon, port = to_text(listen_address).rpartition(':')
    if not colon or not port.isdigit() or not 0 < int(port) < 65536:
        raise AnsibleFilterError('%s: alertmanager_web_listen_address of %s must be HOST:PORT '
                                 'with a port from 1 to 65535, got %r' % (who, host, listen_address))
    return port


class FilterModule(object):
    """Filters of the site playbook."""

    def filters(self):
        return {
            'alertmanager_config': alertmanager_config,
            'alertmanager_targets': alertmanager_targets,
        }
