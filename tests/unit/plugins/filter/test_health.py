# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters of the health playbook: health_rows, health_table and health_failures."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.promops.prometheus.plugins.filter.health import (
    FilterModule, health_failures, health_rows, health_table,
)
from ansible_collections.promops.prometheus.tests.unit.helpers import ReadOnlyVars

HEADER = ('HOST                     SERVICE       VERSION        HEALTHY  READY  LAST RELOAD (UTC)    CLUSTER        '
          'LIFECYCLE API')
# 2026-11-25 08:20:29 UTC
RELOADED_AT = 1795594829.6428211


def fact(service, **values):
    """A <service>_health fact as the roles' health entry point records it."""
    health = dict(service=service, url='http://127.0.0.1:9090', healthy=True, ready=True, version='2.53.3',
                  reload_timestamp=RELOADED_AT, reload_successful=True, lifecycle_enabled=True, error='')
    health.update(values)
    return health


def row(host, service='prometheus', **values):
    """A row as health_rows gives it for a healthy server."""
    result = dict(host=host, service=service, healthy=True, ready=True, version='2.53.3',
                  reload_timestamp=RELOADED_AT, reload_successful=True, lifecycle_enabled=True, api_access='-',
                  error='', cluster_status='', cluster_peers=0, cluster_size=0)
    result.update(values)
    return result


# --------------------------------------------------------------------------
# health_rows
# --------------------------------------------------------------------------

def test_rows_list_every_prometheus_then_every_alertmanager_in_group_order():
    groups = {'alertmanager': ['am-2', 'am-1'], 'prometheus': ['prom-b', 'prom-a'], 'all': ['other']}
    hostvars = {'prom-a': {'prometheus_health': fact('prometheus')},
                'prom-b': {'prometheus_health': fact('prometheus')},
                'am-1': {'alertmanager_health': fact('alertmanager')},
                'am-2': {'alertmanager_health': fact('alertmanager')}}

    rows = health_rows(groups, hostvars)

    assert [(r['host'], r['service']) for r in rows] == [
        ('prom-b', 'prometheus'), ('prom-a', 'prometheus'), ('am-2', 'alertmanager'), ('am-1', 'alertmanager')]


def test_a_host_in_both_groups_has_one_row_per_service_from_each_fact():
    groups = {'prometheus': ['mon'], 'alertmanager': ['mon']}
    hostvars = {'mon': {'prometheus_health': fact('prometheus', version='2.53.3'),
                        'alertmanager_health': fact('alertmanager', version='0.28.1')}}

    rows = health_rows(groups, hostvars)

    assert [(r['service'], r['version']) for r in rows] == [('prometheus', '2.53.3'), ('alertmanager', '0.28.1')]


def test_a_row_holds_the_fact_with_the_host_and_without_other_keys():
    groups = {'prometheus': ['prom']}
    hostvars = {'prom': {'prometheus_health': fact('prometheus', error='', lifecycle_enabled=False)}}

    assert health_rows(groups, hostvars) == [row('prom', lifecycle_enabled=False)]


def test_missing_groups_have_no_rows():
    hostvars = {'prom': {'prometheus_health': fact('prometheus')}}

    assert health_rows({}, {}) == []
    assert [r['host'] for r in health_rows({'prometheus': ['prom']}, hostvars)] == ['prom']
    assert health_rows({'prometheus': None, 'alertmanager': []}, hostvars) == []


@pytest.mark.parametrize('hostvars', [
    {'am': {'inventory_hostname': 'am'}},
    {},
    {'am': {'prometheus_health': fact('prometheus')}},
    {'am': {'alertmanager_health': None}},
], ids=['no fact', 'host unknown to hostvars', 'fact of the other service', 'null fact'])
def test_a_server_without_its_fact_gets_the_unreachable_row(hostvars):
    rows = health_rows({'alertmanager': ['am']}, hostvars)

    assert rows == [{'host': 'am', 'service': 'alertmanager', 'healthy': False, 'ready': False, 'version': '-',
                     'reload_timestamp': 0.0, 'reload_successful': False, 'lifecycle_enabled': 'unknown',
                     'api_access': '-', 'error': 'no answer from the host (unreachable?)',
                     'cluster_status': '', 'cluster_peers': 0, 'cluster_size': 1}]


