# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""promops.prometheus.alertmanager_silence as a task sees it, against a fake Alertmanager that keeps silences.

Matchers, times and the plan are tested in module_utils/test_silences.py; here is what the module adds:
its options, check mode, the diff, the results, and what reaches the server.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import uuid
from datetime import timedelta

import pytest
import requests
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.module_utils._silences import format_time, parse_time, utc_now
from ansible_collections.promops.prometheus.plugins.modules import alertmanager_silence

MAIN = alertmanager_silence.main
MATCHERS = ['alertname="Disk"', r'instance=~"web-\d+"']


class FakeSilences:
    """Alertmanager's silences API, kept in a dict, with the real clock.

    replace_updates: answer every update with a new id (and expire the old one), as
    Alertmanager does when a change would rewrite a silence's history.
    """

    def __init__(self, httpserver):
        self.httpserver = httpserver
        self.silences = {}
        self.replace_updates = False
        self.refuse = None
        httpserver.expect_request(re.compile('.*')).respond_with_handler(self.dispatch)

    @property
    def url(self):
        return 'http://127.0.0.1:%d' % self.httpserver.port

    def add(self, created_by='ansible', comment='maintenance', matchers=None, ends_in=timedelta(hours=2)):
        silence_id = str(uuid.uuid4())
        now = utc_now()
        self.silences[silence_id] = dict(
            id=silence_id, createdBy=created_by, comment=comment, startsAt=format_time(now),
            endsAt=format_time(now + ends_in), updatedAt=format_time(now),
            matchers=matchers or [dict(name='alertname', value='Disk', isRegex=False, isEqual=True),
                                  dict(name='instance', value=r'web-\d+', isRegex=True, isEqual=True)])
        return silence_id

    def writes(self):
        return [(r.method, r.path) for r, dummy in self.httpserver.log if r.method in ('POST', 'DELETE')]

    def view(self, silence):
        now = utc_now()
        state = ('pending' if parse_time(silence['startsAt']) > now else
                 'expired' if parse_time(silence['endsAt']) <= now else 'active')
        return dict(silence, status=dict(state=state))

    def dispatch(self, request):
        path = request.path
        if request.method == 'GET' and path == '/api/v2/silences':
            return self.json([self.view(s) for s in self.silences.values()])
        match = re.match(r'/api/v2/silence/(.+)\Z', path)
        if match and match.group(1) not in self.silences:
            return self.json('silence %s not found' % match.group(1), 404)
        if match and request.method == 'GET':
            return self.json(self.view(self.silences[match.group(1)]))
        if match and request.method == 'DELETE':
            self.silences[match.group(1)]['endsAt'] = format_time(utc_now())
            return Response('', status=200)
        if request.method == 'POST' and path == '/api/v2/silences':
            return self.post(request.get_json())
        return Response('404 page not found\n', status=404)

    def post(self, body):
        if self.refuse:
            return self.json(self.refuse, 400)
        now = utc_now()
        silence_id = body.get('id')
        if silence_id and silence_id not in self.silences:
            return self.json('silence not found', 404)
        if silence_id and self.replace_updates:
            self.silences[silence_id]['endsAt'] = format_time(now)
            silence_id = None
        if not silence_id:
            silence_id = str(uuid.uuid4())
            if parse_time(body['startsAt']) < now:
                body['startsAt'] = format_time(now)
        self.silences[silence_id] = dict(body, id=silence_id, updatedAt=format_time(now))
        return self.json({'silenceID': silence_id})

    @staticmethod
    def json(document, status=200):
        return Response(json.dumps(document), status=status, content_type='application/json')


@pytest.fixture
def fake(httpserver):
    yield FakeSilences(httpserver)
    httpserver.check_handler_errors()


@pytest.fixture
def args(fake):
    """The module's arguments; an option given as None is left out."""
    def make(**extra):
        options = dict(dict(url=fake.url, matchers=MATCHERS, comment='maintenance', duration='2h'), **extra)
        return dict((name, value) for name, value in options.items() if value is not None)
    return make


def seconds_until(text):
    return (parse_time(text) - utc_now()).total_seconds()


