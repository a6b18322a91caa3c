# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller side of promops.prometheus.config_set: reads files[].src here and checks the structure of
web configurations here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import socket

import yaml

from ansible.errors import AnsibleActionFail, AnsibleError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase

from ansible_collections.promops.prometheus.plugins.module_utils._redact import known_secrets, redact_output
from ansible_collections.promops.prometheus.plugins.module_utils._web_config import named_files, problems


def process_start(pid):
    """The start time of a process in clock ticks since boot (Linux), or None where /proc does not tell."""
    try:
        with open('/proc/%d/stat' % pid) as handle:
            return handle.read().rsplit(')', 1)[1].split()[19]
    except (IOError, OSError, IndexError):
        return None


def this_run():
    """The lease holder: the ansible-playbook process (the parent of this worker) on this controller."""
    pid = os.getppid()
    controller = socket.gethostname()
    return dict(id='%s:%d:%s' % (controller, pid, process_start(pid)), controller=controller, pid=pid)


def run_is_alive(lease):
    """Whether the run that holds lease (on this controller) still runs."""
    pid = lease.get('pid')
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return lease.get('id') == '%s:%d:%s' % (lease.get('controller'), pid, process_start(pid))


def checked(spec):
    """spec, with the files its web configuration names; fails on a structure the server would refuse."""
    check = spec.get('check')
    if not isinstance(check, dict) or check.get('kind') != 'web-config' or not isinstance(spec.get('content'), str):
        return spec
    path = spec.get('path') or ''
    try:
        config = yaml.safe_load(spec['content'])
        found = problems(config)
    except yaml.YAMLError as e:
        config, found = None, ['not YAML: %s' % redact_output(to_text(e), known_secrets([spec['content']]))]
    if found:
        raise AnsibleActionFail('%s is not a web configuration the server accepts; nothing was changed on the host: %s.'
                                % (path, '; '.join(found)))
    spec = dict(spec, check=dict(check, reads=named_files(config, os.path.dirname(path))))
    return spec


class ActionModule(ActionBase):

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        args['files'] = [checked(self._with_content(spec)) for spec in args.get('files') or []]
        args['holder'] = this_run()
        outcome = self._execute_module(module_name='promops.prometheus.config_set', module_args=args,
                                       task_vars=task_vars)
        held = outcome.get('lease_held_here')
        if held:
            # Another run of this controller holds the host: take its lease if that run is gone, else wait.
            args['take_over'] = '' if run_is_alive(held) else held.get('id', '')
            outcome = self._execute_module(module_name='promops.prometheus.config_set', module_args=args,
                                           task_vars=task_vars)
        result.update(outcome)
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