def test_templated_strings_of_older_ansible_core_become_booleans_and_numbers():
    hostvars = {'prom': {'prometheus_health': fact(
        'prometheus', healthy='True', ready='False', reload_timestamp='1795594829.6428211',
        reload_successful='False', lifecycle_enabled='True', error='not ready')}}

    [found] = health_rows({'prometheus': ['prom']}, hostvars)

    assert found['healthy'] is True and found['ready'] is False and found['reload_successful'] is False
    assert found['reload_timestamp'] == RELOADED_AT
    assert found['lifecycle_enabled'] is True


@pytest.mark.parametrize('missing', [None, '', 'absent'])
def test_missing_values_take_the_defaults_of_the_table(missing):
    health = {'service': 'prometheus', 'healthy': True, 'ready': True}
    if missing != 'absent':
        health.update(version=missing, reload_timestamp=missing, reload_successful=missing,
                      lifecycle_enabled=missing, error=missing)

    [found] = health_rows({'prometheus': ['prom']}, {'prom': {'prometheus_health': health}})

    assert found == row('prom', version='-', reload_timestamp=0.0, reload_successful=False,
                        lifecycle_enabled='unknown', error='')


def test_a_lifecycle_state_that_is_no_boolean_is_kept_as_text():
    hostvars = {'prom': {'prometheus_health': fact('prometheus', lifecycle_enabled='unknown')}}

    assert health_rows({'prometheus': ['prom']}, hostvars)[0]['lifecycle_enabled'] == 'unknown'


def test_rows_accept_mappings_that_are_no_dicts_like_hostvars():
    hostvars = ReadOnlyVars({'prom': ReadOnlyVars({'prometheus_health': ReadOnlyVars(fact('prometheus'))})})

    assert health_rows(ReadOnlyVars({'prometheus': ('prom',)}), hostvars) == [row('prom')]


@pytest.mark.parametrize('groups, hostvars, message', [
    (['prom'], {}, 'health_rows: groups must be a dictionary, got list'),
    ({'prometheus': ['prom']}, 'prom', 'health_rows: hostvars must be a dictionary, got str'),
    ({'prometheus': 'prom'}, {}, "health_rows: groups['prometheus'] must be a list of host names, got 'prom'"),
    ({'alertmanager': [1]}, {}, "health_rows: groups['alertmanager'] must be a list of host names, got [1]"),
    ({'prometheus': ['prom']}, {'prom': ['x']}, "health_rows: hostvars['prom'] must be a dictionary, got list"),
    ({'prometheus': ['prom']}, {'prom': {'prometheus_health': 'healthy'}},
     "health_rows: hostvars['prom']['prometheus_health'] must be a dictionary, got str"),
    ({'prometheus': ['prom']}, {'prom': {'prometheus_health': fact('prometheus', reload_timestamp='soon')}},
     "reload_timestamp of prom (prometheus) must be a number of seconds, got 'soon'"),
    ({'prometheus': ['prom']}, {'prom': {'prometheus_health': fact('prometheus', reload_timestamp=True)}},
     'reload_timestamp of prom (prometheus) must be a number of seconds, got True'),
    ({'prometheus': ['prom']}, {'prom': {'prometheus_health': fact('prometheus', healthy={'status': 'up'})}},
     'healthy of prom (prometheus) must be a boolean, got dict'),
], ids=['groups', 'hostvars', 'group is a string', 'host name is a number', 'host vars', 'fact',
        'timestamp text', 'timestamp boolean', 'flag dictionary'])
def test_rows_of_bad_input_fail_with_what_is_wrong(groups, hostvars, message):
    with pytest.raises(AnsibleFilterError) as error:
        health_rows(groups, hostvars)

    assert str(error.value) == message


def am_fact(status, peers, **values):
    """An alertmanager_health fact with the cluster the health playbook reads from /api/v2/status."""
    return fact('alertmanager', version='0.28.1', cluster={'status': status, 'peers': peers}, **values)


def am_groups(*hosts):
    return {'alertmanager': list(hosts)}


