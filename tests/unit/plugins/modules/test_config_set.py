# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""promops.prometheus.config_set as a task sees it: arguments in, result or failure out.

The set itself (plan, staged checks, backup, restore) is tested in module_utils/test_config_set.py;
here is what the module adds: the states, check mode, the diff, and failures with their details.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from ansible_collections.promops.prometheus.plugins.modules import config_set

MAIN = config_set.main


@pytest.fixture
def args(tmp_path):
    """Arguments for one file in a fresh configuration folder, plus what the module wrapper would add."""
    root = tmp_path / 'etc'

    def make(content='a: 1\n', state='present', **extra):
        return dict(dict(root=str(root), state_dir=str(tmp_path / 'state'), state=state,
                         directories=[dict(path=str(root))],
                         files=[dict(path=str(root / 'main.yml'), content=content)],
                         _ansible_remote_tmp=str(tmp_path / 'remote-tmp'), _ansible_diff=True), **extra)
    make.live = root / 'main.yml'
    return make


def test_present_writes_the_set_and_reports_what_it_wrote(args, module_succeeds):
    result = module_succeeds(MAIN, args())

    assert result['changed'] is True
    assert result['written'] == [str(args.live)] and result['directories_changed'] == [str(args.live.parent)]
    assert result['pending'] == [] and result['removed'] == [] and result['checks_skipped'] == []
    assert result['diff'] == [dict(before_header=str(args.live), after_header=str(args.live), before='',
                                   after='a: 1\n')]
    assert args.live.read_text() == 'a: 1\n'


def test_a_second_run_changes_nothing_but_reports_the_uncommitted_change(args, module_succeeds):
    module_succeeds(MAIN, args())

    result = module_succeeds(MAIN, args())

    assert result['changed'] is False and result['written'] == [] and result['diff'] == []
    assert result['pending'] == [str(args.live)]


def test_check_mode_writes_nothing_and_skips_checkers_that_are_not_installed(args, module_succeeds):
    files = [dict(path=str(args.live), content='a: 1\n', validate=['/nonexistent/promtool', 'check', 'config', '%s'])]

    result = module_succeeds(MAIN, args(files=files), check_mode=True)

    assert result['changed'] is True and result['written'] == [str(args.live)]
    assert result['checks_skipped'] == ['/nonexistent/promtool check config %s']
    assert not args.live.parent.exists()


def test_a_refused_file_fails_with_the_checkers_output(args, module_fails):
    files = [dict(path=str(args.live), content='a: 1\n', validate=['sh', '-c', 'echo "bad: $0" >&2; exit 3', '%s'])]

    result = module_fails(MAIN, args(files=files))

    assert result['msg'].startswith('%s failed `sh -c echo "bad: $0" >&2; exit 3 %s`; nothing was changed'
                                    % (args.live, args.live))
    assert result['rc'] == 3 and result['stderr_lines'] == ['bad: %s' % args.live]
    assert result['file'] == str(args.live) and 'mode' not in result
    assert not args.live.exists()


SECRET_FILE = 'password: s3cret-in-the-file\n'


@pytest.mark.parametrize('validate', [None, ['sh', '-c', 'exit 3']], ids=['written', 'refused'])
def test_the_raw_result_carries_no_file_content(args, module_output, validate):
    """Over SSH, -vvv prints the module's raw output before the action plugin sees it."""
    files = [dict(path=str(args.live), content=SECRET_FILE, validate=validate)]

    out, result = module_output(MAIN, args(files=files, _ansible_diff=False))

    assert 's3cret' not in out
    assert bool(result.get('failed')) is (validate is not None)
    shown = result['invocation']['module_args']['files'][0]
    assert shown['content'] == '(%d characters, not shown)' % len(SECRET_FILE)
    assert shown['path'] == str(args.live)


def test_committed_forgets_the_previous_files_once(args, module_succeeds):
    module_succeeds(MAIN, args())

    first = module_succeeds(MAIN, args(state='committed'))
    second = module_succeeds(MAIN, args(state='committed'))

    assert (first['changed'], second['changed']) == (True, False)
    assert module_succeeds(MAIN, args())['pending'] == []


