#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: config_set
short_description: Change a server's configuration files as one checked, reversible set
version_added: 0.2.0
description:
  - Writes every file of a server's configuration (main file, rule files, templates, web configuration,
    systemd unit, ...) as one change. It compares the wanted files with the host, checks the whole new
    set with each file's validator on a staged copy, and only then writes the files, each one atomically.
  - Files matching O(remove) that O(files) does not name are removed in the same change.
  - The previous version of every file the change touches is kept in O(state_dir) until the change is
    committed (O(state=committed)) or put back (O(state=restored)). A backup still there on a later run
    means that a change was written but the server was never confirmed to run it; the module then
    lists its files in RV(pending).
  - The file contents travel in the task's arguments and are rendered on the controller (for example with
    the C(ansible.builtin.template) lookup); O(files[].src) reads a file from the controller instead.
    They are not shown in the task's result.
  - The diff replaces every secret value with C(<redacted>) (C(<redacted, changed>) where the value changed), unless
    O(redact_diff=false). Secrets are the values of keys that hold secrets (C(password), C(*_password), C(token), C(*_token),
    C(secret), C(*_secret), C(credentials), C(key), C(*_key), C(authorization), C(slack_api_url), C(webhook_url),
    C(url) of C(webhook_configs), C(api_url) of C(slack_configs), the values below C(basic_auth_users) and
    C(secrets)), and anywhere in a line the credentials of a URL (C(user:password@)), secret query parameters
    (C(token=), C(key=), ...), the path of a Slack, Discord or Teams webhook, and bcrypt hashes.
    A validator's output is shown with the same redaction, whatever O(redact_diff) says.
author:
  - promops maintainers (@promops)
attributes:
  check_mode:
    description: Reports what would change and runs the validators on the staged set; writes nothing.
      Validators whose program is not installed yet are skipped and listed in RV(checks_skipped).
    support: full
  diff_mode:
    description: Shows the change of every written or removed file, except those with O(files[].diff=false), with
      secret values replaced by a marker unless O(redact_diff=false).
    support: full
  action:
    description: An action plugin reads O(files[].src) on the controller. File contents stay out of the
      reported invocation.
    support: full