def test_creates_the_silence_and_returns_it_as_alertmanager_shows_it(fake, args, module_succeeds):
    result = module_succeeds(MAIN, args())

    assert result['changed'] is True
    (silence_id, stored), = fake.silences.items()
    assert result['silence_id'] == silence_id
    assert result['silence']['status'] == dict(state='active') and result['silence']['id'] == silence_id
    assert stored['matchers'] == [dict(name='alertname', value='Disk', isRegex=False, isEqual=True),
                                  dict(name='instance', value=r'web-\d+', isRegex=True, isEqual=True)]
    assert stored['createdBy'] == 'ansible' and stored['comment'] == 'maintenance'
    assert 7190 < seconds_until(stored['endsAt']) <= 7200
    assert result['msg'] == 'Created silence %s until %s' % (silence_id, stored['endsAt'])
    assert 'diff' not in result


def test_a_second_run_changes_nothing_and_returns_the_same_id(fake, args, module_succeeds):
    first = module_succeeds(MAIN, args())

    second = module_succeeds(MAIN, args(matchers=list(reversed(MATCHERS))))

    assert second['changed'] is False and second['silence_id'] == first['silence_id']
    assert fake.writes() == [('POST', '/api/v2/silences')]
    assert second['msg'].startswith('Silence %s is in place until ' % first['silence_id'])


def test_a_run_30_minutes_later_extends_the_silence_in_place(fake, args, module_succeeds):
    silence_id = fake.add(ends_in=timedelta(minutes=90))
    started = fake.silences[silence_id]['startsAt']

    result = module_succeeds(MAIN, args(_ansible_diff=True))

    assert result['changed'] is True and result['silence_id'] == silence_id
    assert list(fake.silences) == [silence_id]
    assert fake.silences[silence_id]['startsAt'] == started
    assert 7190 < seconds_until(fake.silences[silence_id]['endsAt']) <= 7200
    assert result['msg'].startswith('Updated silence %s: it ends at ' % silence_id)
    assert result['diff']['before']['endsAt'] != result['diff']['after']['endsAt']
    assert result['diff']['after']['matchers'] == ['alertname="Disk"', r'instance=~"web-\d+"']


def test_a_new_id_from_alertmanager_is_returned(fake, args, module_succeeds):
    old = fake.add(ends_in=timedelta(minutes=10))
    fake.replace_updates = True

    result = module_succeeds(MAIN, args())

    new = result['silence_id']
    assert new != old and set(fake.silences) == {old, new}
    assert fake.view(fake.silences[old])['status']['state'] == 'expired'
    assert result['silence']['id'] == new
    assert result['msg'].startswith('Replaced silence %s with %s: it ends at ' % (old, new))


def test_ends_at_sets_the_end_exactly(fake, args, module_succeeds):
    end = format_time(utc_now() + timedelta(days=1))

    result = module_succeeds(MAIN, args(duration=None, ends_at=end))
    again = module_succeeds(MAIN, args(duration=None, ends_at=end))

    assert fake.silences[result['silence_id']]['endsAt'] == end
    assert again['changed'] is False


def test_check_mode_sends_nothing_and_says_what_would_change(fake, args, module_succeeds):
    created = module_succeeds(MAIN, args(), check_mode=True)
    assert created['changed'] is True and created['silence_id'] is None
    assert created['silence']['matchers'][1] == dict(name='instance', value=r'web-\d+', isRegex=True, isEqual=True)
    assert created['msg'].startswith('Would create a silence until ')

    silence_id = fake.add(ends_in=timedelta(minutes=10))
    before = dict(fake.silences[silence_id])
    updated = module_succeeds(MAIN, args(), check_mode=True)
    assert updated['changed'] is True and updated['silence_id'] == silence_id
    assert updated['msg'].startswith('Would update silence %s: it ends at ' % silence_id)

    expired = module_succeeds(MAIN, args(state='absent'), check_mode=True)
    assert expired['changed'] is True and expired['expired'] == [silence_id]
    assert expired['msg'] == 'Would expire silence %s (check mode)' % silence_id

    assert fake.writes() == []
    assert fake.silences == {silence_id: before}


def test_absent_expires_the_silence_then_changes_nothing(fake, args, module_succeeds):
    silence_id = fake.add()

    result = module_succeeds(MAIN, args(state='absent', _ansible_diff=True))
    again = module_succeeds(MAIN, args(state='absent'))

    assert result['changed'] is True and result['silence_id'] == silence_id and result['expired'] == [silence_id]
    assert result['silence']['status'] == dict(state='expired')
    assert result['diff'] == dict(before=dict(result['diff']['before']), after={})
    assert result['diff']['before']['id'] == silence_id
    assert again == dict(again, changed=False, silence_id=None, silence=None, expired=[])
    assert fake.writes() == [('DELETE', '/api/v2/silence/%s' % silence_id)]


