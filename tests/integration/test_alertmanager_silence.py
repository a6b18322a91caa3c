# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""alertmanager_silence against real Alertmanager 0.25, 0.28 and 0.33, run through `ansible`.

Every outcome is read back from Alertmanager's own API (GET /api/v2/silences), not from the
module's result alone.
"""

import socket
import sys
from datetime import datetime, timedelta, timezone

import pytest

from helpers import run_module, run_playbook, write_playbook

MODULE = 'alertmanager_silence'
MATCHERS = ['alertname="DiskFull"', r'instance=~"web-\d+:9100"']
API_MATCHERS = [
    {'name': 'alertname', 'value': 'DiskFull', 'isRegex': False, 'isEqual': True},
    {'name': 'instance', 'value': r'web-\d+:9100', 'isRegex': True, 'isEqual': True},
]


def silences(alertmanager):
    """Every silence Alertmanager holds, by id."""
    return {s['id']: s for s in alertmanager.get('/api/v2/silences').json()}


def live(alertmanager):
    """The active and pending silences, by id."""
    return {i: s for i, s in silences(alertmanager).items() if s['status']['state'] != 'expired'}


def when(text):
    return datetime.fromisoformat(text.replace('Z', '+00:00'))


def stamp(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (moment.microsecond // 1000)


def hours_left(silence):
    return (when(silence['endsAt']) - datetime.now(timezone.utc)).total_seconds() / 3600


def sorted_matchers(silence):
    return sorted(silence['matchers'], key=lambda m: m['name'])


def args(alertmanager, **extra):
    """The module's arguments; an option given as None is left out."""
    options = dict(dict(url=alertmanager.url, matchers=MATCHERS, comment='disk replacement', duration='2h'), **extra)
    return {name: value for name, value in options.items() if value is not None}


def post_silence(alertmanager, **fields):
    """A silence made directly through the API, as a person or another tool would."""
    now = datetime.now(timezone.utc)
    body = dict(dict(matchers=API_MATCHERS, createdBy='ansible', comment='disk replacement', startsAt=stamp(now),
                     endsAt=stamp(now + timedelta(hours=1))), **fields)
    response = alertmanager.session.post(alertmanager.url + '/api/v2/silences', json=body, timeout=5)
    response.raise_for_status()
    return response.json()['silenceID']


def test_creates_the_silence_and_a_second_run_changes_nothing(alertmanager):
    first = run_module(MODULE, args(alertmanager))

    assert not first.failed, first.output
    assert first['changed'] is True
    (silence_id, silence), = live(alertmanager).items()
    assert first['silence_id'] == silence_id and first['silence']['id'] == silence_id
    assert silence['status']['state'] == 'active'
    assert sorted_matchers(silence) == API_MATCHERS
    assert silence['createdBy'] == 'ansible' and silence['comment'] == 'disk replacement'
    assert 1.99 < hours_left(silence) <= 2

    second = run_module(MODULE, args(alertmanager, matchers=list(reversed(MATCHERS))))

    assert not second.failed, second.output
    assert second['changed'] is False and second['silence_id'] == silence_id
    assert silences(alertmanager) == {silence_id: silence}  # not even updatedAt moved


def test_a_new_end_time_updates_the_silence_in_place(alertmanager):
    end = datetime.now(timezone.utc) + timedelta(hours=3)
    created = run_module(MODULE, args(alertmanager, duration=None, ends_at=stamp(end)))
    silence_id = created['silence_id']
    started = silences(alertmanager)[silence_id]['startsAt']

    later = run_module(MODULE, args(alertmanager, duration=None, ends_at=stamp(end + timedelta(hours=1))))

    assert not later.failed, later.output
    assert later['changed'] is True and later['silence_id'] == silence_id
    silence = silences(alertmanager)[silence_id]
    assert silence['endsAt'] == stamp(end + timedelta(hours=1))
    assert silence['startsAt'] == started and silence['status']['state'] == 'active'

    shorter = run_module(MODULE, args(alertmanager, duration='30m'))

    assert not shorter.failed, shorter.output
    assert shorter['changed'] is True and shorter['silence_id'] == silence_id
    assert list(live(alertmanager)) == [silence_id]
    assert 0.49 < hours_left(silences(alertmanager)[silence_id]) <= 0.5


def test_a_pending_silence_keeps_its_window(alertmanager):
    start = datetime.now(timezone.utc) + timedelta(days=1)
    window = dict(duration=None, starts_at=stamp(start), ends_at=stamp(start + timedelta(hours=4)))

    first = run_module(MODULE, args(alertmanager, **window))
    second = run_module(MODULE, args(alertmanager, **window))

    assert first['changed'] is True and second['changed'] is False
    silence = silences(alertmanager)[first['silence_id']]
    assert second['silence_id'] == first['silence_id']
    assert silence['status']['state'] == 'pending'
    assert (silence['startsAt'], silence['endsAt']) == (window['starts_at'], window['ends_at'])


def test_absent_expires_it_and_a_missing_one_changes_nothing(alertmanager):
    nothing = run_module(MODULE, args(alertmanager, state='absent'))
    assert not nothing.failed, nothing.output
    assert nothing['changed'] is False and nothing['silence_id'] is None
    assert silences(alertmanager) == {}

    silence_id = run_module(MODULE, args(alertmanager))['silence_id']
    expired = run_module(MODULE, args(alertmanager, state='absent'))

    assert expired['changed'] is True and expired['expired'] == [silence_id]
    assert silences(alertmanager)[silence_id]['status']['state'] == 'expired'

    again = run_module(MODULE, args(alertmanager, state='absent'))
    assert again['changed'] is False and again['expired'] == []