options:
  files:
    description:
      - Every file of the set, with its whole wanted content.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: Absolute path of the file on the host.
        type: path
        required: true
      content:
        description: The file's content. Mutually exclusive with O(files[].src).
        type: str
      src:
        description:
          - A file on the controller whose content is written (searched like C(ansible.builtin.copy)'s
            O(ansible.builtin.copy#module:src)). Read by the action plugin.
        type: path
      mode:
        description: Permissions as an octal string.
        type: str
        default: '0640'
      owner:
        description: Owner of the file; by default the user the module runs as.
        type: str
      group:
        description: Group of the file; by default the user's primary group.
        type: str
      validate:
        description:
          - Command that checks the file before anything is written, as a list of arguments; C(%s) is
            replaced by the path of the staged copy. It runs in the staged copy of O(root), so relative
            paths in the file reach the new versions of the other files of the set.
          - A command that exits non-zero fails the task, shows its output, and nothing is written.
        type: list
        elements: str
      diff:
        description:
          - Show this file's change in the diff. Secret values are replaced by a marker unless O(redact_diff=false);
            V(false) hides the whole file.
        type: bool
        default: true
      check:
        description:
          - A check the collection makes itself, besides O(files[].validate).
          - C(kind=web-config) checks a web configuration (C(--web.config.file)), which Alertmanager has no
            checker for. The action plugin checks its structure on the controller before the module runs
            (a YAML mapping of C(tls_server_config), C(http_server_config) and C(basic_auth_users); known
            settings; a certificate and a key; well-formed bcrypt hashes); the module then checks that
            the files it names exist and that O(files[].check.user) can read them. Values are never quoted.
        type: dict
        suboptions:
          kind:
            description: The kind of check.
            type: str
            choices: [web-config]
            required: true
          user:
            description: The account that runs the server and reads the files the configuration names.
            type: str
            required: true
          group:
            description: The group the server runs with (C(Group=) of its unit), when not the user's own.
            type: str
          reads:
            description: Set by the action plugin, leave it unset. The files the configuration names.
            type: list
            elements: path
  directories:
    description:
      - Folders created, or given the right mode and owner, before the files are written.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: Absolute path of the folder.
        type: path
        required: true
      mode:
        description: Permissions as an octal string.
        type: str
        default: '0750'
      owner:
        description: Owner of the folder.
        type: str
      group:
        description: Group of the folder.
        type: str
  remove:
    description:
      - Absolute glob patterns of files that belong to the set; each existing file they match that
        O(files) does not name is removed (and backed up like the others).
    type: list
    elements: str
    default: []
  redact_diff:
    description:
      - Replace each secret value in the diff with a marker (see the description); V(false) shows the values as
        they are.
    type: bool
    default: true
  root:
    description:
      - The server's configuration folder. Files below it are staged at the same place in a copy of it for
        the validators, and its other entries are linked into that copy.
    type: path
  state_dir:
    description:
      - Folder (mode 0700) where the previous versions wait for a commit, and where the set is staged.
    type: path
    required: true
  state:
    description:
      - V(present) makes the host hold O(files).
      - V(committed) forgets the previous versions once the server runs the new ones.
      - V(restored) puts the previous versions back (and removes files the change created).
    type: str
    choices: [present, committed, restored]
    default: present
  lease_wait:
    description:
      - With O(state=present), how long to wait, in seconds, while another run holds the lease on
        O(state_dir) (see the notes), before failing with a message that names that run.
    type: int
    default: 300
  lease_ttl:
    description:
      - How long, in seconds, the lease that O(state=present) takes lasts if the run never gives it back
        (a run that was killed). Every O(state=present) of the same run renews it.
    type: int
    default: 900
  holder:
    description:
      - The run that takes or gives back the lease, set by the module's action plugin on the controller
        (C(id), C(controller), C(pid) of the C(ansible-playbook) process); leave it unset.
    type: dict
  take_over:
    description:
      - Set by the action plugin, leave it unset. The id of a lease whose holder on the same controller is
        gone, which O(state=present) then takes over; an empty string when that holder still runs (the module
        waits for it).
    type: str
notes:
  - The module takes an exclusive lock on O(state_dir) while it runs.
  - One run at a time writes, reloads and verifies a server. O(state=present) takes a lease on O(state_dir) (the
    file C(lease.json)) for the run of C(ansible-playbook) it belongs to, and O(state=committed) or
    O(state=restored) of that run gives it back. Another run waits for it (O(lease_wait)). The lease of a run
    that was killed lapses after O(lease_ttl), or at once when that run was on the same controller.
    Check mode takes no lease.
  - File contents are text (UTF-8).
seealso:
  - module: promops.prometheus.prometheus_lifecycle
  - module: promops.prometheus.alertmanager_lifecycle
'''

EXAMPLES = r'''
- name: Write prometheus.yml and its rule file, checked together with promtool
  promops.prometheus.config_set:
    root: /etc/prometheus
    state_dir: /var/lib/promops/prometheus
    directories:
      - {path: /etc/prometheus, owner: root, group: prometheus}
      - {path: /etc/prometheus/rules, owner: root, group: prometheus}
    files:
      - path: /etc/prometheus/prometheus.yml
        content: "{{ lookup('ansible.builtin.template', 'prometheus.yml.j2') }}"
        group: prometheus
        validate: [promtool, check, config, '%s']
      - path: /etc/prometheus/rules/node.rules
        src: files/node.rules
        group: prometheus
        validate: [promtool, check, rules, '%s']
    remove:
      - /etc/prometheus/rules/*.rules
  register: config

- name: Reload, then forget the previous files
  when: config.written or config.removed or config.pending
  block:
    - name: Reload Prometheus
      promops.prometheus.prometheus_lifecycle:
        state: reloaded
  rescue:
    - name: Put the previous files back
      promops.prometheus.config_set:
        state_dir: /var/lib/promops/prometheus
        state: restored
  always:
    - name: Forget the previous files
      promops.prometheus.config_set:
        state_dir: /var/lib/promops/prometheus
        state: committed
'''

RETURN = r'''
written:
  description: Files whose content was (or, in check mode, would be) written.
  returned: O(state=present)
  type: list
  elements: str
  sample: [/etc/prometheus/prometheus.yml]
removed:
  description: Files that were (or would be) removed.
  returned: O(state=present)
  type: list
  elements: str
  sample: [/etc/prometheus/rules/old.rules]
attributes_changed:
  description: Files whose content was right but whose mode or owner was (or would be) changed.
  returned: O(state=present)
  type: list
  elements: str
  sample: []
directories_changed:
  description: Folders that were (or would be) created or given another mode or owner.
  returned: O(state=present)
  type: list
  elements: str
  sample: [/etc/prometheus/rules]
pending:
  description:
    - Files of a change written by an earlier run and never committed; the server may not run them. Their
      backup is kept, so a roll-back still returns to the last committed set. Empty when there is none.
  returned: O(state=present)
  type: list
  elements: str
  sample: []
checks_skipped:
  description: Validators not run in check mode because their program is not installed yet.
  returned: O(state=present)
  type: list
  elements: str
  sample: []
restored:
  description: Files put back (or removed, when the change had created them).
  returned: O(state=restored)
  type: list
  elements: str
  sample: [/etc/prometheus/prometheus.yml]
lease_taken_over:
  description: The lease of another run that this run took over, as its file said (C(controller), C(pid), C(acquired),
    C(expires)), when that run's lease had lapsed or its process was gone.
  returned: when it happened
  type: dict
  sample: {controller: awx-job-1234, pid: 4711, acquired: 1764450000.2, expires: 1764450900.2}
stderr_lines:
  description: Error output of the validator that refused a file.
  returned: failure of a validator
  type: list
  elements: str
  sample: ['FAILED: parsing YAML file /etc/prometheus/prometheus.yml: ...']
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.promops.prometheus.plugins.module_utils._config_set import ConfigSet, ConfigSetError
from ansible_collections.promops.prometheus.plugins.module_utils._lease import Lease, LeaseHeld, describe


def reported_invocation(params):
    """The arguments as the results report them. Over SSH, -vvv prints a module's raw result before
    the action plugin sees it: the files' contents, secrets among them, stay on the host."""
    shown = dict(params)
    shown['files'] = [dict(spec, content='(%d characters, not shown)' % len(spec['content']))
                      if spec.get('content') is not None else spec for spec in params['files']]
    return {'module_args': shown}


def present(config_set, module):
    pending = sorted(config_set.pending() or {})
    plan = config_set.plan()
    skipped = []
    if plan.content_changed:
        skipped = config_set.check(lambda argv, cwd: module.run_command(argv, cwd=cwd), module.check_mode,
                                   module.tmpdir)
    if plan.changed and not module.check_mode:
        config_set.apply(plan)
    result = dict(
        changed=plan.changed, pending=pending, checks_skipped=skipped,
        written=[f.path for f in plan.written], removed=plan.removed,
        attributes_changed=[f.path for f in plan.attributes],
        directories_changed=[f.path for f in plan.folders],
    )
    if module._diff:
        result['diff'] = plan.diff(config_set.files, not module.params['redact_diff'])
    if skipped:
        module.warn('Not checked (not installed yet): %s. The real run checks them.' % '; '.join(skipped))
    return result


def committed(config_set, module):
    pending = config_set.pending() is not None
    if pending and not module.check_mode:
        config_set.commit()
    return dict(changed=pending)


def restored(config_set, module):
    manifest = config_set.pending() or {}
    paths = sorted(manifest) if module.check_mode else config_set.restore()
    return dict(changed=bool(manifest), restored=paths)


STATES = dict(present=present, committed=committed, restored=restored)


def main():
    file_spec = dict(
        path=dict(type='path', required=True),
        content=dict(type='str'),
        src=dict(type='path'),
        mode=dict(type='str', default='0640'),
        owner=dict(type='str'),
        group=dict(type='str'),
        validate=dict(type='list', elements='str'),
        diff=dict(type='bool', default=True),
        check=dict(type='dict', options=dict(
            kind=dict(type='str', required=True, choices=['web-config']),
            user=dict(type='str', required=True),
            group=dict(type='str'),
            reads=dict(type='list', elements='path'),
        )),
    )
    folder_spec = dict(
        path=dict(type='path', required=True),
        mode=dict(type='str', default='0750'),
        owner=dict(type='str'),
        group=dict(type='str'),
    )
    module = AnsibleModule(
        argument_spec=dict(
            files=dict(type='list', elements='dict', default=[], options=file_spec,
                       mutually_exclusive=[('content', 'src')], required_one_of=[('content', 'src')]),
            directories=dict(type='list', elements='dict', default=[], options=folder_spec),
            remove=dict(type='list', elements='str', default=[]),
            redact_diff=dict(type='bool', default=True),
            root=dict(type='path'),
            state_dir=dict(type='path', required=True),
            state=dict(type='str', default='present', choices=['present', 'committed', 'restored']),
            lease_wait=dict(type='int', default=300),
            lease_ttl=dict(type='int', default=900),
            holder=dict(type='dict'),
            take_over=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    params = module.params
    invocation = reported_invocation(params)
    for spec in params['files']:
        if spec['content'] is None:
            module.fail_json(msg='files: %s has src but no content; run the module through its action plugin, '
                                 'which reads src on the controller.' % spec['path'], invocation=invocation)
    lease = Lease(params['state_dir'])
    taken_over = None
    if params['state'] == 'present' and not module.check_mode and params['holder']:
        try:
            taken_over = lease.take(params['holder'], params['lease_ttl'], params['lease_wait'], params['take_over'])
        except LeaseHeld as e:
            if params['take_over'] is None and e.lease.get('controller') == params['holder'].get('controller'):
                # The action plugin looks whether that run is still going, and calls again.
                module.exit_json(changed=False, lease_held_here=e.lease, invocation=invocation)
            module.fail_json(msg=e.msg, lease=e.lease, invocation=invocation)
    try:
        config_set = ConfigSet(params['files'], params['directories'], params['remove'],
                               params['root'], params['state_dir'], module.check_mode)
        lock = None if module.check_mode else config_set.lock()
        try:
            result = STATES[params['state']](config_set, module)
        finally:
            if lock:
                lock.close()
    except ConfigSetError as e:
        if params['state'] == 'present' and not module.check_mode and params['holder']:
            lease.give_back(params['holder'])
        module.fail_json(msg=e.msg, invocation=invocation, **e.details)
    if params['state'] != 'present' and not module.check_mode:
        lease.give_back(params['holder'])
    if taken_over:
        result['lease_taken_over'] = taken_over
        module.warn('Took over the lease on %s of %s, which lapsed or whose run is gone.'
                    % (params['state_dir'], describe(taken_over)))
    module.exit_json(invocation=invocation, **result)


if __name__ == '__main__':
    main()
