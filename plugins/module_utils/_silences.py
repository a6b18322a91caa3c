# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""Alertmanager silences as code: durations and times, and the plan that makes
Alertmanager hold one wanted silence (or none); the matchers are in _matchers.py.

Everything but SilenceApi is plain functions and data, so that it is tested
without a server; SilenceApi talks to Alertmanager's API v2 through the
collection's Client.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
from collections import namedtuple
from datetime import datetime, timedelta, timezone

from ansible_collections.promops.prometheus.plugins.module_utils._client import ApiError, excerpt
from ansible_collections.promops.prometheus.plugins.module_utils._matchers import Matcher, matcher_key, parse_matchers


class SilenceError(ApiError):
    """An option value that cannot make a silence; raised before any request."""


# --------------------------------------------------------------------------

UNITS = dict(w=604800, d=86400, h=3600, m=60, s=1, ms=0.001)
_DURATION = re.compile(r'(\d+(?:\.\d*)?|\.\d+)(ms|[wdhms])')
_TIME = re.compile(r'(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?\s*([Zz]|[+-]\d\d:?\d\d)?\Z')


def parse_duration(text):
    """A timedelta from a Go-style duration such as 2h, 1h30m, 90s, 1.5h, 3d."""
    text = text.strip()
    position = 0
    seconds = 0.0
    for part in _DURATION.finditer(text):
        if part.start() != position:
            break
        seconds += float(part.group(1)) * UNITS[part.group(2)]
        position = part.end()
    if not text or position != len(text):
        hint = ' (a number needs a unit: %ss)' % text if re.match(r'\d+(\.\d+)?\Z', text) else ''
        raise SilenceError('duration %r is not a duration%s: write numbers with units w, d, h, m, s or ms, e.g. 2h, '
                           '1h30m or 90s.' % (text, hint))
    if seconds <= 0:
        raise SilenceError('duration %r is not longer than zero.' % text)
    return timedelta(seconds=seconds)


def parse_time(text, option='time'):
    """An aware UTC datetime (millisecond precision) from an RFC 3339 / ISO 8601 time with a time zone."""
    match = _TIME.match(text.strip())
    if not match:
        raise SilenceError('%s %r is not a time: use RFC 3339 / ISO 8601, e.g. 2026-12-01T22:00:00+01:00 or '
                           '2026-12-01T21:00:00Z.' % (option, text))
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone is None:
        raise SilenceError('%s %r has no time zone: add Z for UTC or an offset such as +01:00.' % (option, text))
    offset = timedelta(0)
    if zone not in 'Zz':
        sign = -1 if zone[0] == '-' else 1
        digits = zone[1:].replace(':', '')
        offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    try:
        local = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                         int((fraction or '0')[:3].ljust(3, '0')) * 1000, timezone(offset))
    except ValueError as e:
        raise SilenceError('%s %r is not a time: %s.' % (option, text, e))
    return local.astimezone(timezone.utc)