def test_absent_ignores_the_times(fake, args, module_succeeds):
    result = module_succeeds(MAIN, args(state='absent', duration='not a duration'))

    assert result['changed'] is False
    assert result['msg'] == 'No active or pending silence has these matchers, created_by and comment'


def test_silences_of_another_creator_or_comment_are_left_alone(fake, args, module_succeeds):
    theirs = fake.add(created_by='alice')
    other = fake.add(comment='another maintenance')
    before = dict(fake.silences)

    created = module_succeeds(MAIN, args())
    module_succeeds(MAIN, args(state='absent'))

    assert created['silence_id'] not in (theirs, other)
    assert fake.silences[theirs] == before[theirs] and fake.silences[other] == before[other]
    assert fake.writes() == [('POST', '/api/v2/silences'), ('DELETE', '/api/v2/silence/%s' % created['silence_id'])]


@pytest.mark.parametrize('state', ['present', 'absent'])
def test_a_malformed_matcher_fails_before_any_request(fake, args, module_fails, httpserver, state):
    result = module_fails(MAIN, args(matchers=['alertname="Disk"', 'instance=~web-.*'], state=state))

    assert result['msg'] == ("matchers[1] 'instance=~web-.*': the value web-.* is not in double quotes; "
                             'write it as "web-.*".')
    assert result['matcher'] == 'instance=~web-.*'
    assert httpserver.log == []


@pytest.mark.parametrize('extra, problem', [
    (dict(duration='2 hours'), "duration '2 hours' is not a duration"),
    (dict(duration=None, ends_at='2020-01-01T00:00:00Z'), 'ends_at 2020-01-01T00:00:00.000Z is in the past'),
    (dict(duration=None, ends_at='2030-01-01T00:00:00'), "ends_at '2030-01-01T00:00:00' has no time zone"),
    (dict(comment=''), 'comment must not be empty'),
])
def test_bad_times_and_texts_fail_before_any_request(args, module_fails, httpserver, extra, problem):
    result = module_fails(MAIN, args(**extra))

    assert problem in result['msg']
    assert httpserver.log == []


@pytest.mark.parametrize('extra, problem', [
    (dict(ends_at='2030-01-01T00:00:00Z'), 'parameters are mutually exclusive: duration|ends_at'),
    (dict(starts_at='2030-01-01T00:00:00Z'), 'parameters are mutually exclusive: duration|starts_at'),
    (dict(duration=None), 'state is present but any of the following are missing: duration, ends_at'),
    (dict(duration=None, starts_at='2030-01-01T00:00:00Z'), 'any of the following are missing: duration, ends_at'),
    (dict(state='expired'), 'value of state must be one of: present, absent, got: expired'),
    (dict(url='127.0.0.1:9093'), "url must start with http:// or https://, got '127.0.0.1:9093'."),
])
def test_option_rules(args, module_fails, httpserver, extra, problem):
    result = module_fails(MAIN, args(**extra))

    assert problem in result['msg']
    assert httpserver.log == []


def test_a_silence_alertmanager_refuses_fails_with_its_reason(fake, args, module_fails):
    fake.refuse = 'silence invalid: at least one matcher must not match the empty string'

    result = module_fails(MAIN, args())

    assert result['msg'] == ('Alertmanager refused the silence: POST %s/api/v2/silences answered HTTP 400: '
                             'silence invalid: at least one matcher must not match the empty string' % fake.url)
    assert result['status_code'] == 400


def test_default_url_is_the_local_alertmanager_port(module_fails, monkeypatch):
    seen = []

    def refuse(self, method, url, **kwargs):
        seen.append(url)
        raise requests.exceptions.ConnectionError('Connection refused')
    monkeypatch.setattr(requests.Session, 'request', refuse)

    result = module_fails(MAIN, dict(matchers=MATCHERS, comment='maintenance', duration='1h'))

    assert seen == ['http://127.0.0.1:9093/api/v2/silences']
    assert result['msg'].startswith('GET http://127.0.0.1:9093/api/v2/silences failed: Alertmanager is not reachable')


def test_basic_auth_reaches_every_request(fake, args, module_succeeds, httpserver):
    module_succeeds(MAIN, args(url_username='admin', url_password='secret'))

    assert [r.authorization.username for r, dummy in httpserver.log] == ['admin'] * 3
