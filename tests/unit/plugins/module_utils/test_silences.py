# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The silences logic without a module: matchers, durations, times, which silence is "the same",
the plan, and the API calls against a test server.

The module's arguments, check mode and results are in modules/test_alertmanager_silence.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
from datetime import datetime, timedelta, timezone

import pytest
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.module_utils._client import ApiError
from ansible_collections.promops.prometheus.plugins.module_utils._matchers import (
    Matcher,
    MatcherError,
    parse_matcher,
    parse_matchers,
)
from ansible_collections.promops.prometheus.plugins.module_utils._silences import (
    SilenceApi,
    SilenceError,
    Wanted,
    duration_tolerance,
    expired_plan,
    format_time,
    parse_duration,
    parse_time,
    plan,
    summary,
)

NOW = datetime(2026, 12, 1, 21, 0, 0, 123000, tzinfo=timezone.utc)


# --------------------------------------------------------------------------
# Matchers
# --------------------------------------------------------------------------

@pytest.mark.parametrize('text, expected', [
    ('alertname="Watchdog"', Matcher('alertname', 'Watchdog', False, True)),
    ('severity!="critical"', Matcher('severity', 'critical', False, False)),
    ('instance=~"web-.*"', Matcher('instance', 'web-.*', True, True)),
    ('env!~"dev|test"', Matcher('env', 'dev|test', True, False)),
    ('  job = "node exporter"  ', Matcher('job', 'node exporter', False, True)),
    ('_private=""', Matcher('_private', '', False, True)),
    # Other UTF-8 label names go in double quotes (Alertmanager 0.28 and later).
    ('"service.name"="checkout"', Matcher('service.name', 'checkout', False, True)),
    ('"quoted"!~"a|b"', Matcher('quoted', 'a|b', True, False)),
    (r'msg="say \"hi\"\\now\n"', Matcher('msg', 'say "hi"\\now\n', False, True)),
    # Escapes Alertmanager does not know stay as written, so regexes read naturally.
    (r'instance=~"web-\d+:9100"', Matcher('instance', r'web-\d+:9100', True, True)),
    # Go-only regex syntax is not refused because Python's re lacks it.
    (r'name=~"\pL+\z"', Matcher('name', r'\pL+\z', True, True)),
    ('name=~"a(?i)b"', Matcher('name', 'a(?i)b', True, True)),
    (r'name=~"\p{Greek}\x{263a}"', Matcher('name', r'\p{Greek}\x{263a}', True, True)),
])
def test_matchers_parse_as_alertmanager_reads_them(text, expected):
    assert parse_matcher(text) == expected


@pytest.mark.parametrize('text, problem', [
    ('alertname=="Watchdog"', "bad operator '=='; use =, !=, =~ or !~"),
    ('alertname~="Watchdog"', "bad operator '~='"),
    ('alertname!"Watchdog"', "bad operator '!'"),
    ('alertname "Watchdog"', "no operator after the label name 'alertname'"),
    ('alertname=Watchdog', 'the value Watchdog is not in double quotes; write it as "Watchdog"'),
    ("alertname='Watchdog'", 'is not in double quotes'),
    ('alertname=', 'no value after the operator'),
    ('alertname="Watchdog', 'the value has no closing double quote'),
    ('alertname="Watchdog\\"', 'the value has no closing double quote'),
    ('alertname="a",job="b"', "unexpected text ',job=\"b\"' after the closing quote"),
    ('{alertname="a"}', "invalid label name '{alertname'"),
    ('foo.bar="a"', "invalid label name 'foo.bar': a label name starts with a letter or _ and holds only letters, "
                    'digits and _ (Alertmanager 0.28 and later also take other names in double quotes: "foo.bar")'),
    ('1st="a"', "invalid label name '1st'"),
    ('""="a"', 'the label name is empty'),
    ('"foo.bar="a"', "no operator after the label name 'foo.bar='"),
    ('="a"', 'no label name before the operator'),
    ('', 'not a matcher'),
    ('instance=~"web-(.*"', 'invalid regular expression: missing ), unterminated subpattern'),
    ('instance=~"*web"', 'invalid regular expression: nothing to repeat'),
    ('instance!~"[a-"', 'invalid regular expression: unterminated character set'),
    ('instance=~"web(?!-1)"', 'lookarounds and named back-references are not supported by Go regular expressions'),
    (r'instance=~"(a)\1"', r'back-references (\1) are not supported by Go regular expressions'),
])
def test_a_malformed_matcher_is_named_with_what_is_wrong(text, problem):
    with pytest.raises(MatcherError) as failure:
        parse_matcher(text, 2)

    assert failure.value.msg.startswith("matchers[2] '%s': " % text)
    assert problem in failure.value.msg
    assert failure.value.details == dict(matcher=text)


