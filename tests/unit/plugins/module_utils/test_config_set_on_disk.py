# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The configuration set on a real file system: plan, staged checks, apply, commit and restore.

The validators are real commands (sh, grep) run on the staged copy, as promtool and amtool are
in the roles; the integration tests run the real promtool and amtool.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fcntl
import grp
import json
import os
import pwd
import stat
import subprocess
import threading

import pytest

from ansible_collections.promops.prometheus.plugins.module_utils import _config_set
from ansible_collections.promops.prometheus.plugins.module_utils._config_set import (
    ConfigSet,
    ConfigSetError,
    write_atomically,
)

ME = pwd.getpwuid(os.getuid()).pw_name
MY_GROUP = grp.getgrgid(os.getgid()).gr_name


def run(argv, cwd=None):
    """The command runner that AnsibleModule.run_command is in the module."""
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    return proc.returncode, out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace')


@pytest.fixture
def host(tmp_path):
    """A configuration folder and a state folder, as a role lays them out."""
    class Host:
        root = str(tmp_path / 'etc')
        state = str(tmp_path / 'state')

        def path(self, *parts):
            return os.path.join(self.root, *parts)

        def read(self, *parts):
            with open(self.path(*parts)) as handle:
                return handle.read()

        def write(self, relative, text, mode=0o640):
            path = self.path(relative)
            if not os.path.isdir(os.path.dirname(path)):
                os.makedirs(os.path.dirname(path))
            with open(path, 'w') as handle:
                handle.write(text)
            os.chmod(path, mode)
            return path

        def config_set(self, files, folders=None, remove=(), check_mode=False):
            folders = [dict(path=self.root), dict(path=self.path('rules'))] if folders is None else folders
            return ConfigSet(files, folders, list(remove), self.root, self.state, check_mode)

        def converge(self, files, **kwargs):
            config_set = self.config_set(files, **kwargs)
            plan = config_set.plan()
            config_set.check(run)
            config_set.apply(plan)
            return config_set, plan

    return Host()


def spec(path, content, **extra):
    return dict(dict(path=path, content=content, mode='0640', owner=ME, group=MY_GROUP), **extra)


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


# --------------------------------------------------------------------------
# plan and apply
# --------------------------------------------------------------------------

def test_a_new_set_creates_its_folders_and_files_with_their_modes(host):
    config_set, plan = host.converge([spec(host.path('main.yml'), 'a: 1\n'),
                                      spec(host.path('rules', 'x.rules'), 'groups: []\n', mode='0600')])

    assert [f.path for f in plan.written] == [host.path('main.yml'), host.path('rules', 'x.rules')]
    assert [f.path for f in plan.folders] == [host.root, host.path('rules')]
    assert host.read('main.yml') == 'a: 1\n'
    assert mode_of(host.path('main.yml')) == 0o640
    assert mode_of(host.path('rules', 'x.rules')) == 0o600
    assert mode_of(host.root) == 0o750


def test_the_same_set_again_plans_nothing(host):
    files = [spec(host.path('main.yml'), 'a: 1\n')]
    host.converge(files)

    plan = host.config_set(files).plan()

    assert not plan.changed
    assert plan.diff(host.config_set(files).files) == []


def test_a_file_with_the_right_content_but_another_mode_is_only_chmodded(host):
    files = [spec(host.path('main.yml'), 'a: 1\n')]
    host.converge(files)
    os.chmod(host.path('main.yml'), 0o644)

    config_set, plan = host.converge(files)

    assert plan.written == [] and [f.path for f in plan.attributes] == [host.path('main.yml')]
    assert mode_of(host.path('main.yml')) == 0o640
    assert not plan.content_changed