def test_alertmanager_rows_hold_the_cluster_seen_against_the_size_of_the_group():
    peers = [{'name': 'A', 'address': '10.0.0.1:9094'}, {'name': 'B', 'address': '10.0.0.2:9094'},
             {'name': 'C', 'address': '10.0.0.3:9094'}]
    hostvars = {'am-1': {'alertmanager_health': am_fact('ready', peers)},
                'am-2': {'alertmanager_health': am_fact('ready', 3)},
                'am-3': {'alertmanager_health': am_fact('ready', '3')}}

    rows = health_rows(am_groups('am-1', 'am-2', 'am-3'), hostvars)

    assert [(r['cluster_status'], r['cluster_peers'], r['cluster_size'], r['error']) for r in rows] == [
        ('ready', 3, 3, '')] * 3
    assert health_failures(rows) == []


@pytest.mark.parametrize('status, peers, message', [
    ('ready', 2, 'cluster split: sees 2 of 3 peers (status ready)'),
    ('settling', 3, 'cluster split: sees 3 of 3 peers (status settling)'),
    ('settling', 1, 'cluster split: sees 1 of 3 peers (status settling)'),
], ids=['a peer missing', 'not settled', 'alone'])
def test_a_split_cluster_fails_the_check_naming_the_peers_seen_and_expected(status, peers, message):
    hostvars = {'am-1': {'alertmanager_health': am_fact('ready', 3)},
                'am-2': {'alertmanager_health': am_fact(status, peers)},
                'am-3': {'alertmanager_health': am_fact('ready', 3)}}

    rows = health_rows(am_groups('am-1', 'am-2', 'am-3'), hostvars)
    failures = health_failures(rows)

    assert [(r['host'], r['error']) for r in failures] == [('am-2', message)]


def test_a_split_cluster_comes_after_the_servers_not_ready_and_not_healthy():
    hostvars = {'split': {'alertmanager_health': am_fact('ready', 1)},
                'sick': {'alertmanager_health': am_fact('ready', 3, healthy=False)}}

    failures = health_failures(health_rows(am_groups('split', 'down', 'sick'), hostvars))

    assert [r['host'] for r in failures] == ['down', 'sick', 'split']


@pytest.mark.parametrize('cluster', [{'status': 'disabled', 'peers': []}, {}, None],
                         ids=['clustering off', 'no status', 'no cluster read'])
def test_an_alertmanager_without_a_cluster_status_passes_whatever_the_size_of_the_group(cluster):
    hostvars = {'am-1': {'alertmanager_health': fact('alertmanager', cluster=cluster)},
                'am-2': {'alertmanager_health': fact('alertmanager', cluster=cluster)}}

    rows = health_rows(am_groups('am-1', 'am-2'), hostvars)

    assert health_failures(rows) == []
    assert [r['error'] for r in rows] == ['', '']


def test_a_single_alertmanager_needs_no_cluster():
    rows = health_rows(am_groups('am'), {'am': {'alertmanager_health': am_fact('disabled', [])}})

    assert rows[0]['cluster_size'] == 1 and health_failures(rows) == []


def test_more_peers_than_hosts_in_the_group_is_no_split():
    rows = health_rows(am_groups('am-1'), {'am-1': {'alertmanager_health': am_fact('ready', 2)}})

    assert health_failures(rows) == []


def test_prometheus_rows_carry_no_cluster_even_with_alertmanagers_in_the_inventory():
    groups = {'prometheus': ['prom'], 'alertmanager': ['am-1', 'am-2']}
    hostvars = {'prom': {'prometheus_health': fact('prometheus', cluster={'status': 'settling', 'peers': 1})}}

    [prom, dummy, dummy] = health_rows(groups, hostvars)

    assert prom['cluster_size'] == 0 and prom['error'] == ''
    assert health_failures([prom]) == []


def test_a_not_ready_server_keeps_its_own_error_rather_than_the_cluster_one():
    hostvars = {'am': {'alertmanager_health': am_fact('settling', 1, ready=False, error='not reachable')}}

    found = health_rows(am_groups('am', 'other'), hostvars)[0]

    assert found['error'] == 'not reachable'


