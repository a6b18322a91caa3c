# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter of the product roles: what taking a server over would change in what it runs.

The documentation of the filter is in the YAML file of the same name next to this one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import shlex
from collections.abc import Mapping

import yaml

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible.module_utils.common.text.converters import to_text

PRODUCTS = ('prometheus', 'alertmanager')
# The flags that say where the server keeps its data, how long, and where it
# answers: those a take-over must not change unseen.
WATCHED_FLAGS = {
    'prometheus': ('storage.tsdb.path', 'storage.agent.path', 'storage.tsdb.retention.time',
                   'storage.tsdb.retention.size', 'web.listen-address', 'web.external-url', 'web.route-prefix'),
    'alertmanager': ('storage.path', 'data.retention', 'web.listen-address', 'web.external-url', 'web.route-prefix'),
}


def takeover_changes(before, after, product):
    """One line per part of the configuration that differs between before and after, naming what goes and comes."""
    if product not in PRODUCTS:
        raise AnsibleFilterError('takeover_changes: the product must be one of %s, got %r' % (', '.join(PRODUCTS), product))
    old, new = _loads(before, product, 'before'), _loads(after, product, 'after')
    if _flags_known(before) and _flags_known(after):
        old['flags'], new['flags'] = _flags(before, product), _flags(after, product)
    changes = []
    for part in old:
        if isinstance(old[part], Mapping):
            words = _label_changes(old[part], new[part])
        else:
            words = ['%s goes' % name for name in old[part] if name not in new[part]]
            words += ['%s comes' % name for name in new[part] if name not in old[part]]
        if words:
            changes.append('%s: %s' % (part, ', '.join(words)))
    return changes


def _label_changes(old, new):
    words = ['%s=%s goes' % (name, old[name]) for name in old if name not in new]
    words += ['%s changes from %s to %s' % (name, old[name], new[name])
              for name in old if name in new and old[name] != new[name]]
    words += ['%s=%s comes' % (name, new[name]) for name in new if name not in old]
    return words


def _flags_known(side):
    """Whether a side gives the command line: argv (a list), or the text of a unit (empty when there is none)."""
    return isinstance(side, Mapping) and (bool(side.get('unit')) or side.get('argv') is not None)


def _flags(side, product):
    """The watched flags of the server's command line, from its argv or from the ExecStart= of its unit's text."""
    words = side.get('argv')
    if words is None:
        words = _exec_start_words(to_text(side.get('unit')))
    values = {}
    words = [to_text(word) for word in _list(words)]
    for index, word in enumerate(words):
        if not word.startswith('-'):
            continue
        name, equals, value = word.lstrip('-').partition('=')
        if not equals:
            following = words[index + 1] if index + 1 < len(words) else ''
            value = following if following and not following.startswith('-') else ''
        if name in WATCHED_FLAGS[product] and value:
            values['--' + name] = ', '.join(filter(None, [values.get('--' + name), value]))
    return values


def _exec_start_words(unit):
    """The words of the last ExecStart= of a unit file, its continued lines joined."""
    lines, command = unit.replace('\\\n', ' ').splitlines(), None
    for line in lines:
        if line.strip().startswith('ExecStart='):
            command = line.strip()[len('ExecStart='):]
    if not command:
        return []
    try:
        return shlex.split(command)[1:]
    except ValueError:
        return command.split()[1:]


def _loads(side, product, which):
    """What the server loads, part by part, from the main configuration and the files it names."""
    if not isinstance(side, Mapping) or not isinstance(side.get('config') or {}, Mapping):
        raise AnsibleFilterError('takeover_changes: %s must be a dictionary with the parsed main configuration '
                                 'under config, got %r' % (which, type(side).__name__))
    config = side.get('config') or {}
    files = side.get('files') or {}
    if not isinstance(files, Mapping):
        raise AnsibleFilterError('takeover_changes: the files of %s must map file names to their text' % which)
    if product == 'prometheus':
        return {
            'scrape jobs': sorted(set(to_text(job.get('job_name')) for job in _dicts(config.get('scrape_configs')))),
            'rules': sorted(set(rule for name in sorted(files) for rule in _rule_names(name, files[name]))),
            'external labels': dict((to_text(key), to_text(value)) for key, value in
                                    _mapping((config.get('global') or {}).get('external_labels')).items()),
            'Alertmanagers': sorted(set(
                to_text(target)
                for manager in _dicts(_mapping(config.get('alerting')).get('alertmanagers'))
                for static in _dicts(manager.get('static_configs'))
                for target in _list(static.get('targets')))),
        }
    return {
        'receivers': sorted(set(to_text(receiver.get('name')) for receiver in _dicts(config.get('receivers')))),
        'route': dict(receiver=to_text(_mapping(config.get('route')).get('receiver', ''))),
        'templates': sorted(to_text(name) for name in files),
    }


def _rule_names(name, text):
    try:
        document = yaml.safe_load(to_text(text)) or {}
    except yaml.YAMLError:
        return ['unreadable rule file %s' % name]
    return ['%s %s' % (('alert', rule['alert']) if 'alert' in rule else ('record', rule.get('record')))
            for group in _dicts(_mapping(document).get('groups')) for rule in _dicts(group.get('rules'))]


def _mapping(value):
    return value if isinstance(value, Mapping) else {}


def _list(value):
    return list(value) if is_sequence(value) else []


def _dicts(value):
    return [item for item in _list(value) if isinstance(item, Mapping)]


class FilterModule(object):
    """Filter of the take-over check."""

    def filters(self):
        return {'takeover_changes': takeover_changes}