def test_files_matching_remove_that_the_set_does_not_name_are_removed(host):
    kept = host.write('rules/kept.rules', 'old')
    stale = host.write('rules/stale.rules', 'stale')
    other = host.write('rules/notes.txt', 'not a rule file')
    os.symlink(other, host.path('rules', 'link.rules'))

    config_set, plan = host.converge([spec(kept, 'new')], remove=[host.path('rules', '*.rules')])

    assert plan.removed == [stale]
    assert not os.path.exists(stale)
    assert os.path.exists(other) and os.path.islink(host.path('rules', 'link.rules'))
    assert host.read('rules', 'kept.rules') == 'new'


def test_the_diff_shows_written_and_removed_files_but_not_hidden_ones(host):
    host.write('main.yml', 'a: 1\n')
    host.write('secret.yml', 'password: old\n')
    stale = host.write('rules/stale.rules', 'stale\n')
    files = [spec(host.path('main.yml'), 'a: 2\n'), spec(host.path('secret.yml'), 'password: new\n', diff=False)]
    config_set = host.config_set(files, remove=[host.path('rules', '*.rules')])

    diff = config_set.plan().diff(config_set.files)

    assert diff == [
        dict(before_header=host.path('main.yml'), after_header=host.path('main.yml'), before='a: 1\n', after='a: 2\n'),
        dict(before_header=stale, after_header=stale + ' (removed)', before='stale\n', after=''),
    ]
    assert 'password' not in json.dumps(diff)


@pytest.mark.parametrize('files, message', [
    ([dict(path='relative.yml', content='')], "'relative.yml' is not an absolute path"),
    ([dict(path='/etc/x.yml', content=''), dict(path='/etc/x.yml', content='')], '/etc/x.yml named more than once'),
    ([dict(path='/etc/x.yml', content='', mode='rw-r-----')], 'mode must be an octal string'),
    ([dict(path='/etc/x.yml', content='', validate=['promtool', 'check', 'config'])], 'validate must name the file'),
])
def test_malformed_files_are_refused_before_anything_is_read(tmp_path, files, message):
    with pytest.raises(ConfigSetError) as raised:
        ConfigSet(files, state_dir=str(tmp_path))

    assert message in raised.value.msg


def test_a_file_in_a_folder_that_neither_exists_nor_is_planned_is_refused(host):
    with pytest.raises(ConfigSetError) as raised:
        host.config_set([spec(host.path('nowhere', 'x.yml'), '')], folders=[dict(path=host.root)]).plan()

    assert raised.value.msg == '%s: its folder %s does not exist; name it in directories.' % (
        host.path('nowhere', 'x.yml'), host.path('nowhere'))


def test_an_unknown_owner_fails_naming_it_and_counts_as_a_change_in_check_mode(host):
    files = [spec(host.path('main.yml'), 'a: 1\n', group='promops-no-such-group')]
    host.write('main.yml', 'a: 1\n')

    with pytest.raises(ConfigSetError) as raised:
        host.config_set(files).plan()
    assert raised.value.msg == "%s: the group 'promops-no-such-group' does not exist on the host." % host.path('main.yml')

    plan = host.config_set(files, check_mode=True).plan()
    assert [f.path for f in plan.attributes] == [host.path('main.yml')]


# --------------------------------------------------------------------------
# staged checks
# --------------------------------------------------------------------------

def test_the_main_file_is_checked_with_the_new_side_files_through_relative_paths(host):
    host.write('rules/x.rules', 'OLD\n')
    checked = host.path('main.yml')
    files = [spec(host.path('rules', 'x.rules'), 'NEW\n'),
             spec(checked, 'rule_files: [rules/*.rules]\n', validate=['sh', '-c', 'grep -q NEW rules/x.rules', '%s'])]

    assert host.config_set(files).check(run) == []


def test_entries_of_root_outside_the_set_are_visible_to_the_validators(host):
    host.write('certs/ca.pem', 'CA\n')
    files = [spec(host.path('main.yml'), 'ca: certs/ca.pem\n', validate=['sh', '-c', 'grep -q CA certs/ca.pem', '%s'])]

    host.config_set(files).check(run)


