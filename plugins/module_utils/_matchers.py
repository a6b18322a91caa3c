# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""Alertmanager's matchers, parsed from its own syntax and checked before any request."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import warnings
from collections import namedtuple

from ansible_collections.promops.prometheus.plugins.module_utils._client import ApiError

# --------------------------------------------------------------------------
# Matchers, in Alertmanager's own syntax: name="value", name!="value",
# name=~"regex", name!~"regex"
# --------------------------------------------------------------------------

# Label names written without quotes are the classic ones. Alertmanager 0.28 and
# later also take other UTF-8 names, written in double quotes; 0.25 refuses them.
LABEL_NAME = re.compile(r'[a-zA-Z_][a-zA-Z0-9_]*\Z')
OPERATORS = {'=': (False, True), '!=': (False, False), '=~': (True, True), '!~': (True, False)}
_OPERATOR_OF = dict((fields, operator) for operator, fields in OPERATORS.items())
OPERATOR_LIST = '=, !=, =~ or !~'
# name (classic, or any text in double quotes), operator, value
_SPLIT = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[^\s=!~"]*)\s*([=!~]*)\s*(.*?)\s*\Z', re.DOTALL)
# Python's re accepts these, Go's RE2 (which Alertmanager uses) does not.
_LOOKAROUND = re.compile(r'\(\?(?:=|!|<=|<!|P=)')
_GO_ESCAPE = re.compile(r'\\(?:[pP](?:\{[^}]*\}|[A-Za-z])|x\{[0-9A-Fa-f]*\}|Q.*?(?:\\E|\Z)|.)', re.DOTALL)
_ESCAPES = {'n': '\n', '"': '"', '\\': '\\'}


class MatcherError(ApiError):
    """A matcher that is not valid."""


class Matcher(namedtuple('Matcher', 'name value is_regex is_equal')):
    """One matcher: the fields of Alertmanager's API (name, value, isRegex, isEqual)."""

    @property
    def operator(self):
        return _OPERATOR_OF[(self.is_regex, self.is_equal)]

    def __str__(self):
        name = self.name if LABEL_NAME.match(self.name) else _quote(self.name)
        return name + self.operator + _quote(self.value)

    def to_api(self):
        return dict(name=self.name, value=self.value, isRegex=self.is_regex, isEqual=self.is_equal)

    @classmethod
    def from_api(cls, document):
        # isEqual exists from Alertmanager 0.22 on; before, every matcher was a positive one.
        return cls(document.get('name'), document.get('value'), bool(document.get('isRegex')),
                   document.get('isEqual', True) is not False)

    def matches_empty(self):
        """Whether Alertmanager counts the matcher as matching the empty string (see validateSilence)."""
        if not self.is_equal:
            return False
        if self.is_regex:
            try:
                return re.fullmatch(_as_python(self.value), '') is not None
            except re.error:
                return False
        return self.value == ''


def _unquote(text, fail, what='value'):
    """What is inside text's double quotes, unescaped as Alertmanager does (other escapes stay as they are)."""
    if not text.startswith('"'):
        fail('the value %s is not in double quotes; write it as "%s"' % (text, text.replace('"', '\\"')))
    content = []
    index = 1
    while index < len(text):
        char = text[index]
        if char == '\\' and index + 1 < len(text):
            content.append(_ESCAPES.get(text[index + 1], text[index:index + 2]))
            index += 2
            continue
        if char == '"':
            rest = text[index + 1:].strip()
            if rest:
                fail("unexpected text '%s' after the closing quote of the %s (one matcher per list item)" % (rest, what))
            return ''.join(content)
        content.append(char)
        index += 1
    fail('the %s has no closing double quote' % what)


def _quote(text):
    """text in double quotes, read back the same by _unquote. A backslash is doubled only where it would
    start an escape, so regexes read as written."""
    return '"%s"' % re.sub(r'\\(?=[\\"n\n]|\Z)', r'\\\\', text).replace('"', '\\"').replace('\n', '\\n')


def _python_escape(match):
    text = match.group(0)
    return text if len(text) == 2 and text[1] not in 'zQ' else 'x'


def _as_python(value):
    """value with the escapes only Go knows (\\pL, \\p{Greek}, \\x{263a}, \\z, \\Q...\\E) made plain
    letters, so that Python's re can check the rest of its syntax."""
    return _GO_ESCAPE.sub(_python_escape, value)


def check_regex(value):
    """None, or what is wrong with value as a Go (RE2) regular expression."""
    if _LOOKAROUND.search(value):
        return 'lookarounds and named back-references are not supported by Go regular expressions'
    escaped = False
    for char in value:
        if escaped and char in '123456789':
            return 'back-references (\\%s) are not supported by Go regular expressions' % char
        escaped = not escaped and char == '\\'
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            re.compile(_as_python(value))
    except re.error as e:
        if 'global flags not at the start' in str(e):
            return None  # Go allows (?i) anywhere
        return 'invalid regular expression: %s' % e
    return None


def parse_matcher(text, index=None):
    """A Matcher from Alertmanager's matcher syntax; MatcherError names the matcher and what is wrong."""
    where = 'matchers[%d] ' % index if index is not None else 'matcher '

    def fail(problem):
        raise MatcherError("%s'%s': %s." % (where, text, problem), matcher=text)

    name, operator, rest = _SPLIT.match(text).groups()
    if name.startswith('"'):
        name = _unquote(name, fail, 'label name')
        if not name:
            fail('the label name is empty')
    elif not name:
        fail('no label name before the operator' if operator else 'not a matcher; write name="value" (operators %s)'
             % OPERATOR_LIST)
    elif not LABEL_NAME.match(name):
        fail("invalid label name '%s': a label name starts with a letter or _ and holds only letters, digits and _ "
             "(Alertmanager 0.28 and later also take other names in double quotes: %s)" % (name, _quote(name)))
    if not operator:
        fail("no operator after the label name '%s'; use %s" % (name, OPERATOR_LIST))
    if operator not in OPERATORS:
        fail("bad operator '%s'; use %s" % (operator, OPERATOR_LIST))
    if not rest:
        fail('no value after the operator; write the value in double quotes, e.g. name="value"')
    value = _unquote(rest, fail)
    is_regex, is_equal = OPERATORS[operator]
    if is_regex:
        problem = check_regex(value)
        if problem:
            fail(problem)
    return Matcher(name, value, is_regex, is_equal)


def parse_matchers(texts):
    if not texts:
        raise MatcherError('matchers is empty: a silence needs at least one matcher.')
    matchers = [parse_matcher(text, index) for index, text in enumerate(texts)]
    if all(m.matches_empty() for m in matchers):
        raise MatcherError('matchers %s all match the empty string (they would silence every alert); Alertmanager '
                           'needs at least one matcher that does not.' % ', '.join(str(m) for m in matchers))
    return matchers


def matcher_key(matchers):
    """The matchers as an order-free comparable value."""
    return sorted(tuple(m) for m in matchers)


# --------------------------------------------------------------------------
# Durations (Go style) and times (RFC 3339)
