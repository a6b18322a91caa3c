# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""takeover_changes: what a server taken over would stop and start running, part by part, names only."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.promops.prometheus.plugins.filter.takeover import takeover_changes

# What prometheus.prometheus's prometheus role loads when the inventory sets
# none of its variables (two of its default rules shown).
THEIR_PROMETHEUS = {
    'config': {
        'global': {'scrape_interval': '15s', 'external_labels': {'environment': 'mon-1'}},
        'rule_files': ['/etc/prometheus/rules/*.yml', '/etc/prometheus/rules/*.yaml'],
        'alerting': {'alertmanagers': [{'static_configs': [{'targets': ['demo.cloudalchemy.org:9093']}]}]},
        'scrape_configs': [
            {'job_name': 'prometheus', 'static_configs': [{'targets': ['mon-1:9090']}]},
            {'job_name': 'node', 'file_sd_configs': [{'files': ['/etc/prometheus/file_sd/node.yml']}]},
        ],
    },
    'files': {'ansible_managed.yml': (
        'groups:\n- name: ansible managed alert rules\n  rules:\n'
        '  - alert: Watchdog\n    expr: vector(1)\n'
        '  - alert: InstanceDown\n    expr: up == 0\n'
        '  - record: job:up:sum\n    expr: sum by (job) (up)\n')},
}
OUR_DEFAULTS = {
    'config': {'global': {}, 'scrape_configs': [{'job_name': 'prometheus', 'static_configs': [
        {'targets': ['127.0.0.1:9090']}]}]},
    'files': {},
}


def test_the_defaults_of_both_collections_differ_in_jobs_rules_labels_and_alertmanagers():
    assert takeover_changes(THEIR_PROMETHEUS, OUR_DEFAULTS, 'prometheus') == [
        'scrape jobs: node goes',
        'rules: alert InstanceDown goes, alert Watchdog goes, record job:up:sum goes',
        'external labels: environment=mon-1 goes',
        'Alertmanagers: demo.cloudalchemy.org:9093 goes',
    ]


def test_the_same_jobs_rules_labels_and_alertmanagers_in_other_files_and_order_are_no_change():
    ours = {
        'config': {
            'global': {'external_labels': {'environment': 'mon-1'}, 'scrape_interval': '1m'},
            'rule_files': ['rules/ansible_managed.rules'],
            'alerting': {'alertmanagers': [{'scheme': 'https', 'static_configs': [
                {'targets': ['demo.cloudalchemy.org:9093']}]}]},
            'scrape_configs': [{'job_name': 'node', 'static_configs': [{'targets': ['127.0.0.1:9100']}]},
                               {'job_name': 'prometheus'}],
        },
        'files': {'ansible_managed.rules': (
            'groups:\n- name: one\n  rules:\n  - record: job:up:sum\n    expr: sum(up)\n'
            '- name: two\n  rules:\n  - alert: InstanceDown\n    expr: up < 1\n  - alert: Watchdog\n    expr: vector(2)\n')},
    }

    assert takeover_changes(THEIR_PROMETHEUS, ours, 'prometheus') == []


def test_what_comes_and_a_changed_label_are_named_too():
    before = {'config': {'global': {'external_labels': {'environment': 'mon-1', 'region': 'eu'}},
                         'scrape_configs': [{'job_name': 'prometheus'}]}}
    after = {'config': {'global': {'external_labels': {'environment': 'production', 'team': 'ops'}},
                        'scrape_configs': [{'job_name': 'prometheus'}, {'job_name': 'api'}]},
             'files': {'extra.yml': 'groups:\n- name: g\n  rules:\n  - alert: ApiDown\n    expr: up == 0\n'}}

    assert takeover_changes(before, after, 'prometheus') == [
        'scrape jobs: api comes',
        'rules: alert ApiDown comes',
        'external labels: region=eu goes, environment changes from mon-1 to production, team=ops comes',
    ]


def test_credentials_and_other_values_never_show():
    secret = 'remote-write-secret-1'
    before = {'config': {'remote_write': [{'url': 'http://writer:%s@127.0.0.1:9/api/v1/write' % secret}],
                         'scrape_configs': [{'job_name': 'federate', 'basic_auth': {'password': secret}}]}}
    after = {'config': {'scrape_configs': [{'job_name': 'federate', 'basic_auth': {'password': 'other'}}]}}

    assert takeover_changes(before, after, 'prometheus') == []
    assert secret not in repr(takeover_changes(before, {'config': {}}, 'prometheus'))


