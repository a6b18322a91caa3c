# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""Secret values of configuration files replaced by a marker, line by line.

The files are YAML (prometheus.yml, alertmanager.yml, web.yml, rule and
file_sd files) or text with YAML-like lines (a unit, Go templates). A value is
secret by the name of its key (passwords, tokens, keys, credentials, webhook
URLs that carry a key, bcrypt hashes of basic_auth_users) or by its form
anywhere in a line (user:password@ in a URL, a token in a query string, the
path of a Slack, Discord or Teams webhook, a bcrypt hash). The scan keeps
every line, so a diff of two redacted texts still shows which lines changed;
redact_pair() marks a secret whose value changed, and nothing else tells the
old value from the new.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

MARKER = '<redacted>'
CHANGED = '<redacted, changed>'

SECRET_NAMES = frozenset([
    'password', 'token', 'secret', 'credentials', 'key', 'authorization', 'cookie',
    'slack_api_url', 'webhook_url', 'token_id',
])
SECRET_SUFFIXES = ('_password', '_token', '_secret', '_key', '_apikey')
# Keys whose value is secret only in these sections (Alertmanager's SecretURL fields).
SECRET_IN = {
    'url': frozenset(['webhook_configs', 'incidentio_configs']),
    'api_url': frozenset(['slack_configs']),
}
# Keys whose every value below is secret (user: bcrypt hash; header secrets).
SECRET_CHILDREN = frozenset(['basic_auth_users', 'secrets'])

KEY_LINE = re.compile(
    r'^(?P<indent>[ \t]*)(?P<dash>(?:-[ \t]+)*)'
    r'(?P<key>"[^"]*"|\'[^\']*\'|[^\s#\'"{}\[\],&*!|>%@`:-][^:#]*?|-[^\s:#][^:#]*?)'
    r'[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$')
DASH_ITEM = re.compile(r'^(?P<lead>[ \t]*-[ \t]+)(?P<value>.*?)[ \t]*$')
FLOW_PAIR = re.compile(
    r'(?P<lead>[{,][ \t]*)(?P<key>"[^"]*"|\'[^\']*\'|[A-Za-z0-9_.\-]+)(?P<sep>[ \t]*:[ \t]+)'
    r'(?P<value>"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|[^,}\]]*[^,}\]\s])')
BLOCK_INDICATOR = re.compile(r'^[|>][-+0-9]*$')
# Secrets recognised by their form, anywhere: (kind, pattern, group holding the secret).
FORMS = (
    ('userinfo', re.compile(r'[A-Za-z][A-Za-z0-9+.\-]*://(?P<s>[^/?#\s\'"<>@]*(?:@[^/?#\s\'"<>@]*)*)@'), 's'),
    ('query', re.compile(r'[?&][^=&#\s]*(?:key|token|secret|passw|pass|sig|auth|code)[^=&#\s]*=(?P<s>[^&#\s\'"<>]+)',
                         re.IGNORECASE), 's'),
    ('webhook', re.compile(r'(?:hooks\.slack\.com/services|discord(?:app)?\.com/api/webhooks|webhook\.office\.com/'
                           r'webhookb2|/workflows/[^/\s\'"]+/triggers)/(?P<s>[^\s\'"<>?#]+)', re.IGNORECASE), 's'),
    ('bcrypt', re.compile(r'(?P<s>\$2[abxy]?\$[0-9]{2}\$[./A-Za-z0-9]{53})'), 's'),
)
# Secrets shorter than this are not looked for in free text (validator output).
SHORTEST_KNOWN = 3


def key_name(raw):
    name = raw.strip()
    if len(name) > 1 and name[0] == name[-1] and name[0] in '"\'':
        name = name[1:-1]
    return name.lower().replace('-', '_')


def is_secret_key(name, parents):
    if name in SECRET_NAMES or name.endswith(SECRET_SUFFIXES):
        return True
    return bool(parents) and parents[-1] in SECRET_IN.get(name, ())


def indent_of(line):
    return len(line) - len(line.lstrip(' \t'))


class Secret:
    """One secret value found in a text; ``identity`` pairs it with the same place in another version."""

    def __init__(self, identity, raw):
        self.identity = identity
        self.raw = raw