def test_an_equality_matcher_does_not_check_its_value_as_a_regex():
    assert parse_matcher('path="/api/(v1"') == Matcher('path', '/api/(v1', False, True)


@pytest.mark.parametrize('text', ['alertname="Watchdog"', 'a!="x"', r'a=~"web-\d+"', 'a!~"x|y"',
                                  r'msg="say \"hi\"\\now\n"', 'a=""', r'a="x\\\ny\\"',
                                  '"service.name"="x"', r'"a\"b"="c"'])
def test_a_matcher_written_back_reads_the_same(text):
    matcher = parse_matcher(text)

    assert parse_matcher(str(matcher)) == matcher


def test_api_fields_both_ways_and_isequal_missing_before_alertmanager_0_22():
    matcher = parse_matcher('env!~"dev|test"')

    assert matcher.to_api() == dict(name='env', value='dev|test', isRegex=True, isEqual=False)
    assert Matcher.from_api(matcher.to_api()) == matcher
    assert Matcher.from_api(dict(name='a', value='b', isRegex=False)) == Matcher('a', 'b', False, True)


def test_matchers_need_one_that_does_not_match_the_empty_string():
    with pytest.raises(MatcherError) as failure:
        parse_matchers(['a=""', 'b=~".*"'])
    assert failure.value.msg == ('matchers a="", b=~".*" all match the empty string (they would silence every alert); '
                                 'Alertmanager needs at least one matcher that does not.')

    assert len(parse_matchers(['a=""', 'b!=""'])) == 2  # Alertmanager accepts a negative matcher here
    with pytest.raises(MatcherError, match='matchers is empty'):
        parse_matchers([])


def test_the_first_malformed_matcher_fails_with_its_index():
    with pytest.raises(MatcherError, match=r"^matchers\[1\] 'job=node'"):
        parse_matchers(['alertname="a"', 'job=node', 'x=y'])


# --------------------------------------------------------------------------
# Durations and times
# --------------------------------------------------------------------------

