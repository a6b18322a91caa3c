# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lease that lets one run at a time write, reload and verify a server."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.promops.prometheus.plugins.module_utils._lease import Lease, LeaseHeld

MINE = dict(id='laptop:100:5', controller='laptop', pid=100)
OTHER_HERE = dict(id='laptop:200:7', controller='laptop', pid=200)
OTHER_THERE = dict(id='awx-job-1:300:9', controller='awx-job-1', pid=300)


class Clock:
    """time.time and time.sleep of a run that never really waits."""

    def __init__(self):
        self.now = 1000.0
        self.slept = 0.0

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds
        self.slept += seconds


@pytest.fixture
def clock():
    return Clock()


def take(lease, holder, clock, ttl=900, wait=300, take_over=None):
    return lease.take(holder, ttl, wait, take_over, now=clock.time, sleep=clock.sleep)


def on_disk(tmp_path):
    return json.loads((tmp_path / 'lease.json').read_text())


def test_a_free_lease_is_taken_and_given_back(tmp_path, clock):
    lease = Lease(str(tmp_path))

    assert take(lease, MINE, clock) is None
    assert on_disk(tmp_path)['id'] == MINE['id'] and on_disk(tmp_path)['expires'] == 1900.0
    assert oct((tmp_path / 'lease.json').stat().st_mode & 0o777) == '0o600'

    assert lease.give_back(MINE) is True
    assert not (tmp_path / 'lease.json').exists()


def test_the_same_run_renews_its_lease_without_waiting(tmp_path, clock):
    lease = Lease(str(tmp_path))
    take(lease, MINE, clock)
    clock.now += 60

    assert take(lease, MINE, clock) is None
    assert clock.slept == 0 and on_disk(tmp_path)['expires'] == 1960.0


def test_a_run_of_another_controller_is_waited_for_then_named(tmp_path, clock):
    lease = Lease(str(tmp_path))
    take(lease, OTHER_THERE, clock)

    with pytest.raises(LeaseHeld) as held:
        take(lease, MINE, clock, wait=30)

    assert clock.slept >= 30
    assert 'process 300 on controller awx-job-1' in held.value.msg and 'Waited 30 s' in held.value.msg
    assert str(tmp_path / 'lease.json') in held.value.msg
    assert on_disk(tmp_path)['id'] == OTHER_THERE['id']


def test_a_lease_given_back_while_waiting_is_taken(tmp_path, clock):
    lease = Lease(str(tmp_path))
    take(lease, OTHER_THERE, clock)

    def sleep_then_give_back(seconds):
        clock.sleep(seconds)
        if clock.slept >= 5:
            lease.give_back(OTHER_THERE)

    assert lease.take(MINE, 900, 300, None, now=clock.time, sleep=sleep_then_give_back) is None
    assert 5 <= clock.slept < 6 and on_disk(tmp_path)['id'] == MINE['id']


def test_a_run_of_the_same_controller_is_reported_at_once(tmp_path, clock):
    lease = Lease(str(tmp_path))
    take(lease, OTHER_HERE, clock)

    with pytest.raises(LeaseHeld) as held:
        take(lease, MINE, clock)

    assert clock.slept == 0 and held.value.lease['pid'] == 200


def test_a_gone_run_of_the_same_controller_is_taken_over(tmp_path, clock):
    lease = Lease(str(tmp_path))
    take(lease, OTHER_HERE, clock)

    previous = take(lease, MINE, clock, take_over=OTHER_HERE['id'])

    assert previous['id'] == OTHER_HERE['id'] and on_disk(tmp_path)['id'] == MINE['id']


def test_a_lapsed_lease_is_taken_over(tmp_path, clock):
    lease = Lease(str(tmp_path))
    take(lease, OTHER_THERE, clock, ttl=60)
    clock.now += 61

    assert take(lease, MINE, clock)['id'] == OTHER_THERE['id']
    assert clock.slept == 0


def test_only_the_holder_gives_the_lease_back(tmp_path, clock):
    lease = Lease(str(tmp_path))
    take(lease, OTHER_THERE, clock)

    assert lease.give_back(MINE) is False
    assert on_disk(tmp_path)['id'] == OTHER_THERE['id']