class Scan:
    """A text cut into plain pieces and Secret pieces."""

    def __init__(self, text):
        self.lines = []
        self.counts = {}
        self._stack = []            # (indent, key) of the keys the current line is below
        self._continued = None      # indent of a secret key whose value goes on in deeper lines
        self._children = None       # indent of a key whose values below are all secret
        for line in text.split('\n'):
            self.lines.append(self._line(line))

    def secrets(self):
        return [piece for line in self.lines for piece in line if isinstance(piece, Secret)]

    def render(self, changed=frozenset()):
        return '\n'.join(''.join(piece if not isinstance(piece, Secret)
                                 else (CHANGED if piece.identity in changed else MARKER)
                                 for piece in line)
                         for line in self.lines)

    def _secret(self, kind, raw):
        place = ('/'.join(key for _indent, key in self._stack), kind)
        number = self.counts.get(place, 0)
        self.counts[place] = number + 1
        return Secret(place + (number,), raw)

    def _line(self, line):
        depth = indent_of(line)
        if self._continued is not None:
            if not line.strip() or depth > self._continued:
                return [line[:depth], self._secret('continued', line[depth:])] if line.strip() else [line]
            self._continued = None
        if self._children is not None:
            if not line.strip():
                return [line]
            if depth > self._children or (depth == self._children and line.lstrip().startswith('- ')):
                return self._child(line)
            self._children = None
        match = KEY_LINE.match(line)
        if not match:
            return self._forms(line)
        key_at = len(match.group('indent')) + len(match.group('dash'))
        while self._stack and self._stack[-1][0] >= key_at:
            self._stack.pop()
        name = key_name(match.group('key'))
        parents = [key for _indent, key in self._stack]
        self._stack.append((key_at, name))
        value = match.group('value') or ''
        head = line[:match.start('value')] if match.group('value') else line
        tail = line[match.end('value'):] if match.group('value') else ''
        if not value or value.startswith('#'):
            if name in SECRET_CHILDREN:
                self._children = key_at
            return self._forms(line)
        if name in SECRET_CHILDREN or is_secret_key(name, parents):
            if BLOCK_INDICATOR.match(value):
                self._continued = key_at
                return [line]
            self._continued = key_at
            return [head, self._secret('value', value), tail]
        return self._forms(head) + self._forms(value) + [tail]

    def _child(self, line):
        match = KEY_LINE.match(line)
        if match and match.group('value'):
            return [line[:match.start('value')], self._secret('child', match.group('value')),
                    line[match.end('value'):]]
        match = DASH_ITEM.match(line)
        if match and match.group('value'):
            return [match.group('lead'), self._secret('child', match.group('value')), line[match.end('value'):]]
        return [line]

    def _forms(self, text):
        pieces = [text]
        if '{' in text:
            pieces = self._flow(text)
        for kind, pattern, group in FORMS:
            found = []
            for piece in pieces:
                if isinstance(piece, Secret):
                    found.append(piece)
                    continue
                at = 0
                for match in pattern.finditer(piece):
                    found.append(piece[at:match.start(group)])
                    found.append(self._secret(kind, match.group(group)))
                    at = match.end(group)
                found.append(piece[at:])
            pieces = found
        return [piece for piece in pieces if isinstance(piece, Secret) or piece]

    def _flow(self, text):
        pieces = []
        at = 0
        for match in FLOW_PAIR.finditer(text):
            if key_name(match.group('key')) in SECRET_CHILDREN or \
                    is_secret_key(key_name(match.group('key')), [key for _indent, key in self._stack]):
                pieces.append(text[at:match.start('value')])
                pieces.append(self._secret('flow', match.group('value')))
                at = match.end('value')
        pieces.append(text[at:])
        return pieces


def redact(text):
    """text with every secret replaced by the marker."""
    return Scan(text).render()


def redact_pair(before, after):
    """Two versions of one file, redacted; a secret whose value differs is marked as changed in after."""
    old, new = Scan(before), Scan(after)
    was = dict((secret.identity, secret.raw) for secret in old.secrets())
    changed = frozenset(secret.identity for secret in new.secrets()
                        if secret.identity in was and was[secret.identity] != secret.raw)
    return old.render(), new.render(changed)


def known_secrets(texts):
    """The secret values of these texts, longest first, for finding them in free text."""
    values = set()
    for text in texts:
        for secret in Scan(text).secrets():
            raw = secret.raw.strip()
            for value in (raw, raw.strip('"\'')):
                if len(value) >= SHORTEST_KNOWN:
                    values.add(value)
    return sorted(values, key=lambda value: (-len(value), value))


def redact_output(output, known=()):
    """Free text (a validator's output): the known secret values and every secret by its form replaced."""
    for value in known:
        output = re.sub(r'(?<![A-Za-z0-9])%s(?![A-Za-z0-9])' % re.escape(value), MARKER, output)
    return '\n'.join(''.join(piece if not isinstance(piece, Secret) else MARKER
                             for piece in Scan('')._forms(line)) for line in output.split('\n'))