def format_time(moment):
    """A time as Alertmanager writes it: UTC, milliseconds, Z."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime('%Y-%m-%dT%H:%M:%S') + '.%03dZ' % (moment.microsecond // 1000)


def utc_now():
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def duration_tolerance(duration):
    """How far an existing end may lie from now + duration: a tenth of the duration, within 5 s and 5 min."""
    return min(max(duration / 10, timedelta(seconds=5)), timedelta(minutes=5))


# --------------------------------------------------------------------------
# The wanted silence and the plan
# --------------------------------------------------------------------------

class Wanted:
    """The silence the task asks for. Times are parsed here, so that errors come before any request."""

    def __init__(self, matchers, comment, created_by, duration=None, starts_at=None, ends_at=None):
        for option, value in (('comment', comment), ('created_by', created_by)):
            if not (value or '').strip():
                raise SilenceError('%s must not be empty: it is part of what identifies the silence.' % option)
        self.matchers = parse_matchers(matchers)
        self.comment = comment
        self.created_by = created_by
        self.duration = parse_duration(duration) if duration is not None else None
        self.starts_at = parse_time(starts_at, 'starts_at') if starts_at is not None else None
        self.ends_at = parse_time(ends_at, 'ends_at') if ends_at is not None else None
        if self.starts_at and not self.ends_at:
            raise SilenceError('starts_at needs ends_at (or leave starts_at out and use duration).')
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise SilenceError('ends_at %s is not after starts_at %s.'
                               % (format_time(self.ends_at), format_time(self.starts_at)))

    def is_same(self, silence):
        """Whether an existing silence (API document) is this one: same matchers, creator and comment, not expired."""
        return (silence_state(silence) in ('active', 'pending')
                and silence.get('createdBy') == self.created_by and silence.get('comment') == self.comment
                and matcher_key(Matcher.from_api(m) for m in silence.get('matchers') or []) ==
                matcher_key(self.matchers))

    def window(self, now):
        """(start, end, tolerance): start is None when the silence starts now (or already has)."""
        if self.duration is not None:
            return None, now + self.duration, duration_tolerance(self.duration)
        if self.ends_at <= now:
            raise SilenceError('ends_at %s is in the past; to end a silence now, use state=absent.'
                               % format_time(self.ends_at))
        start = self.starts_at if self.starts_at and self.starts_at > now else None
        return start, self.ends_at, timedelta(0)


def silence_state(silence):
    return (silence.get('status') or {}).get('state')


def silence_times(silence):
    return parse_time(silence['startsAt'], 'startsAt'), parse_time(silence['endsAt'], 'endsAt')


class Plan(namedtuple('Plan', 'action existing payload reasons')):
    """action: create, update or keep; existing: the silence found (API document) or None;
    payload: what to POST; reasons: what differs, in words."""


def differences(silence, start, end, tolerance):
    """What keeps an existing silence from being the wanted one, in words (empty: it is)."""
    reasons = []
    old_start, old_end = silence_times(silence)
    state = silence_state(silence)
    if start is None and state != 'active':
        reasons.append('starts at %s instead of now' % format_time(old_start))
    elif start is not None and (state != 'pending' or old_start != start):
        reasons.append('starts at %s instead of %s' % (format_time(old_start), format_time(start)))
    if abs(old_end - end) > tolerance:
        reasons.append('ends at %s instead of %s' % (format_time(old_end), format_time(end)))
    return reasons


def plan(wanted, silences, now):
    """The Plan that makes Alertmanager hold the wanted silence, given the silences it has."""
    start, end, tolerance = wanted.window(now)
    same = [s for s in silences if wanted.is_same(s)]
    # Prefer a silence that already fits, then the one that ends last.
    same.sort(key=lambda s: (bool(differences(s, start, end, tolerance)), -silence_times(s)[1].timestamp()))
    existing = same[0] if same else None
    payload = dict(matchers=[m.to_api() for m in wanted.matchers], createdBy=wanted.created_by,
                   comment=wanted.comment, startsAt=format_time(start or now), endsAt=format_time(end))
    if existing is None:
        return Plan('create', None, payload, [])
    reasons = differences(existing, start, end, tolerance)
    if not reasons:
        return Plan('keep', existing, None, [])
    payload['id'] = existing['id']
    if start is None and silence_state(existing) == 'active':
        # Keep an active silence's start: Alertmanager replaces a silence whose start changes.
        payload['startsAt'] = existing['startsAt']
    return Plan('update', existing, payload, reasons)


def expired_plan(wanted, silences):
    """The silences state=absent expires: every active or pending one that is the same."""
    return [s for s in silences if wanted.is_same(s)]


def summary(silence):
    """A silence (API document or payload) for the diff: matchers in Alertmanager's syntax, times, texts."""
    if not silence:
        return {}
    result = dict(matchers=sorted(str(Matcher.from_api(m)) for m in silence.get('matchers') or []),
                  createdBy=silence.get('createdBy'), comment=silence.get('comment'),
                  startsAt=silence.get('startsAt'), endsAt=silence.get('endsAt'))
    if silence.get('id'):
        result['id'] = silence['id']
    if silence_state(silence):
        result['state'] = silence_state(silence)
    return result


# --------------------------------------------------------------------------
# Alertmanager API v2
# --------------------------------------------------------------------------

def _answer_text(response):
    """Alertmanager's error answers are JSON strings (or objects with a message); plain text otherwise."""
    try:
        document = response.json()
    except ValueError:
        return excerpt(response.text)
    if isinstance(document, dict):
        document = document.get('message') or document.get('error') or json.dumps(document)
    return excerpt(str(document))


