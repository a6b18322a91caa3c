# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""A server's configuration files changed as one checked, reversible set.

plan() compares the wanted files with the host; check() runs every file's
validator on a staged copy of the whole set; apply() keeps the previous
version of everything it touches in a backup folder, then writes each file
atomically; commit() drops that backup once the server runs the new set, and
restore() puts the backed-up set back. A backup that is still there on the
next run means a change was written but never committed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import fcntl
import glob
import grp
import json
import os
import pwd
import shutil
import stat
import tempfile

from ansible_collections.promops.prometheus.plugins.module_utils._redact import known_secrets, redact_output, redact_pair
from ansible_collections.promops.prometheus.plugins.module_utils._web_config import unreadable

BACKUP_FOLDER = 'backup'
MANIFEST = 'manifest.json'
LOCK_FILE = 'lock'
OUTPUT_LINES = 40


class ConfigSetError(Exception):
    """A failure to report through fail_json; ``details`` go into the result."""

    def __init__(self, msg, **details):
        super(ConfigSetError, self).__init__(msg)
        self.msg = msg
        self.details = details


def parse_mode(mode, what):
    try:
        value = int(str(mode), 8)
    except ValueError:
        raise ConfigSetError('%s: mode must be an octal string such as "0640", got %r.' % (what, mode))
    if value < 0 or value > 0o7777:
        raise ConfigSetError('%s: mode %r is out of range.' % (what, mode))
    return value


# An owner that does not exist yet, in check mode: the package that creates it
# would be installed first.
NOT_YET = object()


def account_id(name, lookup, kind, what, check_mode):
    if name is None:
        return -1
    try:
        return lookup(name)
    except KeyError:
        if check_mode:
            return NOT_YET
        raise ConfigSetError('%s: the %s %r does not exist on the host.' % (what, kind, name))


def uid_of(name):
    return pwd.getpwnam(name).pw_uid


def gid_of(name):
    return grp.getgrnam(name).gr_gid


def owner_ids(spec, check_mode):
    return (account_id(spec.owner, uid_of, 'user', spec.path, check_mode),
            account_id(spec.group, gid_of, 'group', spec.path, check_mode))


class WantedFile:
    """One file of the set as the inventory describes it."""

    def __init__(self, spec):
        self.path = spec['path']
        if not os.path.isabs(self.path):
            raise ConfigSetError('files: %r is not an absolute path.' % self.path)
        self.path = os.path.normpath(self.path)
        self.data = spec['content'].encode('utf-8')
        self.mode = parse_mode(spec.get('mode') or '0640', self.path)
        self.owner = spec.get('owner')
        self.group = spec.get('group')
        self.validate = list(spec.get('validate') or [])
        self.show_diff = spec.get('diff', True)
        self.reader = spec.get('check') or None
        if self.validate and not any('%s' in arg for arg in self.validate):
            raise ConfigSetError('%s: validate must name the file to check with %%s, got %r.'
                                 % (self.path, self.validate))


class WantedFolder:
    def __init__(self, spec):
        self.path = os.path.normpath(spec['path'])
        if not os.path.isabs(self.path):
            raise ConfigSetError('directories: %r is not an absolute path.' % self.path)
        self.mode = parse_mode(spec.get('mode') or '0750', self.path)
        self.owner = spec.get('owner')
        self.group = spec.get('group')


def read_bytes(path):
    try:
        with open(path, 'rb') as handle:
            return handle.read()
    except IOError as e:
        if e.errno == errno.ENOENT:
            return None
        raise


def attributes_differ(path, mode, uid, gid):
    if NOT_YET in (uid, gid):
        return True
    info = os.lstat(path)
    return (stat.S_IMODE(info.st_mode) != mode
            or (uid != -1 and info.st_uid != uid)
            or (gid != -1 and info.st_gid != gid))


def as_they_are(before, after):
    return before, after


def text(data):
    return data.decode('utf-8', 'replace') if data else ''


