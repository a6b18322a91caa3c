# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This plugin_utils is PRIVATE to promops.prometheus: it may change without notice.
"""The inventory as the filters read it: groups, hostvars and one host's variables, checked.

`who` is the filter's name, which every error message starts with.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping
from urllib.parse import urlsplit

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible.module_utils.common.text.converters import to_text

# The roles' defaults of the settings a server's API address, credentials and
# TLS come from (roles/<product>/defaults/main.yml; a unit test keeps them equal).
DEFAULTS = {
    'prometheus': {'web_listen_address': '0.0.0.0:9090'},
    'alertmanager': {'web_listen_address': '0.0.0.0:9093'},
}
COMMON_DEFAULTS = {
    'web_external_url': '', 'web_route_prefix': '', 'web_config': {}, 'lifecycle_url': '',
    'lifecycle_username': '', 'lifecycle_password': '', 'lifecycle_validate_certs': True,
    'lifecycle_ca_path': '', 'lifecycle_client_cert': '', 'lifecycle_client_key': '', 'lifecycle_timeout': 120,
}


def require_mapping(value, name, who):
    if not isinstance(value, Mapping):
        raise AnsibleFilterError('%s: %s must be a dictionary, got %s' % (who, name, type(value).__name__))


def require_host_name(value, who):
    if not isinstance(value, str):
        raise AnsibleFilterError('%s: inventory_hostname must be a host name, got %r' % (who, value))


def group_hosts(groups, group, who):
    """The host names of the group (none when the group is missing)."""
    hosts = groups.get(group) or []
    if not is_sequence(hosts) or not all(isinstance(host, str) for host in hosts):
        raise AnsibleFilterError("%s: groups['%s'] must be a list of host names, got %r" % (who, group, hosts))
    return hosts


def host_var(hostvars, host, name, who):
    """The variable name of host, or None when the host or the variable is not defined."""
    if host not in hostvars:
        return None
    host_vars = hostvars[host]
    require_mapping(host_vars, "hostvars['%s']" % host, who)
    return host_vars.get(name)


def role_settings(hostvars, host, product, who):
    """The product role's settings of host, without the product prefix: its inventory's, else the role's defaults."""
    host_vars = hostvars[host] if host in hostvars else {}
    require_mapping(host_vars, "hostvars['%s']" % host, who)
    settings = {}
    for name, default in dict(COMMON_DEFAULTS, **DEFAULTS[product]).items():
        value = host_vars.get('%s_%s' % (product, name))
        settings[name] = default if value is None else value
    return settings


def route_prefix(settings):
    """The server's route prefix without a trailing slash: web_route_prefix, else the path of web_external_url."""
    return to_text(settings['web_route_prefix'] or urlsplit(to_text(settings['web_external_url'])).path).rstrip('/')


def first_listen_address(value):
    """The first of a listen address setting: one address, or a list of them (Alertmanager)."""
    if is_sequence(value):
        return value[0] if len(value) else None
    return value


def host_address(hostvars, host, who):
    """The host's ansible_host, else its name; an IPv6 address in brackets."""
    address = to_text(host_var(hostvars, host, 'ansible_host', who) or host)
    if ':' in address and not address.startswith('['):
        return '[%s]' % address
    return address
