# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter of the roles' unit template: one command-line word written as systemd reads it back.

The documentation of the filter is in systemd_exec_word.yml next to this file.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.errors import AnsibleFilterError

# Words made only of these need no quotes (and hold no % or $ to escape).
PLAIN = re.compile(r'^[A-Za-z0-9_@+=:,./-]+$')
ESCAPES = {'\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r'}


def _escape_character(character):
    if character in ESCAPES:
        return ESCAPES[character]
    if character == '%':
        return '%%'
    if character == '$':
        return '$$'
    if ord(character) < 0x20 or ord(character) == 0x7f:
        return '\\x%02x' % ord(character)
    return character


def systemd_exec_word(word):
    """word quoted for ExecStart=: systemd's unquoting, specifier and variable expansion give word back."""
    if not isinstance(word, (str, int, float)) or isinstance(word, bool):
        raise AnsibleFilterError('systemd_exec_word: a command-line word must be a string or a number, got %r'
                                 % (word,))
    word = str(word)
    if PLAIN.match(word):
        return word
    return '"%s"' % ''.join(_escape_character(character) for character in word)


class FilterModule:
    def filters(self):
        return {'systemd_exec_word': systemd_exec_word}