class Plan:
    """What applying the wanted set would change on the host."""

    def __init__(self):
        self.folders = []       # WantedFolder to create or fix
        self.written = []       # WantedFile whose content is new or different
        self.attributes = []    # WantedFile with the right content but wrong mode or owner
        self.removed = []       # paths to delete
        self.before = {}        # path -> bytes on the host before (None: absent)

    @property
    def changed(self):
        return bool(self.folders or self.written or self.attributes or self.removed)

    @property
    def content_changed(self):
        return bool(self.written or self.removed)

    def diff(self, files, show_secrets=False):
        """The diff of every written or removed file that may be shown, each secret replaced by a marker."""
        hidden = set(f.path for f in files if not f.show_diff)
        shown = as_they_are if show_secrets else redact_pair
        entries = []
        for wanted in self.written:
            if wanted.path not in hidden:
                before, after = shown(text(self.before[wanted.path]), text(wanted.data))
                entries.append(dict(before_header=wanted.path, after_header=wanted.path, before=before, after=after))
        for path in self.removed:
            if path not in hidden:
                before, after = shown(text(self.before[path]), '')
                entries.append(dict(before_header=path, after_header='%s (removed)' % path, before=before, after=after))
        return entries


class ConfigSet:
    """The files of one server, with the folder where their previous versions wait for a commit."""

    def __init__(self, files, directories=(), remove=(), root=None, state_dir=None, check_mode=False):
        self.files = [WantedFile(spec) for spec in files]
        self.folders = [WantedFolder(spec) for spec in directories]
        self.remove = list(remove)
        self.root = os.path.normpath(root) if root else None
        self.state_dir = state_dir
        self.check_mode = check_mode
        self.backup_dir = os.path.join(state_dir, BACKUP_FOLDER)
        self.manifest_path = os.path.join(self.backup_dir, MANIFEST)
        paths = [f.path for f in self.files]
        duplicates = sorted(set(p for p in paths if paths.count(p) > 1))
        if duplicates:
            raise ConfigSetError('files: %s named more than once.' % ', '.join(duplicates))
        for pattern in self.remove:
            if not os.path.isabs(pattern):
                raise ConfigSetError('remove: %r is not an absolute path pattern.' % pattern)

    # -- reading the host ---------------------------------------------------

    def pending(self):
        """The manifest of a change that was written but not committed, or None."""
        try:
            with open(self.manifest_path) as handle:
                return json.load(handle)
        except IOError as e:
            if e.errno == errno.ENOENT:
                return None
            raise
        except ValueError:
            raise ConfigSetError('%s is not readable JSON: remove %s by hand after checking the files it '
                                 'names.' % (self.manifest_path, self.backup_dir))

    def stale_files(self):
        wanted = set(f.path for f in self.files)
        found = set()
        for pattern in self.remove:
            for path in glob.glob(pattern):
                if os.path.isfile(path) and not os.path.islink(path) and os.path.normpath(path) not in wanted:
                    found.add(os.path.normpath(path))
        return sorted(found)

    def plan(self):
        plan = Plan()
        for folder in self.folders:
            uid, gid = owner_ids(folder, self.check_mode)
            if not os.path.isdir(folder.path) or attributes_differ(folder.path, folder.mode, uid, gid):
                plan.folders.append(folder)
        made = set(folder.path for folder in self.folders)
        for wanted in self.files:
            uid, gid = owner_ids(wanted, self.check_mode)
            parent = os.path.dirname(wanted.path)
            if parent not in made and not os.path.isdir(parent):
                raise ConfigSetError('%s: its folder %s does not exist; name it in directories.'
                                     % (wanted.path, parent), file=wanted.path)
            current = read_bytes(wanted.path)
            plan.before[wanted.path] = current
            if current != wanted.data:
                plan.written.append(wanted)
            elif attributes_differ(wanted.path, wanted.mode, uid, gid):
                plan.attributes.append(wanted)
        for path in self.stale_files():
            plan.before[path] = read_bytes(path)
            plan.removed.append(path)
        return plan

    # -- checking ------------------------------------------------------------

    def check(self, run_command, check_mode=False, scratch=None):
        """Run every validator on a staged copy of the whole set.

        Files below root are staged at their place in a copy of root (other
        entries of root are linked in), so that a validator of the main file
        finds the new side files through relative paths. Returns the commands
        skipped because their program is missing (check mode on a host where
        the server is not installed yet). The copy lives in scratch (private
        to this process) and is removed afterwards.
        """
        skipped = self._check_readers(check_mode)
        checks = [f for f in self.files if f.validate]
        if not checks:
            return skipped
        stage = tempfile.mkdtemp(prefix='promops-stage-', dir=scratch)
        try:
            staged = self._stage(stage)
            for wanted in checks:
                argv = [arg.replace('%s', staged[wanted.path]) for arg in wanted.validate]
                program = argv[0]
                if not installed(program):
                    if check_mode:
                        skipped.append(' '.join(wanted.validate))
                        continue
                    raise ConfigSetError('%s cannot be checked: %s is not installed on the host.'
                                         % (wanted.path, program), file=wanted.path)
                rc, out, err = run_command(argv, cwd=os.path.join(stage, 'root'))
                if rc != 0:
                    known = known_secrets(text(f.data) for f in self.files)
                    out = redact_output(unstage(out, staged, stage, self.root), known)
                    err = redact_output(unstage(err, staged, stage, self.root), known)
                    raise ConfigSetError(
                        '%s failed `%s`; nothing was changed on the host:\n%s' % (
                            wanted.path, ' '.join(arg.replace('%s', wanted.path) for arg in wanted.validate),
                            excerpt_lines(out, err)),
                        file=wanted.path, validate=wanted.validate, rc=rc,
                        stdout=out, stderr=err, stdout_lines=out.splitlines(), stderr_lines=err.splitlines())
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        return skipped

    def _check_readers(self, check_mode):
        """The files a web configuration names must be readable by the account that runs the server."""
        skipped = []
        for wanted in self.files:
            if not wanted.reader:
                continue
            user, group = wanted.reader.get('user'), wanted.reader.get('group')
            if check_mode and NOT_YET in (account_id(user, uid_of, 'user', wanted.path, True),
                                          account_id(group, gid_of, 'group', wanted.path, True)):
                skipped.append('%s: the files it names, read as %s' % (wanted.path, user))
                continue
            found = unreadable(wanted.reader.get('reads') or [], user, group)
            if found:
                raise ConfigSetError('%s names files that %s cannot use; nothing was changed on the host: %s.'
                                     % (wanted.path, user, '; '.join(found)), file=wanted.path)
        return skipped

    def _stage(self, stage):
        staged = {}
        stage_root = os.path.join(stage, 'root')
        os.makedirs(stage_root)
        inside = set()
        for number, wanted in enumerate(self.files):
            if self.root and wanted.path.startswith(self.root + os.sep):
                relative = os.path.relpath(wanted.path, self.root)
                inside.add(relative.split(os.sep, 1)[0])
                target = os.path.join(stage_root, relative)
            else:
                target = os.path.join(stage, 'outside', str(number), os.path.basename(wanted.path))
            folder = os.path.dirname(target)
            if not os.path.isdir(folder):
                os.makedirs(folder)
            with open(target, 'wb') as handle:
                handle.write(wanted.data)
            staged[wanted.path] = target
        if self.root and os.path.isdir(self.root):
            for name in os.listdir(self.root):
                if name not in inside:
                    os.symlink(os.path.join(self.root, name), os.path.join(stage_root, name))
        return staged

    # -- changing the host ---------------------------------------------------

    def apply(self, plan):
        """Write the planned changes, keeping what they replace until commit() or restore()."""
        self._ensure_state_dir()
        for folder in plan.folders:
            self._make_folder(folder)
        manifest = self.pending() or {}
        touched = [f.path for f in plan.written + plan.attributes] + plan.removed
        self._back_up(manifest, touched)
        try:
            for wanted in plan.written:
                write_atomically(wanted.path, wanted.data, wanted.mode, *owner_ids(wanted, False))
            for wanted in plan.attributes:
                set_attributes(wanted.path, wanted.mode, *owner_ids(wanted, False))
            for path in plan.removed:
                os.unlink(path)
        except (IOError, OSError) as e:
            try:
                restored = self.restore()
            except (IOError, OSError) as second:
                raise ConfigSetError(
                    'Writing the configuration failed (%s), and so did putting the previous files back (%s): '
                    'the host may hold a mix of both. The previous files are kept in %s (manifest.json says '
                    'where each belongs).' % (e, second, self.backup_dir))
            raise ConfigSetError('Writing the configuration failed (%s); the previous files are back in place (%s).'
                                 % (e, ', '.join(restored) or 'nothing to put back'))

    def commit(self):
        """Forget the previous versions: the server runs the files now on disk."""
        if not os.path.isdir(self.backup_dir):
            return False
        shutil.rmtree(self.backup_dir)
        return True

    def restore(self):
        """Put back every file the uncommitted change touched; return their paths."""
        manifest = self.pending()
        if manifest is None:
            return []
        for path, entry in sorted(manifest.items()):
            if entry['existed']:
                data = read_bytes(os.path.join(self.backup_dir, entry['copy']))
                write_atomically(path, data, entry['mode'], entry['uid'], entry['gid'])
            elif os.path.lexists(path):
                os.unlink(path)
        shutil.rmtree(self.backup_dir)
        return sorted(manifest)

    def _back_up(self, manifest, paths):
        """Record the committed state of each path once: an earlier uncommitted change keeps its originals."""
        new = [path for path in paths if path not in manifest]
        if not new:
            return
        if not os.path.isdir(self.backup_dir):
            os.makedirs(self.backup_dir, 0o700)
        for path in new:
            if os.path.lexists(path):
                info = os.lstat(path)
                copy = 'file-%d' % len(manifest)
                write_atomically(os.path.join(self.backup_dir, copy), read_bytes(path), 0o600, -1, -1)
                manifest[path] = dict(existed=True, copy=copy, mode=stat.S_IMODE(info.st_mode),
                                      uid=info.st_uid, gid=info.st_gid)
            else:
                manifest[path] = dict(existed=False)
        write_atomically(self.manifest_path, json.dumps(manifest, indent=1, sort_keys=True).encode('utf-8'),
                         0o600, -1, -1)

    def _make_folder(self, folder):
        if not os.path.isdir(folder.path):
            os.makedirs(folder.path)
        set_attributes(folder.path, folder.mode, *owner_ids(folder, False))

    def _ensure_state_dir(self):
        if not os.path.isdir(self.state_dir):
            os.makedirs(self.state_dir, 0o700)

    def lock(self):
        """An exclusive lock on the state folder for the life of this process."""
        self._ensure_state_dir()
        handle = open(os.path.join(self.state_dir, LOCK_FILE), 'a')
        fcntl.flock(handle, fcntl.LOCK_EX)
        return handle


def installed(program):
    if os.path.isabs(program):
        return os.access(program, os.X_OK)
    return shutil.which(program) is not None


def write_atomically(path, data, mode, uid, gid):
    """Replace path by a file holding data, never leaving a half-written file at path."""
    folder = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=folder)
    try:
        with os.fdopen(handle, 'wb') as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        set_attributes(temporary, mode, uid, gid)
        os.rename(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def set_attributes(path, mode, uid, gid):
    os.chown(path, uid, gid)
    os.chmod(path, mode)


def unstage(output, staged, stage, root):
    """A validator's output with the staged copies named by their live paths."""
    for live, copy in sorted(staged.items(), key=lambda item: -len(item[1])):
        output = output.replace(copy, live)
    if root:
        output = output.replace(os.path.join(stage, 'root'), root)
    return output


def excerpt_lines(out, err):
    lines = [line for line in (err or '').splitlines() + (out or '').splitlines() if line.strip()]
    if len(lines) > OUTPUT_LINES:
        lines = lines[:OUTPUT_LINES] + ['... (%d more lines)' % (len(lines) - OUTPUT_LINES)]
    return '\n'.join(lines)