@pytest.mark.parametrize('cluster, message', [
    ('ready', 'cluster of am (alertmanager) must be a dictionary, got str'),
    ({'status': 'ready', 'peers': 'three'}, "cluster peers of am (alertmanager) must be a number of peers, got 'three'"),
    ({'status': 'ready', 'peers': -1}, 'cluster peers of am (alertmanager) must be a number of peers, got -1'),
    ({'status': 'ready', 'peers': True}, 'cluster peers of am (alertmanager) must be a number of peers, got True'),
], ids=['cluster text', 'peers text', 'negative', 'boolean'])
def test_a_bad_cluster_fails_with_what_is_wrong(cluster, message):
    with pytest.raises(AnsibleFilterError) as error:
        health_rows(am_groups('am'), {'am': {'alertmanager_health': fact('alertmanager', cluster=cluster)}})

    assert str(error.value) == message


# --------------------------------------------------------------------------
# health_table
# --------------------------------------------------------------------------

def test_the_table_has_the_header_then_one_line_per_row_in_order():
    lines = health_table([row('prom-1', api_access='protected'),
                          row('am-1', 'alertmanager', version='0.28.1', lifecycle_enabled='unknown', api_access='open')])

    assert lines == [
        HEADER,
        'prom-1                   prometheus    2.53.3         True     True   2026-11-25 08:20:29  -              True'
        '      protected',
        'am-1                     alertmanager  0.28.1         True     True   2026-11-25 08:20:29  -              unknown'
        '   open',
    ]


def test_a_table_of_no_rows_is_the_header():
    assert health_table([]) == [HEADER]


def test_an_unreachable_server_shows_dashes_false_and_unknown():
    [dummy, line] = health_table([{'host': 'prom-down', 'service': 'prometheus', 'healthy': False, 'ready': False,
                                   'error': 'no answer from the host (unreachable?)'}])

    assert line == ('prom-down                prometheus    -              False    False  -                    -'
                    '              unknown   -')


def test_a_failed_last_reload_is_marked_after_the_time_of_the_last_good_one():
    [dummy, line] = health_table([row('prom', reload_successful=False)])

    assert line.endswith('True   2026-11-25 08:20:29 (last failed) -              True      -')


@pytest.mark.parametrize('successful', [False, 'False', None])
def test_no_reload_time_is_a_dash_without_mark_even_when_the_last_reload_failed(successful):
    [dummy, line] = health_table([row('prom', reload_timestamp=0, reload_successful=successful)])

    assert line == ('prom                     prometheus    2.53.3         True     True   -                    -'
                    '              True      -')


@pytest.mark.parametrize('stamp, shown', [
    (12, '1970-01-01 00:00:12'),
    ('1795594829.9999', '2026-11-25 08:20:29'),
    (-5, '-'),
    (float('nan'), '-'),
])
def test_reload_times_are_utc_seconds_cut_not_rounded(stamp, shown):
    [dummy, line] = health_table([row('prom', reload_timestamp=stamp)])

    assert line[70:70 + len(shown)] == shown


@pytest.fixture
def controller_in_new_york(monkeypatch):
    monkeypatch.setenv('TZ', 'America/New_York')
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures('controller_in_new_york')
def test_reload_times_are_utc_whatever_the_time_zone_of_the_controller():
    [dummy, line] = health_table([row('prom', reload_timestamp=RELOADED_AT)])

    assert time.strftime('%H', time.localtime(RELOADED_AT)) == '03'
    assert '2026-11-25 08:20:29' in line


def test_flags_given_as_text_print_as_booleans():
    [dummy, line] = health_table([row('prom', healthy='true', ready='no', lifecycle_enabled='False')])

    assert line.split()[3:5] == ['True', 'False'] and line.split()[-2] == 'False'


def test_long_values_widen_their_column_instead_of_being_cut():
    host = 'prometheus-primary.monitoring.example.org'

    [dummy, line] = health_table([row(host)])

    assert line.startswith(host + ' prometheus    2.53.3')


def test_table_lines_split_into_the_words_the_integration_tests_read():
    [dummy, line] = health_table([row('prom', reload_successful=False)])

    assert line.split() == ['prom', 'prometheus', '2.53.3', 'True', 'True', '2026-11-25', '08:20:29', '(last',
                            'failed)', '-', 'True', '-']