def test_a_rule_file_that_is_not_yaml_is_named():
    before = {'config': {}, 'files': {'broken.yml': 'groups: [\n'}}

    assert takeover_changes(before, {'config': {}}, 'prometheus') == [
        'rules: unreadable rule file broken.yml goes']


def test_alertmanager_receivers_route_and_templates():
    before = {'config': {'route': {'receiver': 'team-pager'},
                         'receivers': [{'name': 'team-pager', 'pagerduty_configs': [{'service_key': 'secret-key'}]},
                                       {'name': 'blackhole'}]},
              'files': {'default.tmpl': '{{ define "x" }}{{ end }}'}}
    after = {'config': {'route': {'receiver': 'default'}, 'receivers': [{'name': 'default'}, {'name': 'blackhole'}]},
             'files': {}}

    changes = takeover_changes(before, after, 'alertmanager')

    assert changes == [
        'receivers: team-pager goes, default comes',
        'route: receiver changes from team-pager to default',
        'templates: default.tmpl goes',
    ]
    assert 'secret-key' not in repr(changes)


@pytest.mark.parametrize('before, product, message', [
    ({'config': {}}, 'grafana', "the product must be one of prometheus, alertmanager, got 'grafana'"),
    (['config'], 'prometheus', 'before must be a dictionary with the parsed main configuration under config'),
    ({'config': 'text'}, 'prometheus', 'before must be a dictionary with the parsed main configuration under config'),
    ({'config': {}, 'files': ['a.yml']}, 'prometheus', 'the files of before must map file names to their text'),
])
def test_malformed_input_is_refused_naming_the_cause(before, product, message):
    with pytest.raises(AnsibleFilterError) as raised:
        takeover_changes(before, {'config': {}}, product)

    assert message in str(raised.value)


THEIR_UNIT = """[Service]
User=prometheus
ExecReload=/bin/kill -HUP $MAINPID
ExecStart=/usr/local/bin/prometheus \\
  --storage.tsdb.path=/var/lib/prometheus \\
  --storage.tsdb.retention.time=30d \\
  --web.console.templates=/etc/prometheus/consoles \\
  --web.listen-address=0.0.0.0:9090 \\
  --web.external-url= \\
  --config.file=/etc/prometheus/prometheus.yml
"""


def test_the_flags_that_hold_the_data_and_the_address_are_compared_from_the_unit_and_the_argv():
    before = {'config': {}, 'unit': THEIR_UNIT}
    same = {'config': {}, 'argv': ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/var/lib/prometheus',
                                   '--storage.tsdb.retention.time=30d', '--web.listen-address=0.0.0.0:9090',
                                   '--web.enable-lifecycle']}
    moved = {'config': {}, 'argv': ['--storage.tsdb.path=/var/lib/prometheus/metrics2',
                                    '--storage.tsdb.retention.time', '15d', '--web.listen-address=127.0.0.1:9090',
                                    '--web.external-url=http://mon-1/']}

    assert takeover_changes(before, same, 'prometheus') == []
    assert takeover_changes(before, moved, 'prometheus') == [
        'flags: --storage.tsdb.path changes from /var/lib/prometheus to /var/lib/prometheus/metrics2, '
        '--storage.tsdb.retention.time changes from 30d to 15d, --web.listen-address changes from 0.0.0.0:9090 to '
        '127.0.0.1:9090, --web.external-url=http://mon-1/ comes']


def test_alertmanager_listen_addresses_are_compared_as_a_whole_and_flags_unknown_on_one_side_are_not():
    unit = ('ExecStart=/usr/local/bin/alertmanager --storage.path=/var/lib/alertmanager '
            '--web.listen-address=0.0.0.0:9093 --web.external-url=http://localhost:9093/\n')
    after = {'config': {}, 'argv': ['--storage.path=/var/lib/alertmanager', '--web.listen-address=0.0.0.0:9093',
                                    '--web.listen-address=[::]:9093']}

    assert takeover_changes({'config': {}, 'unit': unit}, after, 'alertmanager') == [
        'flags: --web.external-url=http://localhost:9093/ goes, '
        '--web.listen-address changes from 0.0.0.0:9093 to 0.0.0.0:9093, [::]:9093']
    assert takeover_changes({'config': {}}, after, 'alertmanager') == []
    assert takeover_changes({'config': {}, 'unit': ''}, after, 'alertmanager') == []