@pytest.mark.parametrize('text, seconds', [
    ('2h', 7200), ('1h30m', 5400), ('90s', 90), ('1.5h', 5400), ('3d', 259200), ('1w', 604800),
    ('500ms', 0.5), ('1h0m10s', 3610), (' 45m ', 2700),
])
def test_go_style_durations(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize('text, problem', [
    ('3600', "duration '3600' is not a duration (a number needs a unit: 3600s)"),
    ('2 hours', "duration '2 hours' is not a duration: write numbers with units w, d, h, m, s or ms"),
    ('h', 'is not a duration'),
    ('', 'is not a duration'),
    ('-1h', 'is not a duration'),
    ('1y', 'is not a duration'),
    ('0s', "duration '0s' is not longer than zero."),
])
def test_a_bad_duration_says_how_to_write_one(text, problem):
    with pytest.raises(SilenceError) as failure:
        parse_duration(text)
    assert problem in failure.value.msg


@pytest.mark.parametrize('text, expected', [
    ('2026-12-01T21:00:00Z', '2026-12-01T21:00:00.000Z'),
    ('2026-12-01T22:00:00+01:00', '2026-12-01T21:00:00.000Z'),
    ('2026-12-01 16:30:00-0430', '2026-12-01T21:00:00.000Z'),
    ('2026-12-01T21:00:00.123456789Z', '2026-12-01T21:00:00.123Z'),
    ('2026-12-01T21:00:00.5z', '2026-12-01T21:00:00.500Z'),
    ('2026-12-01T21:00Z', '2026-12-01T21:00:00.000Z'),
])
def test_rfc3339_times_become_utc_milliseconds(text, expected):
    assert format_time(parse_time(text)) == expected


@pytest.mark.parametrize('text, problem', [
    ('2026-12-01T21:00:00', "ends_at '2026-12-01T21:00:00' has no time zone: add Z for UTC or an offset"),
    ('tomorrow', "ends_at 'tomorrow' is not a time: use RFC 3339 / ISO 8601"),
    ('2026-02-30T21:00:00Z', "ends_at '2026-02-30T21:00:00Z' is not a time: day is out of range for month."),
    ('1764622800', 'is not a time'),
])
def test_a_bad_time_says_what_is_missing(text, problem):
    with pytest.raises(SilenceError) as failure:
        parse_time(text, 'ends_at')
    assert problem in failure.value.msg


@pytest.mark.parametrize('duration, tolerance', [('2h', 300), ('30m', 180), ('10m', 60), ('20s', 5), ('52w', 300)])
def test_tolerance_is_a_tenth_of_the_duration_within_5s_and_5min(duration, tolerance):
    assert duration_tolerance(parse_duration(duration)) == timedelta(seconds=tolerance)


# --------------------------------------------------------------------------
# Which silence is the same, and the plan
# --------------------------------------------------------------------------

MATCHERS = ['alertname="Disk"', 'instance=~"web-.*"']


def silence(silence_id='s1', state='active', starts=NOW - timedelta(minutes=30), ends=NOW + timedelta(hours=2),
            created_by='ansible', comment='maintenance', matchers=None):
    matchers = MATCHERS if matchers is None else matchers
    return dict(id=silence_id, status=dict(state=state), createdBy=created_by, comment=comment,
                matchers=[parse_matcher(m).to_api() for m in matchers], startsAt=format_time(starts),
                endsAt=format_time(ends), updatedAt=format_time(starts))


def wanted(**times):
    times = times or dict(duration='2h')
    return Wanted(MATCHERS, 'maintenance', 'ansible', **times)


def test_a_silence_is_the_same_by_matcher_set_creator_and_comment_while_not_expired():
    want = wanted()

    assert want.is_same(silence())
    assert want.is_same(silence(matchers=list(reversed(MATCHERS)), state='pending'))
    assert not want.is_same(silence(state='expired'))
    assert not want.is_same(silence(created_by='alice'))
    assert not want.is_same(silence(comment='maintenance of the database'))
    assert not want.is_same(silence(matchers=MATCHERS[:1]))
    assert not want.is_same(silence(matchers=MATCHERS + ['severity="page"']))
    assert not want.is_same(silence(matchers=['alertname="Disk"', 'instance!~"web-.*"']))


def test_none_alike_creates_a_silence_from_now():
    others = [silence(created_by='alice'), silence(state='expired'), silence(comment='other')]

    todo = plan(wanted(), others, NOW)

    assert todo.action == 'create' and todo.existing is None
    assert todo.payload == dict(matchers=[parse_matcher(m).to_api() for m in MATCHERS], createdBy='ansible',
                                comment='maintenance', startsAt='2026-12-01T21:00:00.123Z',
                                endsAt='2026-12-01T23:00:00.123Z')


def test_duration_rerun_soon_keeps_the_silence():
    # Created 4 minutes ago for 2h: its end is 4 min short of now + 2h, within the 5 min tolerance.
    created = NOW - timedelta(minutes=4)
    todo = plan(wanted(), [silence(starts=created, ends=created + timedelta(hours=2))], NOW)

    assert todo.action == 'keep' and todo.existing['id'] == 's1' and todo.payload is None


def test_duration_rerun_later_extends_the_silence_and_keeps_its_start():
    created = NOW - timedelta(minutes=30)
    existing = silence(starts=created, ends=created + timedelta(hours=2))

    todo = plan(wanted(), [existing], NOW)

    assert todo.action == 'update'
    assert todo.payload['id'] == 's1'
    assert todo.payload['startsAt'] == existing['startsAt']
    assert todo.payload['endsAt'] == '2026-12-01T23:00:00.123Z'
    assert todo.reasons == ['ends at 2026-12-01T22:30:00.123Z instead of 2026-12-01T23:00:00.123Z']


def test_a_shorter_duration_shortens_the_silence():
    todo = plan(wanted(duration='1h'), [silence(ends=NOW + timedelta(hours=4))], NOW)

    assert todo.action == 'update' and todo.payload['endsAt'] == '2026-12-01T22:00:00.123Z'


def test_a_pending_silence_does_not_fit_a_duration_that_starts_now():
    todo = plan(wanted(), [silence(state='pending', starts=NOW + timedelta(hours=1), ends=NOW + timedelta(hours=2))],
                NOW)

    assert todo.action == 'update'
    assert todo.payload['startsAt'] == format_time(NOW)
    assert todo.reasons == ['starts at 2026-12-01T22:00:00.123Z instead of now']


def test_ends_at_must_match_to_the_millisecond():
    ends = '2026-12-02T01:00:00+01:00'
    exact = silence(ends=datetime(2026, 12, 2, 0, 0, tzinfo=timezone.utc))
    off = silence(ends=datetime(2026, 12, 2, 0, 0, 0, 1000, tzinfo=timezone.utc))

    assert plan(wanted(ends_at=ends), [exact], NOW).action == 'keep'
    todo = plan(wanted(ends_at=ends), [off], NOW)
    assert todo.action == 'update' and todo.payload['endsAt'] == '2026-12-02T00:00:00.000Z'


def test_a_start_in_the_past_means_already_started():
    times = dict(starts_at='2026-12-01T20:00:00Z', ends_at='2026-12-02T00:00:00Z')
    active = silence(starts=NOW - timedelta(minutes=5), ends=datetime(2026, 12, 2, tzinfo=timezone.utc))

    assert plan(wanted(**times), [active], NOW).action == 'keep'
    assert plan(wanted(**times), [], NOW).payload['startsAt'] == format_time(NOW)


def test_a_future_start_must_match_a_pending_silence():
    times = dict(starts_at='2026-12-01T23:00:00Z', ends_at='2026-12-02T01:00:00Z')
    start, end = datetime(2026, 12, 1, 23, tzinfo=timezone.utc), datetime(2026, 12, 2, 1, tzinfo=timezone.utc)

    assert plan(wanted(**times), [silence(state='pending', starts=start, ends=end)], NOW).action == 'keep'
    todo = plan(wanted(**times), [silence(state='active', ends=end)], NOW)
    assert todo.action == 'update' and todo.payload['startsAt'] == '2026-12-01T23:00:00.000Z'
    assert todo.reasons == ['starts at 2026-12-01T20:30:00.123Z instead of 2026-12-01T23:00:00.000Z']


def test_of_several_alike_the_fitting_one_then_the_last_ending_one_is_used():
    short = silence('short', ends=NOW + timedelta(minutes=10))
    fitting = silence('fitting', ends=NOW + timedelta(hours=2))
    longest = silence('longest', ends=NOW + timedelta(hours=9))

    assert plan(wanted(), [short, longest, fitting], NOW).existing['id'] == 'fitting'
    assert plan(wanted(), [short, longest], NOW).existing['id'] == 'longest'


def test_absent_expires_every_alike_silence_and_nothing_else():
    found = expired_plan(wanted(), [silence('a'), silence('b', state='pending'), silence('c', state='expired'),
                                    silence('d', created_by='alice')])

    assert [s['id'] for s in found] == ['a', 'b']


@pytest.mark.parametrize('options, problem', [
    (dict(ends_at='2026-12-01T20:00:00Z'), 'ends_at 2026-12-01T20:00:00.000Z is in the past; to end a silence now, '
                                           'use state=absent.'),
])
def test_an_end_in_the_past_is_refused(options, problem):
    with pytest.raises(SilenceError) as failure:
        wanted(**options).window(NOW)
    assert failure.value.msg == problem


@pytest.mark.parametrize('args, problem', [
    (dict(starts_at='2026-12-02T00:00:00Z', ends_at='2026-12-01T23:00:00Z'),
     'ends_at 2026-12-01T23:00:00.000Z is not after starts_at 2026-12-02T00:00:00.000Z.'),
    (dict(starts_at='2026-12-02T00:00:00Z'), 'starts_at needs ends_at (or leave starts_at out and use duration).'),
    (dict(comment='  '), 'comment must not be empty: it is part of what identifies the silence.'),
    (dict(created_by=''), 'created_by must not be empty: it is part of what identifies the silence.'),
])
def test_wanted_refuses_what_alertmanager_would(args, problem):
    options = dict(matchers=MATCHERS, comment='maintenance', created_by='ansible', duration=None)
    options.update(args)
    with pytest.raises(SilenceError) as failure:
        Wanted(**options)
    assert failure.value.msg == problem


def test_summary_shows_matchers_in_alertmanager_syntax():
    assert summary(silence()) == dict(
        id='s1', state='active', matchers=['alertname="Disk"', 'instance=~"web-.*"'], createdBy='ansible',
        comment='maintenance', startsAt='2026-12-01T20:30:00.123Z', endsAt='2026-12-01T23:00:00.123Z')
    assert summary(None) == {}


# --------------------------------------------------------------------------
# The API calls
# --------------------------------------------------------------------------

@pytest.fixture
def api(make_client, server):
    return SilenceApi(make_client(server.url(), product='Alertmanager', url_username='admin', url_password='pw'))


def test_post_sends_the_silence_as_json_with_the_credentials_and_returns_the_id(api, httpserver):
    payload = dict(matchers=[parse_matcher('a="b"').to_api()], createdBy='ansible', comment='c',
                   startsAt='2026-12-01T21:00:00.000Z', endsAt='2026-12-01T22:00:00.000Z')
    httpserver.expect_request('/api/v2/silences', method='POST', json=payload).respond_with_json(
        {'silenceID': 'new-id'})

    assert api.post(payload) == 'new-id'
    request = httpserver.log[0][0]
    assert request.headers['Content-Type'] == 'application/json'
    assert request.authorization.username == 'admin'
    assert not hasattr(api.client.session, '_document')  # the client's own session again


def test_a_refused_silence_quotes_alertmanager(api, httpserver):
    httpserver.expect_request('/api/v2/silences', method='POST').respond_with_response(Response(
        json.dumps('silence invalid: invalid label matcher 0: invalid label name "foo.bar"'), status=400,
        content_type='application/json'))

    with pytest.raises(ApiError) as failure:
        api.post({})

    assert failure.value.msg == (
        'Alertmanager refused the silence: POST %s/api/v2/silences answered HTTP 400: silence invalid: invalid label '
        'matcher 0: invalid label name "foo.bar"' % api.client.base_url)
    assert failure.value.details == dict(status_code=400)


def test_a_post_answer_without_an_id_fails(api, httpserver):
    httpserver.expect_request('/api/v2/silences', method='POST').respond_with_json({'ok': True})

    with pytest.raises(ApiError, match='answered 200 without a silenceID'):
        api.post({})


def test_expire_accepts_a_silence_already_gone(api, httpserver):
    httpserver.expect_request('/api/v2/silence/gone', method='DELETE').respond_with_data('', status=404)
    httpserver.expect_request('/api/v2/silence/gone-0.25', method='DELETE').respond_with_data(
        '"silence not found"\n', status=500)
    httpserver.expect_request('/api/v2/silence/s1', method='DELETE').respond_with_data('', status=200)

    api.expire('gone')
    api.expire('gone-0.25')
    api.expire('s1')

    assert [(r.method, r.path) for r, dummy in httpserver.log] == [
        ('DELETE', '/api/v2/silence/gone'), ('DELETE', '/api/v2/silence/gone-0.25'), ('DELETE', '/api/v2/silence/s1')]


def test_expire_failure_names_the_silence(api, httpserver):
    httpserver.expect_request('/api/v2/silence/s1', method='DELETE').respond_with_data(
        json.dumps({'message': 'boom'}), status=500)

    with pytest.raises(ApiError) as failure:
        api.expire('s1')

    assert failure.value.msg == 'Expiring silence s1 failed: DELETE %s/api/v2/silence/s1 answered HTTP 500: boom' % (
        api.client.base_url)


def test_list_wants_a_list(api, httpserver):
    httpserver.expect_request('/api/v2/silences').respond_with_json({'status': 'success', 'data': []})

    with pytest.raises(ApiError, match='did not return a list of silences'):
        api.list()
