# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The parts of the converged-state check that read the host: command lines and file times.

Against real servers: tests/integration/test_converged.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import sys
import time

from ansible_collections.promops.prometheus.plugins.module_utils._converged import (
    argv_differences,
    command_line,
    newest,
)

UNIT = ['/usr/bin/prometheus', '--config.file=/etc/prometheus/prometheus.yml', '--web.enable-lifecycle']


def test_the_same_command_line_differs_in_nothing():
    assert argv_differences(list(UNIT), UNIT) == []


def test_a_flag_the_unit_added_or_dropped_is_named():
    assert argv_differences(UNIT[:2], UNIT) == ['its process runs without --web.enable-lifecycle, which the unit has']
    assert argv_differences(UNIT + ['--query.timeout=1m'], UNIT) == [
        'its process runs with --query.timeout=1m, which the unit no longer has']


def test_a_changed_value_is_both_missing_and_extra():
    running = [UNIT[0], '--config.file=/etc/old.yml', UNIT[2]]

    assert argv_differences(running, UNIT) == [
        'its process runs without --config.file=/etc/prometheus/prometheus.yml, which the unit has',
        'its process runs with --config.file=/etc/old.yml, which the unit no longer has']


def test_another_program_or_order_is_a_difference():
    assert argv_differences(['/usr/local/bin/prometheus'] + UNIT[1:], UNIT) == [
        'its process runs /usr/local/bin/prometheus, the unit starts /usr/bin/prometheus']
    assert argv_differences([UNIT[0], UNIT[2], UNIT[1]], UNIT) == ["its process runs the unit's flags in another order"]


def test_the_command_line_of_a_process_is_read_word_by_word():
    words = [sys.executable, '-c', 'import time; time.sleep(5)', 'a word with spaces', '--flag=$HOME']
    process = subprocess.Popen(words)
    try:
        # Right after the fork the child has not exec'd yet.
        for dummy in range(100):
            if command_line(process.pid)[:1] == [sys.executable]:
                break
            time.sleep(0.02)
        assert command_line(process.pid) == words
    finally:
        process.kill()
        process.wait()


def test_newest_names_the_latest_file_and_skips_missing_ones(tmp_path):
    old, new = tmp_path / 'old.yml', tmp_path / 'new.yml'
    old.write_text('a')
    new.write_text('b')
    os.utime(str(old), (1000, 1000))
    os.utime(str(new), (2000.5, 2000.5))

    assert newest([str(old), str(new), str(tmp_path / 'missing')]) == (2000.5, str(new))
    assert newest([str(tmp_path / 'missing')]) == (None, None)
