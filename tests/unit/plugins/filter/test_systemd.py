# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""systemd_exec_word: every word comes back whole from systemd's reading of ExecStart=."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.promops.prometheus.plugins.filter.systemd import systemd_exec_word

C_ESCAPES = {'\\': '\\', '"': '"', 'n': '\n', 't': '\t', 'r': '\r'}


def systemd_words(line):
    """ExecStart= as systemd splits it (quotes, C escapes, %% and $$), for the words this filter writes."""
    words = []
    for token in re.findall(r'"(?:[^"\\]|\\.)*"|\S+', line):
        if token.startswith('"'):
            token = re.sub(r'\\x([0-9a-f]{2})|\\(.)',
                           lambda m: chr(int(m.group(1), 16)) if m.group(1) else C_ESCAPES[m.group(2)], token[1:-1])
        words.append(token.replace('%%', '%').replace('$$', '$'))
    return words


@pytest.mark.parametrize('word', [
    '/usr/bin/prometheus',
    '--storage.tsdb.retention.time=15d',
    '--web.external-url=http://example.com/a b',
    '--web.page-title=say "hi"',
    '--flag=$HOME and ${PATH}',
    '--flag=100%h',
    'back\\slash',
    '--bad\nExecStartPre=+/bin/sh -c id',
    'tab\tand\x01control',
    '',
])
def test_a_word_comes_back_whole(word):
    line = systemd_exec_word(word)

    assert '\n' not in line
    assert systemd_words(line) == [word]


def test_plain_words_stay_readable():
    assert systemd_exec_word('--config.file=/etc/prometheus/prometheus.yml') == '--config.file=/etc/prometheus/prometheus.yml'
    assert systemd_exec_word(9090) == '9090'


def test_a_newline_cannot_start_a_line_of_its_own():
    assert systemd_exec_word('x\nExecStartPre=+/bin/id') == '"x\\nExecStartPre=+/bin/id"'


@pytest.mark.parametrize('value', [None, True, ['a'], {'a': 1}])
def test_anything_but_a_word_is_refused(value):
    with pytest.raises(AnsibleFilterError, match='must be a string or a number'):
        systemd_exec_word(value)
