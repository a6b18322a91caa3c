# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the health playbook: one row per server, the summary table, the failing rows.

Alertmanager rows carry the cluster as the server sees it; a cluster that has
not settled, or that sees fewer peers than the group alertmanager has hosts,
fails the check.

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
TABLE_LINE = '%-24s %-13s %-14s %-8s %-6s %-20s %-14s %-9s %s'
TABLE_HEADER = TABLE_LINE % ('HOST', 'SERVICE', 'VERSION', 'HEALTHY', 'READY', 'LAST RELOAD (UTC)', 'CLUSTER',
                             'LIFECYCLE', 'API')
RELOAD_TIME_FORMAT = '%Y-%m-%d %H:%M:%S'
LAST_FAILED_SUFFIX = ' (last failed)'
# Alertmanager's cluster status when it runs without clustering.
CLUSTER_DISABLED = 'disabled'
CLUSTER_READY = 'ready'


def health_rows(groups, hostvars):
    """One row per host of the groups prometheus and alertmanager, in that order, from its <service>_health fact."""
    _require_mapping(groups, 'groups')
    _require_mapping(hostvars, 'hostvars')
    cluster_size = len(set(_group_hosts(groups, 'alertmanager')))
    return [_row(host, service, _health_fact(hostvars, host, service),
                 cluster_size if service == 'alertmanager' else 0)
            for service in SERVICES
            for host in _group_hosts(groups, service)]


def health_table(rows):
    """The summary table: a header line, then one line per row."""
    return [TABLE_HEADER] + [_table_line(row) for row in _checked_rows(rows, 'health_table')]


def health_failures(rows):
    """The rows of the servers that are not ready, then of those ready but not healthy, then of split clusters."""
    rows = [_row(row['host'], row['service'], row) for row in _checked_rows(rows, 'health_failures')]
    not_ready = [row for row in rows if not row['ready']]
    ready_not_healthy = [row for row in rows if row['ready'] and not row['healthy']]
    split = [row for row in rows if row['ready'] and row['healthy'] and _cluster_split(row)]
    return not_ready + ready_not_healthy + split


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


def _row(host, service, health, cluster_size=None):
    """The row of one server, from its fact or from a row, with every value in the type the table and checks expect."""
    if health is None:
        health = {'healthy': False, 'ready': False, 'error': UNREACHABLE_ERROR}
    where = '%s (%s)' % (host, service)
    row = {
        'host': to_text(host),
        'service': to_text(service),
        'healthy': _flag(health.get('healthy'), 'healthy', where),
        'ready': _flag(health.get('ready'), 'ready', where),
        'version': to_text(health.get('version') or '-'),
        'reload_timestamp': _timestamp(health.get('reload_timestamp'), where),
        'reload_successful': _flag(health.get('reload_successful'), 'reload_successful', where),
        'lifecycle_enabled': _lifecycle_enabled(health.get('lifecycle_enabled')),
        'api_access': to_text(health.get('api_access') or '-'),
        'error': to_text(health.get('error') or ''),
    }
    row.update(_cluster(health, cluster_size, where))
    if not row['error'] and _cluster_split(row):
        row['error'] = 'cluster split: sees %d of %d peers (status %s)' % (
            row['cluster_peers'], row['cluster_size'], row['cluster_status'])
    return row


def _cluster(health, cluster_size, where):
    """cluster_status, cluster_peers and cluster_size, from a fact's cluster (status, peers) or from a row."""
    if cluster_size is None:
        status, peers, size = health.get('cluster_status'), health.get('cluster_peers'), health.get('cluster_size')
    else:
        cluster = health.get('cluster') or {}
        if not isinstance(cluster, Mapping):
            raise AnsibleFilterError('cluster of %s must be a dictionary, got %s' % (where, type(cluster).__name__))
        status, peers, size = cluster.get('status'), cluster.get('peers'), cluster_size
        if is_sequence(peers):
            peers = len(peers)
    return {
        'cluster_status': to_text(status or ''),
        'cluster_peers': _count(peers, 'cluster peers', where),
        'cluster_size': _count(size, 'cluster size', where),
    }


def _count(value, name, where):
    """A whole number of at least 0; None is 0."""
    if value is None or value == '':
        return 0
    if not isinstance(value, bool):
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if number >= 0:
            return number
    raise AnsibleFilterError('%s of %s must be a number of peers, got %r' % (name, where, value))


def _cluster_split(row):
    """Whether an Alertmanager in a cluster has not settled or sees fewer peers than the group has hosts."""
    if row['service'] != 'alertmanager' or row['cluster_status'] in ('', CLUSTER_DISABLED):
        return False
    return row['cluster_status'] != CLUSTER_READY or row['cluster_peers'] < row['cluster_size']


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
                         _last_reload(row), _cluster_cell(row), row['lifecycle_enabled'], row['api_access'])


def _cluster_cell(row):
    """'-' when unknown, 'disabled', or the status with the peers seen of the group's hosts ('ready 3/3')."""
    if not row['cluster_status']:
        return '-'
    if row['cluster_status'] == CLUSTER_DISABLED:
        return CLUSTER_DISABLED
    return '%s %d/%d' % (row['cluster_status'], row['cluster_peers'], row['cluster_size'])


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
