# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""One run at a time on a server's configuration: a lease file in its state folder.

A run takes the lease when it starts writing (config_set state=present) and
gives it back once the server runs the set (committed) or the previous set
is back (restored). The processes on the host live for one task only, so the
lease names its holder, the ansible-playbook process on its controller, and
lapses after a time: a run that was killed holds no host for ever. The
controller side (the action plugin) can tell when a holder on its own
controller is gone, and takes its lease over at once.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fcntl
import json
import os
import time

LEASE_FILE = 'lease.json'
GUARD_FILE = 'lease.lock'
POLL_INTERVAL = 0.5


class LeaseHeld(Exception):
    """Another run holds the lease; ``lease`` is what its file says."""

    def __init__(self, msg, lease):
        super(LeaseHeld, self).__init__(msg)
        self.msg = msg
        self.lease = lease


def describe(lease):
    return 'the run of process %s on controller %s, since %s' % (
        lease.get('pid'), lease.get('controller'),
        time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(lease.get('acquired', 0))))


class Lease:
    """The lease file of one state folder, read and written under an flock."""

    def __init__(self, state_dir):
        self.state_dir = state_dir
        self.path = os.path.join(state_dir, LEASE_FILE)

    def _guarded(self):
        if not os.path.isdir(self.state_dir):
            os.makedirs(self.state_dir, 0o700)
        handle = open(os.path.join(self.state_dir, GUARD_FILE), 'a')
        fcntl.flock(handle, fcntl.LOCK_EX)
        return handle

    def read(self):
        try:
            with open(self.path) as handle:
                return json.load(handle)
        except (IOError, OSError, ValueError):
            return None

    def _write(self, lease):
        temporary = self.path + '.new'
        with open(temporary, 'w') as handle:
            json.dump(lease, handle, sort_keys=True)
        os.chmod(temporary, 0o600)
        os.rename(temporary, self.path)

    def take(self, holder, ttl, wait, take_over=None, now=time.time, sleep=time.sleep):
        """Hold the lease for holder (a dict with id, controller, pid) for ttl seconds from now.

        Waits up to wait seconds for another holder to give it back. A lease of
        another run on holder's own controller raises LeaseHeld at once (unless
        it is take_over), so that the controller can see whether that run is gone.
        """
        deadline = now() + wait
        while True:
            with self._guarded():
                lease = self.read()
                free = (lease is None or lease.get('id') == holder['id'] or lease.get('expires', 0) <= now()
                        or (take_over is not None and lease.get('id') == take_over))
                if free:
                    taken = dict(holder, acquired=now(), expires=now() + ttl)
                    self._write(taken)
                    return lease if lease and lease.get('id') != holder['id'] else None
            if lease.get('controller') == holder.get('controller') and take_over is None:
                raise LeaseHeld('held on this controller', lease)
            if now() >= deadline:
                raise LeaseHeld(
                    '%s is held by %s: another run is writing, reloading or verifying this server. Waited %d s. '
                    'If that run is gone, its lease lapses at %s, or remove %s.' % (
                        self.state_dir, describe(lease), wait,
                        time.strftime('%H:%M:%S UTC', time.gmtime(lease.get('expires', 0))), self.path), lease)
            sleep(POLL_INTERVAL)

    def give_back(self, holder):
        """Drop the lease if holder holds it; True when it did."""
        with self._guarded():
            lease = self.read()
            if lease is None or (holder is not None and lease.get('id') != holder['id']):
                return False
            os.unlink(self.path)
            return True