def test_restored_puts_the_previous_files_back_and_check_mode_only_names_them(args, module_succeeds):
    module_succeeds(MAIN, args(content='old\n'))
    module_succeeds(MAIN, args(state='committed'))
    module_succeeds(MAIN, args(content='new\n'))

    planned = module_succeeds(MAIN, args(state='restored'), check_mode=True)
    assert planned == dict(changed=True, restored=[str(args.live)])
    assert args.live.read_text() == 'new\n'

    done = module_succeeds(MAIN, args(state='restored'))
    assert done == dict(changed=True, restored=[str(args.live)])
    assert args.live.read_text() == 'old\n'
    assert module_succeeds(MAIN, args(state='restored')) == dict(changed=False, restored=[])


def test_src_without_the_action_plugin_fails_saying_so(args, module_fails):
    files = [dict(path=str(args.live), src='files/main.yml')]

    result = module_fails(MAIN, args(files=files))

    assert result['msg'] == ('files: %s has src but no content; run the module through its action plugin, '
                             'which reads src on the controller.' % args.live)


def test_src_and_content_are_mutually_exclusive(args, module_fails):
    files = [dict(path=str(args.live), src='files/main.yml', content='x')]

    result = module_fails(MAIN, args(files=files))

    assert 'parameters are mutually exclusive: content|src found in files' in result['msg']


def test_the_module_leaves_no_staging_folder_behind(args, module_succeeds, tmp_path):
    files = [dict(path=str(args.live), content='a: 1\n', validate=['grep', '-q', 'a', '%s'])]

    module_succeeds(MAIN, args(files=files))

    leftovers = [name for root, dirs, names in os.walk(str(tmp_path)) for name in dirs + names
                 if name.startswith('promops-stage')]
    assert leftovers == []


RUN_HERE = dict(id='laptop:100:5', controller='laptop', pid=100)
RUN_ELSEWHERE = dict(id='awx-job-1:300:9', controller='awx-job-1', pid=300)
RUN_HERE_TOO = dict(id='laptop:200:7', controller='laptop', pid=200)


def test_a_run_holds_the_host_from_present_to_committed(args, module_succeeds, module_fails, tmp_path):
    module_succeeds(MAIN, args(holder=RUN_ELSEWHERE))
    assert (tmp_path / 'state' / 'lease.json').exists()

    blocked = module_fails(MAIN, args(content='a: 2\n', holder=RUN_HERE, lease_wait=0))

    assert 'process 300 on controller awx-job-1' in blocked['msg']
    assert args.live.read_text() == 'a: 1\n'

    module_succeeds(MAIN, args(state='committed', holder=RUN_ELSEWHERE))
    assert not (tmp_path / 'state' / 'lease.json').exists()
    assert module_succeeds(MAIN, args(content='a: 2\n', holder=RUN_HERE))['written'] == [str(args.live)]


def test_a_run_of_the_same_controller_is_handed_to_the_action_plugin(args, module_succeeds):
    module_succeeds(MAIN, args(holder=RUN_HERE_TOO))

    result = module_succeeds(MAIN, args(content='a: 2\n', holder=RUN_HERE))

    assert result['lease_held_here']['pid'] == 200 and result['changed'] is False
    assert args.live.read_text() == 'a: 1\n'

    taken = module_succeeds(MAIN, args(content='a: 2\n', holder=RUN_HERE, take_over=RUN_HERE_TOO['id']))

    assert taken['lease_taken_over']['pid'] == 200 and args.live.read_text() == 'a: 2\n'


def test_a_refused_set_gives_the_lease_back(args, module_succeeds, module_fails, tmp_path):
    files = [dict(path=str(args.live), content='a: 1\n', validate=['/bin/false', '%s'])]

    module_fails(MAIN, args(files=files, holder=RUN_HERE))

    assert not (tmp_path / 'state' / 'lease.json').exists()


def test_check_mode_takes_no_lease(args, module_succeeds, tmp_path):
    module_succeeds(MAIN, args(holder=RUN_HERE), check_mode=True)

    assert not (tmp_path / 'state' / 'lease.json').exists()