class SilenceApi:
    """GET, POST and DELETE on Alertmanager's silences."""

    def __init__(self, client):
        self.client = client

    def list(self):
        silences = self.client.get_json('/api/v2/silences')
        if not isinstance(silences, list):
            raise ApiError('GET %s did not return a list of silences; is url pointing at Alertmanager 0.20 or later?'
                           % self.client.url('/api/v2/silences'))
        return silences

    def get(self, silence_id):
        return self.client.get_json('/api/v2/silence/%s' % silence_id)

    def post(self, payload):
        """Create or update; return the id Alertmanager gives (a new one when it replaced the silence)."""
        path = '/api/v2/silences'
        response = self.client.request('POST', path, json_body=payload)
        if response.status_code != 200:
            raise ApiError('Alertmanager refused the silence: POST %s answered HTTP %d: %s' % (
                self.client.url(path), response.status_code, _answer_text(response)),
                status_code=response.status_code)
        try:
            return response.json()['silenceID']
        except (ValueError, KeyError, TypeError):
            raise ApiError('POST %s answered 200 without a silenceID: %r' % (
                self.client.url(path), excerpt(response.text)[:120]), status_code=200)

    def expire(self, silence_id):
        """Expire a silence; one that is already gone counts as expired (404; 0.25 answers 500 "silence not found")."""
        path = '/api/v2/silence/%s' % silence_id
        response = self.client.request('DELETE', path)
        gone = response.status_code == 404 or (response.status_code == 500 and 'silence not found' in response.text)
        if response.status_code != 200 and not gone:
            raise ApiError('Expiring silence %s failed: DELETE %s answered HTTP %d: %s' % (
                silence_id, self.client.url(path), response.status_code, _answer_text(response)),
                status_code=response.status_code)


# --------------------------------------------------------------------------
# The two states
# --------------------------------------------------------------------------

def ensure_present(api, wanted, check_mode, now=None):
    """Make Alertmanager hold the wanted silence; the module's result, with a diff."""
    now = now or utc_now()
    wanted.window(now)  # an end in the past fails before any request
    todo = plan(wanted, api.list(), now)
    existing = todo.existing
    if todo.action == 'keep':
        return dict(changed=False, silence_id=existing['id'], silence=existing,
                    diff=dict(before=summary(existing), after=summary(existing)),
                    msg='Silence %s is in place until %s' % (existing['id'], existing['endsAt']))
    if check_mode:
        silence_id = existing['id'] if existing else None
        silence = todo.payload
        msg = ('Would update silence %s: it %s (check mode)' % (silence_id, '; '.join(todo.reasons)) if existing
               else 'Would create a silence until %s (check mode)' % todo.payload['endsAt'])
    else:
        silence_id = api.post(todo.payload)
        silence = api.get(silence_id)
        if not existing:
            msg = 'Created silence %s until %s' % (silence_id, silence.get('endsAt'))
        elif silence_id == existing['id']:
            msg = 'Updated silence %s: it %s' % (silence_id, '; '.join(todo.reasons))
        else:
            msg = ('Replaced silence %s with %s: it %s (Alertmanager expires a silence and creates a new one when '
                   'a change would rewrite its history)' % (existing['id'], silence_id, '; '.join(todo.reasons)))
    return dict(changed=True, silence_id=silence_id, silence=silence, msg=msg,
                diff=dict(before=summary(existing), after=summary(silence)))


def ensure_absent(api, wanted, check_mode):
    """Expire every active or pending silence that is the wanted one; the module's result, with a diff."""
    found = expired_plan(wanted, api.list())
    if not found:
        return dict(changed=False, silence_id=None, silence=None, expired=[], diff=dict(before={}, after={}),
                    msg='No active or pending silence has these matchers, created_by and comment')
    ids = [s['id'] for s in found]
    silence = found[0]
    if check_mode:
        msg = 'Would expire silence %s (check mode)' % ', '.join(ids)
    else:
        for silence_id in ids:
            api.expire(silence_id)
        silence = api.get(ids[0])
        msg = 'Expired silence %s' % ', '.join(ids)
    return dict(changed=True, silence_id=ids[0], silence=silence, expired=ids, msg=msg,
                diff=dict(before=summary(found[0]), after={}))