def test_a_refused_file_fails_with_the_validators_output_under_live_paths_and_changes_nothing(host):
    host.write('main.yml', 'old\n')
    files = [spec(host.path('main.yml'), 'new\n',
                  validate=['sh', '-c', 'echo "checking $0"; echo "FAILED: $0: bad" >&2; exit 1', '%s'])]
    config_set = host.config_set(files)

    with pytest.raises(ConfigSetError) as raised:
        config_set.check(run)

    error = raised.value
    assert error.msg.startswith("%s failed `sh -c echo \"checking $0\"; echo \"FAILED: $0: bad\" >&2; exit 1 %s`; "
                                'nothing was changed on the host:\n' % (host.path('main.yml'), host.path('main.yml')))
    assert error.details['stderr_lines'] == ['FAILED: %s: bad' % host.path('main.yml')]
    assert error.details['stdout_lines'] == ['checking %s' % host.path('main.yml')]
    assert error.details['rc'] == 1 and error.details['file'] == host.path('main.yml')
    assert host.read('main.yml') == 'old\n'
    assert 'promops-stage' not in error.msg


def test_a_file_outside_root_is_checked_on_its_own_copy(host, tmp_path):
    unit = str(tmp_path / 'unit.service')
    files = [spec(unit, '[Service]\n', validate=['grep', '-q', r'^\[Service\]$', '%s'])]

    host.config_set(files).check(run)


def test_a_missing_validator_is_skipped_in_check_mode_and_fails_a_real_run(host):
    files = [spec(host.path('main.yml'), 'a\n', validate=['/nonexistent/promtool', 'check', 'config', '%s'])]

    assert host.config_set(files, check_mode=True).check(run, check_mode=True) == [
        '/nonexistent/promtool check config %s']
    with pytest.raises(ConfigSetError) as raised:
        host.config_set(files).check(run)
    assert raised.value.msg == '%s cannot be checked: /nonexistent/promtool is not installed on the host.' % (
        host.path('main.yml'))


def test_the_staged_copy_is_removed_after_the_check(host, tmp_path):
    scratch = tmp_path / 'scratch'
    scratch.mkdir()
    files = [spec(host.path('main.yml'), 'a\n', validate=['false', '%s'])]

    with pytest.raises(ConfigSetError):
        host.config_set(files).check(run, scratch=str(scratch))

    assert list(scratch.iterdir()) == []


# --------------------------------------------------------------------------
# backup, commit, restore
# --------------------------------------------------------------------------

def test_apply_keeps_the_previous_files_until_commit(host):
    host.write('main.yml', 'old\n', mode=0o600)
    stale = host.write('rules/stale.rules', 'stale\n')
    config_set, plan = host.converge([spec(host.path('main.yml'), 'new\n'), spec(host.path('rules', 'new.rules'), 'r\n')],
                                     remove=[host.path('rules', '*.rules')])

    assert sorted(config_set.pending()) == [host.path('main.yml'), host.path('rules', 'new.rules'), stale]
    assert mode_of(os.path.join(host.state, 'backup')) == 0o700
    assert all(mode_of(os.path.join(host.state, 'backup', name)) == 0o600
               for name in os.listdir(os.path.join(host.state, 'backup')))

    assert config_set.commit() is True
    assert config_set.pending() is None
    assert config_set.commit() is False


def test_restore_puts_back_contents_and_modes_removes_created_files_and_brings_back_removed_ones(host):
    host.write('main.yml', 'old\n', mode=0o600)
    stale = host.write('rules/stale.rules', 'stale\n')
    config_set, plan = host.converge([spec(host.path('main.yml'), 'new\n'), spec(host.path('rules', 'new.rules'), 'r\n')],
                                     remove=[host.path('rules', '*.rules')])

    restored = config_set.restore()

    assert restored == sorted([host.path('main.yml'), host.path('rules', 'new.rules'), stale])
    assert host.read('main.yml') == 'old\n' and mode_of(host.path('main.yml')) == 0o600
    assert host.read('rules', 'stale.rules') == 'stale\n'
    assert not os.path.exists(host.path('rules', 'new.rules'))
    assert config_set.pending() is None
    assert config_set.restore() == []


