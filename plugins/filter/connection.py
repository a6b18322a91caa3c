# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter of the maintenance and health playbooks: how to reach a server's API on its own host.

The documentation of the filter is in server_connection.yml next to this file.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.promops.prometheus.plugins.plugin_utils._inventory import (
    DEFAULTS, first_listen_address, require_mapping, role_settings, route_prefix)

LOOPBACK_HOSTS = ('', '0.0.0.0', '::', '127.0.0.1')
WHO = 'server_connection'


def server_connection(host, hostvars, product):
    """The connection options of the lifecycle modules for the product's server on host, from its inventory."""
    if product not in DEFAULTS:
        raise AnsibleFilterError('server_connection: the product must be one of %s, got %r'
                                 % (', '.join(sorted(DEFAULTS)), product))
    require_mapping(hostvars, 'hostvars', WHO)
    if not isinstance(host, str):
        raise AnsibleFilterError('server_connection: the host must be a host name, got %r' % (host,))
    settings = role_settings(hostvars, host, product, WHO)
    connection = {
        'url': to_text(settings['lifecycle_url']) or _api_url(host, product, settings),
        'validate_certs': _flag(settings['lifecycle_validate_certs'], host, product, 'lifecycle_validate_certs'),
        'timeout': _seconds(settings['lifecycle_timeout'], host, product),
    }
    if settings['lifecycle_username']:
        connection['url_username'] = to_text(settings['lifecycle_username'])
        connection['url_password'] = to_text(settings['lifecycle_password'])
    for option in ('ca_path', 'client_cert', 'client_key'):
        if settings['lifecycle_' + option]:
            connection[option] = to_text(settings['lifecycle_' + option])
    return connection


def _api_url(host, product, settings):
    """The URL the role's own calls use: loopback for a wildcard or loopback listener, https with TLS."""
    listen_address = to_text(first_listen_address(settings['web_listen_address']) or '')
    listen_host, colon, port = listen_address.rpartition(':')
    if not colon or not port.isdigit():
        raise AnsibleFilterError('server_connection: %s_web_listen_address of %s must be HOST:PORT, got %r'
                                 % (product, host, listen_address))
    listen_host = listen_host.strip('[]')
    if listen_host in LOOPBACK_HOSTS:
        api_host = '127.0.0.1'
    else:
        api_host = '[%s]' % listen_host if ':' in listen_host else listen_host
    web_config = settings['web_config']
    if not isinstance(web_config, Mapping):
        raise AnsibleFilterError('server_connection: %s_web_config of %s must be a dictionary, got %s'
                                 % (product, host, type(web_config).__name__))
    scheme = 'https' if web_config.get('tls_server_config') else 'http'
    return '%s://%s:%s%s' % (scheme, api_host, port, route_prefix(settings))


def _flag(value, host, product, name):
    try:
        return boolean(value, strict=True)
    except TypeError:
        raise AnsibleFilterError('server_connection: %s_%s of %s must be a boolean, got %r'
                                 % (product, name, host, value))


def _seconds(value, host, product):
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        seconds = 0
    if isinstance(value, bool) or seconds <= 0:
        raise AnsibleFilterError('server_connection: %s_lifecycle_timeout of %s must be a number of seconds, got %r'
                                 % (product, host, value))
    return seconds


class FilterModule(object):
    """Filter of the maintenance and health playbooks."""

    def filters(self):
        return {
            'server_connection': server_connection,
        }
