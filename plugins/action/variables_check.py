# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""promops.prometheus.variables_check: the variables of a role's prefix that the role does not know or refuses.

Runs on the controller only. It reads the names of the task's variables, never their values."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

ARGUMENT_SPEC = dict(
    prefix=dict(type='str', required=True),
    known=dict(type='list', elements='str', default=[]),
    refused=dict(type='dict', default={}),
    ignored=dict(type='dict', default={}),
    unknown=dict(type='str', default='warn', choices=['warn', 'fail']),
)


def closest(name, prefix, known):
    """The known name closest to name, or None. The prefix is left out of the comparison: every
    candidate shares it, which would make any two names look alike."""
    suffixes = dict((candidate[len(prefix):], candidate) for candidate in known if candidate.startswith(prefix))
    found = difflib.get_close_matches(name[len(prefix):], list(suffixes), n=1)
    return suffixes[found[0]] if found else None


def findings(names, prefix, known, refused):
    """(refused, unknown): the sorted names of variables that refused lists, and those of the prefix that
    are neither known nor refused. Names starting with two underscores are internal and never looked at."""
    names = [name for name in names if isinstance(name, str) and not name.startswith('__')]
    found_refused = sorted(name for name in names if name in refused)
    found_unknown = sorted(name for name in names
                           if name.startswith(prefix) and name not in known and name not in refused)
    return found_refused, found_unknown


def owner(prefix):
    """The role a prefix belongs to: prometheus for prometheus_."""
    return prefix[:-1] if prefix.endswith('_') else prefix


def unknown_message(name, prefix, known):
    message = '%s is not a variable of the %s role' % (name, owner(prefix))
    hint = closest(name, prefix, known)
    return message + ('; did you mean %s?' % hint if hint else '')


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        dummy, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        prefix = args['prefix']
        if not prefix:
            raise AnsibleActionFail('prefix must not be empty: every variable would be checked.')
        refused = dict((str(name), str(advice)) for name, advice in args['refused'].items())
        ignored = dict((str(name), str(advice)) for name, advice in args['ignored'].items())
        known = frozenset(args['known']) | frozenset(ignored)

        names = list(task_vars or {})
        found_refused, found_unknown = findings(names, prefix, known, refused)
        found_ignored = sorted(name for name in ignored if name in names)
        unknown = [unknown_message(name, prefix, known) for name in found_unknown]
        failures = ['%s is not supported here: %s' % (name, refused[name]) for name in found_refused]
        failures += ['%s is set, but %s' % (name, ignored[name]) for name in found_ignored]
        if args['unknown'] == 'fail':
            failures += unknown
        elif unknown:
            result['warnings'] = unknown

        result.update(changed=False, refused=found_refused, ignored=found_ignored, unknown=found_unknown)
        if failures:
            result.update(failed=True, msg='; '.join(failures))
        elif found_unknown:
            result['msg'] = 'Not variables of the %s role: %s' % (owner(prefix), ', '.join(found_unknown))
        else:
            result['msg'] = 'Every variable starting with %s is known' % prefix
        return result