def test_a_second_change_before_a_commit_still_restores_the_last_committed_files(host):
    host.write('main.yml', 'committed\n')
    host.converge([spec(host.path('main.yml'), 'first\n')])
    config_set, plan = host.converge([spec(host.path('main.yml'), 'second\n'), spec(host.path('extra.yml'), 'x\n')])

    assert sorted(config_set.pending()) == [host.path('extra.yml'), host.path('main.yml')]
    config_set.restore()

    assert host.read('main.yml') == 'committed\n'
    assert not os.path.exists(host.path('extra.yml'))


@pytest.fixture
def failing_rename(monkeypatch):
    """Make os.rename onto the given path fail with ENOSPC the given number of times."""
    real_rename = os.rename

    def arm(path, times):
        left = [times]

        def rename(source, target):
            if target == path and left[0] > 0:
                left[0] -= 1
                raise OSError(28, 'No space left on device')
            real_rename(source, target)
        monkeypatch.setattr(_config_set.os, 'rename', rename)
    return arm


def test_a_write_that_fails_half_way_puts_everything_back(host, failing_rename):
    host.write('a.yml', 'old a\n')
    host.write('b.yml', 'old b\n')
    config_set = host.config_set([spec(host.path('a.yml'), 'new a\n'), spec(host.path('b.yml'), 'new b\n')])
    plan = config_set.plan()
    failing_rename(host.path('b.yml'), times=1)

    with pytest.raises(ConfigSetError) as raised:
        config_set.apply(plan)

    assert raised.value.msg.startswith('Writing the configuration failed ([Errno 28] No space left on device); '
                                       'the previous files are back in place (')
    assert host.read('a.yml') == 'old a\n' and host.read('b.yml') == 'old b\n'
    assert [name for name in os.listdir(host.root) if name.startswith('.')] == []
    assert config_set.pending() is None


def test_a_write_whose_restore_fails_too_keeps_the_backup_and_says_where(host, failing_rename):
    host.write('a.yml', 'old a\n')
    config_set = host.config_set([spec(host.path('a.yml'), 'new a\n')])
    plan = config_set.plan()
    failing_rename(host.path('a.yml'), times=2)

    with pytest.raises(ConfigSetError) as raised:
        config_set.apply(plan)

    assert 'and so did putting the previous files back' in raised.value.msg
    assert config_set.backup_dir in raised.value.msg
    assert list(config_set.pending()) == [host.path('a.yml')]
    assert config_set.restore() == [host.path('a.yml')] and host.read('a.yml') == 'old a\n'


def test_an_unreadable_manifest_names_the_folder_to_clean_up(host):
    config_set = host.config_set([])
    os.makedirs(os.path.join(host.state, 'backup'))
    with open(config_set.manifest_path, 'w') as handle:
        handle.write('{not json')

    with pytest.raises(ConfigSetError) as raised:
        config_set.pending()

    assert raised.value.msg == '%s is not readable JSON: remove %s by hand after checking the files it names.' % (
        config_set.manifest_path, config_set.backup_dir)


def test_the_lock_is_exclusive_between_two_runs(host):
    config_set = host.config_set([])
    held = config_set.lock()
    outcome = []

    def second_run():
        with open(os.path.join(host.state, 'lock'), 'a') as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                outcome.append('locked')
            except (IOError, OSError):
                outcome.append('blocked')

    thread = threading.Thread(target=second_run)
    thread.start()
    thread.join(5)
    held.close()

    assert outcome == ['blocked']


def test_write_atomically_leaves_no_temporary_file_when_it_fails(tmp_path):
    target = tmp_path / 'x.yml'
    target.write_text('old')

    with pytest.raises(TypeError):
        write_atomically(str(target), None, 0o640, -1, -1)

    assert [p.name for p in tmp_path.iterdir()] == ['x.yml'] and target.read_text() == 'old'
