# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller side of promops.prometheus.config_set: reads files[].src here, and keeps the file
contents out of the invocation that the task reports (-v shows it)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail, AnsibleError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        args['files'] = [self._with_content(spec) for spec in args.get('files') or []]
        result.update(self._execute_module(module_name='promops.prometheus.config_set', module_args=args,
                                           task_vars=task_vars))
        self._hide_contents(result)
        return result

    def _with_content(self, spec):
        spec = dict(spec)
        src = spec.pop('src', None)
        if src is None:
            return spec
        if spec.get('content') is not None:
            raise AnsibleActionFail('files: %s has both src and content; give one of them.' % spec.get('path'))
        try:
            path = self._loader.get_real_file(self._find_needle('files', src), decrypt=True)
            with open(path, 'rb') as handle:
                spec['content'] = to_text(handle.read(), errors='surrogate_or_strict')
        except (AnsibleError, IOError, OSError, UnicodeError) as e:
            raise AnsibleActionFail('files: cannot read %s on the controller for %s: %s'
                                    % (src, spec.get('path'), to_text(e)))
        return spec

    @staticmethod
    def _hide_contents(result):
        module_args = result.get('invocation', {}).get('module_args') or {}
        for spec in module_args.get('files') or []:
            if isinstance(spec, dict) and spec.get('content') is not None:
                spec['content'] = '(%d characters, not shown)' % len(spec['content'])
