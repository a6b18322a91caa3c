# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secret values of configuration files replaced by a marker, and the lines that changed still shown."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib

import pytest

from ansible_collections.promops.prometheus.plugins.module_utils._redact import (
    CHANGED,
    MARKER,
    known_secrets,
    redact,
    redact_output,
    redact_pair,
)

HASH = '$2b$10$etH6XTeWFa8TkyN3fVizE.mnyNOHfiiwwKNb5Z3u/CiA3MKJzUEpC'

ALERTMANAGER = '''global:
  resolve_timeout: 5m
  smtp_auth_password: smtp-pass-1
  slack_api_url: https://hooks.slack.com/services/T0/B0/slackkey1
  opsgenie_api_key: genie-key-1
receivers:
- name: team
  webhook_configs:
  - url: http://hook-user:hook-pass-1@127.0.0.1:5001/
    send_resolved: true
  slack_configs:
  - api_url: https://slack.example.com/secret-path-1
    channel: '#ops'
  pagerduty_configs:
  - routing_key: pd-routing-1
    service_key: pd-service-1
    url: https://events.pagerduty.com/v2/enqueue
  telegram_configs:
  - bot_token: tg-token-1
    chat_id: 42
  msteams_configs:
  - webhook_url: https://example.webhook.office.com/webhookb2/teams-key-1
'''

PROMETHEUS = '''remote_write:
- url: https://rw-user:rw-pass-1@remote.example.com/api/v1/write?api_key=query-key-1&tenant=a
  basic_auth: {username: flow-user, password: "flow pass 1"}
  authorization:
    type: Bearer
    credentials: bearer-cred-1
  headers:
    X-Api-Key: header-key-1
    X-Scope-OrgID: tenant-a
  oauth2:
    client_id: my-client
    client_secret: oauth-secret-1
  http_headers:
    X-Custom:
      secrets:
      - header-secret-1
      values: [visible-value]
scrape_configs:
- job_name: node
  static_configs:
  - targets: ["127.0.0.1:9100"]
'''

WEB = '''basic_auth_users:
  admin: %s
tls_server_config:
  cert_file: /etc/ssl/cert.pem
  key: |
    -----BEGIN PRIVATE KEY-----
    inline-key-body-1
    -----END PRIVATE KEY-----
''' % HASH

SECRETS = ['smtp-pass-1', 'slackkey1', 'genie-key-1', 'hook-user', 'hook-pass-1', 'secret-path-1', 'pd-routing-1',
           'pd-service-1', 'tg-token-1', 'teams-key-1', 'rw-pass-1', 'rw-user', 'query-key-1', 'flow pass 1',
           'bearer-cred-1', 'header-key-1', 'oauth-secret-1', 'header-secret-1', HASH, 'inline-key-body-1']
VISIBLE = ['resolve_timeout: 5m', "channel: '#ops'", 'url: https://events.pagerduty.com/v2/enqueue', 'chat_id: 42',
           'remote.example.com/api/v1/write?api_key=', '&tenant=a', 'username: flow-user', 'type: Bearer',
           'X-Scope-OrgID: tenant-a', 'client_id: my-client', 'values: [visible-value]', 'job_name: node',
           '"127.0.0.1:9100"', 'cert_file: /etc/ssl/cert.pem', 'admin: ', 'send_resolved: true']


@pytest.mark.parametrize('text', [ALERTMANAGER, PROMETHEUS, WEB], ids=['alertmanager', 'prometheus', 'web'])
def test_no_secret_is_left_and_every_line_is_kept(text):
    redacted = redact(text)
    assert [secret for secret in SECRETS if secret in redacted] == []
    assert len(redacted.split('\n')) == len(text.split('\n'))
    assert MARKER in redacted


def test_what_is_not_secret_stays_as_it_is():
    redacted = redact(ALERTMANAGER + PROMETHEUS + WEB)
    assert [line for line in VISIBLE if line not in redacted] == []


def diff_lines(before, after):
    old, new = redact_pair(before, after)
    return [line for line in difflib.unified_diff(old.split('\n'), new.split('\n'), lineterm='', n=0)
            if line[:1] in '+-' and line[:3] not in ('---', '+++')]


def test_a_changed_secret_shows_as_a_changed_line_without_its_values():
    lines = diff_lines(ALERTMANAGER, ALERTMANAGER.replace('smtp-pass-1', 'smtp-pass-2'))
    assert lines == ['-  smtp_auth_password: %s' % MARKER, '+  smtp_auth_password: %s' % CHANGED]


def test_an_unchanged_secret_keeps_its_line_equal():
    assert diff_lines(ALERTMANAGER, ALERTMANAGER.replace('resolve_timeout: 5m', 'resolve_timeout: 6m')) == [
        '-  resolve_timeout: 5m', '+  resolve_timeout: 6m']


def test_a_changed_hash_and_url_credentials_are_marked():
    lines = diff_lines(WEB + PROMETHEUS, (WEB + PROMETHEUS).replace(HASH, HASH[:-1] + 'D').replace('rw-pass-1', 'x'))
    assert '+  admin: %s' % CHANGED in lines
    assert [line for line in lines if line.startswith('+- url: https://%s@' % CHANGED)]
    assert [secret for secret in SECRETS + ['x@'] if secret in '\n'.join(lines)] == []


def test_secrets_by_their_form_in_any_text():
    template = '{{ define "x" }}see https://u:p4ss@h/ and https://hooks.slack.com/services/T/B/abc?token=t0k{{ end }}'
    redacted = redact(template)
    assert 'p4ss' not in redacted and '/T/B/abc' not in redacted and 't0k' not in redacted
    assert redacted.startswith('{{ define "x" }}see https://%s@h/' % MARKER)


def test_validator_output_loses_known_values_and_url_credentials():
    known = known_secrets([PROMETHEUS, WEB])
    output = ('FAILED: parsing YAML file prometheus.yml: parse "https://rw-user:rw-pass-1@remote:x": invalid port\n'
              'password flow pass 1 rejected; header-key-1 is bad; done')
    redacted = redact_output(output, known)
    assert [secret for secret in SECRETS if secret in redacted] == []
    assert 'invalid port' in redacted and redacted.endswith('is bad; done')


def test_short_known_values_do_not_cut_words():
    assert redact_output('one done', ['one']) == '%s done' % MARKER