def test_check_mode_leaves_the_server_as_it_was(alertmanager):
    would_create = run_module(MODULE, args(alertmanager), check=True)
    assert would_create['changed'] is True and would_create['silence_id'] is None
    assert silences(alertmanager) == {}

    silence_id = run_module(MODULE, args(alertmanager))['silence_id']
    before = silences(alertmanager)

    would_update = run_module(MODULE, args(alertmanager, duration='5h'), check=True)
    would_expire = run_module(MODULE, args(alertmanager, state='absent'), check=True)

    assert would_update['changed'] is True and would_update['silence_id'] == silence_id
    assert would_expire['changed'] is True and would_expire['expired'] == [silence_id]
    assert silences(alertmanager) == before


def test_regex_and_negative_matchers_round_trip(alertmanager):
    matchers = [r'instance=~"web-\d+:9100"', 'severity!="critical"', 'env!~"dev|test"', 'job="node"',
                r'msg="say \"hi\""']

    first = run_module(MODULE, args(alertmanager, matchers=matchers))
    second = run_module(MODULE, args(alertmanager, matchers=matchers))

    assert not first.failed, first.output
    assert second['changed'] is False and second['silence_id'] == first['silence_id']
    assert sorted_matchers(silences(alertmanager)[first['silence_id']]) == [
        {'name': 'env', 'value': 'dev|test', 'isRegex': True, 'isEqual': False},
        {'name': 'instance', 'value': r'web-\d+:9100', 'isRegex': True, 'isEqual': True},
        {'name': 'job', 'value': 'node', 'isRegex': False, 'isEqual': True},
        {'name': 'msg', 'value': 'say "hi"', 'isRegex': False, 'isEqual': True},
        {'name': 'severity', 'value': 'critical', 'isRegex': False, 'isEqual': False},
    ]


def test_silences_of_another_creator_or_comment_are_left_alone(alertmanager):
    theirs = post_silence(alertmanager, createdBy='alice')
    other_reason = post_silence(alertmanager, comment='another reason')
    before = silences(alertmanager)

    ours = run_module(MODULE, args(alertmanager))
    gone = run_module(MODULE, args(alertmanager, state='absent'))

    assert ours['changed'] is True and ours['silence_id'] not in (theirs, other_reason)
    assert gone['expired'] == [ours['silence_id']]
    after = silences(alertmanager)
    assert after[theirs] == before[theirs] and after[other_reason] == before[other_reason]
    assert after[ours['silence_id']]['status']['state'] == 'expired'


def test_a_silence_made_by_hand_with_the_same_identity_is_adopted(alertmanager):
    by_hand = post_silence(alertmanager)

    result = run_module(MODULE, args(alertmanager, duration='1h'))

    assert result['changed'] is False and result['silence_id'] == by_hand
    assert list(live(alertmanager)) == [by_hand]


def test_quoted_utf8_label_names(alertmanager, suite):
    result = run_module(MODULE, args(alertmanager, matchers=['"service.name"="checkout"']))

    if suite == 'bookworm':  # Alertmanager 0.25 takes classic label names only
        assert result.failed
        assert result['msg'].startswith('Alertmanager refused the silence: POST %s/api/v2/silences answered HTTP 400: '
                                        % alertmanager.url)
        assert result['msg'].endswith('invalid label name "service.name"')
        assert silences(alertmanager) == {}
        return
    assert not result.failed, result.output
    assert silences(alertmanager)[result['silence_id']]['matchers'] == [
        {'name': 'service.name', 'value': 'checkout', 'isRegex': False, 'isEqual': True}]
    assert run_module(MODULE, args(alertmanager, matchers=['"service.name"="checkout"']))['changed'] is False


def test_module_defaults_of_the_lifecycle_group_reach_the_module(alertmanager, tmp_path):
    playbook = [{
        'name': 'Silence with the connection set once',
        'hosts': 'localhost',
        'gather_facts': False,
        'vars': {'ansible_python_interpreter': sys.executable},
        'module_defaults': {'group/promops.prometheus.lifecycle': {'url': alertmanager.url}},
        'tasks': [{'name': 'Silence', 'promops.prometheus.alertmanager_silence': {
            'matchers': MATCHERS, 'comment': 'disk replacement', 'duration': '2h'}}],
    }]

    proc = run_playbook(write_playbook(tmp_path / 'playbook.yml', playbook))

    assert proc.returncode == 0, proc.stdout + proc.stderr
    (silence,) = live(alertmanager).values()
    assert sorted_matchers(silence) == API_MATCHERS


@pytest.fixture
def refused_url():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    return 'http://127.0.0.1:%d' % port


@pytest.mark.parametrize('matcher, problem', [
    ('instance=~"web-(.*"', 'invalid regular expression: missing ), unterminated subpattern'),
    ('alertname==DiskFull', "bad operator '=='"),
])
def test_a_malformed_matcher_fails_before_any_request(refused_url, matcher, problem):
    # Nothing listens at the url: a request would fail with "not reachable" instead.
    result = run_module(MODULE, dict(url=refused_url, matchers=['job="node"', matcher], comment='x', duration='1h'))

    assert result.failed
    assert result['msg'].startswith("matchers[1] '%s': " % matcher)
    assert problem in result['msg']
    assert 'not reachable' not in result['msg']


def test_a_malformed_matcher_leaves_the_server_alone(alertmanager):
    result = run_module(MODULE, args(alertmanager, matchers=['alertname="DiskFull"', 'instance=web-1']))

    assert result.failed
    assert result['msg'] == ("matchers[1] 'instance=web-1': the value web-1 is not in double quotes; "
                             'write it as "web-1".')
    assert silences(alertmanager) == {}
