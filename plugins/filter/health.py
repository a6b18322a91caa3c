# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the health playbook: one row per server, the summary table, the failing rows.

The documentation of each filter is in the YAML file of the same name next to this one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
from collections.abc import Hashable, Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.parsing.convert_bool import boolean

SERVICES = ('prometheus', 'alertmanager')
UNREACHABLE_ERROR = 'no answer from the host (unreachable?)'
TABLE_LINE = '%-24s %-13s %-14s %-8s %-6s %-20s %s'
TABLE_HEADER = TABLE_LINE % ('HOST', 'SERVICE', 'VERSION', 'HEALTHY', 'READY', 'LAST RELOAD (UTC)', 'LIFECYCLE')
RELOAD_TIME_FORMAT = '%Y-%m-%d %H:%M:%S'
LAST_FAILED_SUFFIX = ' (last failed)'


def health_rows(groups, hostvars):
    """One row per host of the groups prometheus and alertmanager, in that order, from its <service>_health fact."""
    _require_mapping(groups, 'groups')
    _require_mapping(hostvars, 'hostvars')
    return [_row(host, service, _health_fact(hostvars, host, service))
            for service in SERVICES
            for host in _group_hosts(groups, service)]


def health_table(rows):
    """The summary table: a header line, then one line per row."""
    return [TABLE_HEADER] + [_table_line(row) for row in _checked_rows(rows, 'health_table')]


def health_failures(rows):
    """The rows of the servers that are not ready, then of those ready but not healthy."""
    rows = [_row(row['host'], row['service'], row) for row in _checked_rows(rows, 'health_failures')]
    not_ready = [row for row in rows if not row['ready']]
    ready_not_healthy = [row for row in rows if row['ready'] and not row['healthy']]
    return not_ready + ready_not_healthy


def _require_mapping(value, name):
    if not isinstance(value, Mapping):
        raise AnsibleFilterError('health_rows: %s must be a dictionary, got %s' % (name, type(value).__name__))


def _group_hosts(groups, service):
    hosts = groups.get(service) or []
    if not is_sequence(hosts) or not all(isinstance(host, str) for host in hosts):
        raise AnsibleFilterError("health_rows: groups['%s'] must be a list of host names, got %r" % (service, hosts))
    return hosts


def _health_fact(hostvars, host, service):
    """The host's <service>_health fact, or None when the host never recorded one (unreachable)."""
    fact_name = '%s_health' % service
    if host not in hostvars:
        return None
    host_vars = hostvars[host]
    _require_mapping(host_vars, "hostvars['%s']" % host)
    fact = host_vars.get(fact_name)
    if fact is not None and not isinstance(fact, Mapping):
        raise AnsibleFilterError("health_rows: hostvars['%s']['%s'] must be a dictionary, got %s"
                                 % (host, fact_name, type(fact).__name__))
    return fact


def _row(host, service, health):
    """The row of one server, with every value in the type the table and the checks expect."""
    if health is None:
        health = {'healthy': False, 'ready': False, 'error': UNREACHABLE_ERROR}
    where = '%s (%s)' % (host, service)
    return {
        'host': to_text(host),
        'service': to_text(service),
        'healthy': _flag(health.get('healthy'), 'healthy', where),
        'ready': _flag(health.get('ready'), 'ready', where),
        'version': to_text(health.get('version') or '-'),
        'reload_timestamp': _timestamp(health.get('reload_timestamp'), where),
        'reload_successful': _flag(health.get('reload_successful'), 'reload_successful', where),
        'lifecycle_enabled': _lifecycle_enabled(health.get('lifecycle_enabled')),
        'error': to_text(health.get('error') or ''),
    }


def _flag(value, name, where):
    """True or False as the bool filter reads value; None is False."""
    if not isinstance(value, Hashable):
        raise AnsibleFilterError('%s of %s must be a boolean, got %s' % (name, where, type(value).__name__))
    return boolean(value, strict=False)


def _timestamp(value, where):
    """Seconds since the epoch as a float; 0.0 when there is none."""
    if value is None or value == '':
        return 0.0
    if not isinstance(value, bool):
        try:
            return float(value)
        except (TypeError, ValueError):
            pass
    raise AnsibleFilterError('reload_timestamp of %s must be a number of seconds, got %r' % (where, value))


def _lifecycle_enabled(value):
    """True or False, or the text the fact holds when it is not a boolean (unknown)."""
    if value is None or value == '':
        return 'unknown'
    try:
        return boolean(value, strict=True)
    except TypeError:
        return to_text(value)


def _checked_rows(rows, filter_name):
    if not is_sequence(rows):
        raise AnsibleFilterError('%s: the input must be a list of rows from health_rows, got %s'
                                 % (filter_name, type(rows).__name__))
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping) or 'host' not in row or 'service' not in row:
            raise AnsibleFilterError('%s: row %d must be a dictionary with the keys host and service, got %r'
                                     % (filter_name, index, row))
    return rows


def _table_line(row):
    row = _row(row['host'], row['service'], row)
    return TABLE_LINE % (row['host'], row['service'], row['version'], row['healthy'], row['ready'],
                         _last_reload(row), row['lifecycle_enabled'])


def _last_reload(row):
    """The reload time in UTC, '-' when there was none, marked when the last attempt failed."""
    stamp = row['reload_timestamp']
    if not stamp > 0:
        return '-'
    try:
        text = time.strftime(RELOAD_TIME_FORMAT, time.gmtime(stamp))
    except (OverflowError, OSError, ValueError):
        raise AnsibleFilterError('reload_timestamp of %s (%s) is not a time: %r'
                                 % (row['host'], row['service'], stamp))
    return text if row['reload_successful'] else text + LAST_FAILED_SUFFIX


class FilterModule(object):
    """Filters of the health playbook."""

    def filters(self):
        return {
            'health_rows': health_rows,
            'health_table': health_table,
            'health_failures': health_failures,
        }