@pytest.mark.parametrize('cluster, cell', [
    ({'status': 'ready', 'peers': 3}, 'ready 3/3'),
    ({'status': 'settling', 'peers': 1}, 'settling 1/3'),
    ({'status': 'disabled', 'peers': []}, 'disabled'),
    (None, '-'),
])
def test_the_cluster_column_shows_the_status_and_the_peers_seen_of_the_group(cluster, cell):
    hostvars = {'am': {'alertmanager_health': fact('alertmanager', version='0.28.1', cluster=cluster)}}

    line = health_table(health_rows(am_groups('am', 'am-2', 'am-3'), hostvars))[1]

    assert line == ('am                       alertmanager  0.28.1         True     True   2026-11-25 08:20:29  %-14s True'
                    '      -' % cell)


@pytest.mark.parametrize('rows, message', [
    ({'host': 'prom'}, 'health_table: the input must be a list of rows from health_rows, got dict'),
    ('prom', 'health_table: the input must be a list of rows from health_rows, got str'),
    ([row('prom'), 'am'], "health_table: row 1 must be a dictionary with the keys host and service, got 'am'"),
    ([{'host': 'prom'}], "health_table: row 0 must be a dictionary with the keys host and service, got {'host': 'prom'}"),
    ([row('prom', reload_timestamp='yesterday')],
     "reload_timestamp of prom (prometheus) must be a number of seconds, got 'yesterday'"),
    ([row('prom', reload_timestamp=1e20)], 'reload_timestamp of prom (prometheus) is not a time: 1e+20'),
], ids=['dictionary', 'text', 'row text', 'row without service', 'timestamp text', 'timestamp too far'])
def test_a_table_of_bad_input_fails_with_what_is_wrong(rows, message):
    with pytest.raises(AnsibleFilterError) as error:
        health_table(rows)

    assert str(error.value) == message


# --------------------------------------------------------------------------
# health_failures
# --------------------------------------------------------------------------

def test_failures_are_the_servers_not_ready_then_those_ready_but_not_healthy():
    rows = [row('ok-1'), row('sick', ready=True, healthy=False), row('down', healthy=False, ready=False),
            row('starting', healthy=True, ready=False), row('ok-2', 'alertmanager')]

    assert [r['host'] for r in health_failures(rows)] == ['down', 'starting', 'sick']


def test_no_failures_when_every_server_is_healthy_and_ready():
    assert health_failures([row('prom'), row('am', 'alertmanager')]) == []


def test_failures_read_flags_given_as_text_like_the_bool_filter():
    rows = [row('text-false', ready='False'), row('text-true', ready='True', healthy='yes')]

    assert [r['host'] for r in health_failures(rows)] == ['text-false']


def test_failures_keep_the_keys_of_the_rows():
    down = row('down', healthy=False, ready=False, error='not reachable')

    assert health_failures([down]) == [down]


def test_failures_of_rows_without_flags_count_them_as_false():
    assert [r['host'] for r in health_failures([{'host': 'bare', 'service': 'prometheus'}])] == ['bare']


@pytest.mark.parametrize('rows, message', [
    (None, 'health_failures: the input must be a list of rows from health_rows, got NoneType'),
    ([{'service': 'prometheus'}],
     "health_failures: row 0 must be a dictionary with the keys host and service, got {'service': 'prometheus'}"),
])
def test_failures_of_bad_input_fail_with_what_is_wrong(rows, message):
    with pytest.raises(AnsibleFilterError) as error:
        health_failures(rows)

    assert str(error.value) == message


def test_the_filter_module_names_each_filter():
    assert FilterModule().filters() == {
        'health_rows': health_rows, 'health_table': health_table, 'health_failures': health_failures}


def test_the_api_column_shows_who_can_use_the_management_api():
    hostvars = {'prom': {'prometheus_health': fact('prometheus', api_access='open')}}

    [found] = health_rows({'prometheus': ['prom']}, hostvars)

    assert found['api_access'] == 'open'
    assert health_table([found])[1].split()[-1] == 'open'
