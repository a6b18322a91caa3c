# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The roles' meta/argument_specs.yml against defaults/main.yml and against what ansible-doc shows.

The argument specs are the roles' reference documentation and the source of
the validation that runs before each entry point, so they must cover exactly
the variables of defaults/main.yml, give each option its own description, be
plain YAML (no anchors or aliases, which hide what an entry point takes), and
render with ansible-doc.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

REPO_ROOT = Path(__file__).resolve().parents[3]
COLLECTIONS_PATH = REPO_ROOT / 'build' / 'collections'
ANSIBLE_DOC = Path(sys.executable).parent / 'ansible-doc'

ROLES = ('prometheus', 'alertmanager')
ENTRY_POINTS = ('main', 'health', 'reload', 'restart')

# The connection and lifecycle variables that the health, reload and restart
# entry points take (prefixed with the role name); health also takes its own
# timeout. main takes every variable of defaults/main.yml.
LIFECYCLE_VARIABLES = (
    'install_method', 'binary_install_dir', 'system_group', 'config_dir', 'service_name',
    'web_listen_address', 'web_external_url', 'web_route_prefix', 'web_config',
    'lifecycle_url', 'lifecycle_username', 'lifecycle_password', 'lifecycle_validate_certs',
    'lifecycle_ca_path', 'lifecycle_client_cert', 'lifecycle_client_key', 'lifecycle_timeout',
)
EXTRA_VARIABLES = {'health': ('health_timeout',), 'reload': (), 'restart': ()}
# Options of main left out of defaults/main.yml, so that the role can tell
# whether the inventory set them (a release pinned for another install
# method stops the run); their documented default is the one the role's
# vars apply.
UNSET_BY_DEFAULT = ('version',)

# Different options may share a description at most in pairs (say, a URL and
# its checksum); three or more options with one text is a copied comment.
MAX_OPTIONS_PER_DESCRIPTION = 2

SECRET_NAME = re.compile(r'password|api_key|token|secret')


def role_dir(role):
    return REPO_ROOT / 'roles' / role


def load_specs(role):
    with open(str(role_dir(role) / 'meta' / 'argument_specs.yml')) as f:
        return yaml.safe_load(f)['argument_specs']


def load_defaults(role):
    with open(str(role_dir(role) / 'defaults' / 'main.yml')) as f:
        return yaml.safe_load(f) or {}


def load_role_vars(role):
    with open(str(role_dir(role) / 'vars' / 'main' / ('%s.yml' % role))) as f:
        return yaml.safe_load(f)


def expected_options(role, entry_point):
    if entry_point == 'main':
        return set(load_defaults(role)) | set('%s_%s' % (role, name) for name in UNSET_BY_DEFAULT)
    return set('%s_%s' % (role, name) for name in LIFECYCLE_VARIABLES + EXTRA_VARIABLES[entry_point])


def normalised(description):
    """Description text with markup-neutral spacing and case, for comparison."""
    if isinstance(description, (list, tuple)):
        description = ' '.join(description)
    return re.sub(r'\s+', ' ', description or '').strip().casefold()


def walk_options(options, prefix=''):
    """(dotted name, spec) of every option and sub-option."""
    for name, spec in (options or {}).items():
        spec = spec or {}
        yield prefix + name, spec
        yield from walk_options(spec.get('options'), prefix + name + '.')


def is_templated(value):
    """Whether a default holds Jinja anywhere, so that Ansible computes it."""
    if isinstance(value, dict):
        return any(is_templated(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(is_templated(item) for item in value)
    return isinstance(value, str) and ('{{' in value or '{%' in value)


# --------------------------------------------------------------------------
# 1. main covers exactly the variables of defaults/main.yml
# --------------------------------------------------------------------------

@pytest.mark.parametrize('role', ROLES)
def test_main_entry_point_covers_exactly_the_defaults(role):
    documented = set(load_specs(role)['main']['options'])
    defaults = set(load_defaults(role))
    unset = set('%s_%s' % (role, name) for name in UNSET_BY_DEFAULT)

    assert sorted(defaults - documented) == [], 'variables of defaults/main.yml without an entry in main'
    assert sorted(documented - defaults - unset) == [], 'options of main without a variable in defaults/main.yml'
    assert sorted(defaults & unset) == [], 'options that must stay unset by default have a default'


@pytest.mark.parametrize('role', ROLES)
def test_the_documented_release_is_the_one_the_role_installs_when_none_is_set(role):
    option = load_specs(role)['main']['options']['%s_version' % role]

    assert option['default'] == load_role_vars(role)['__%s_default_version' % role]


@pytest.mark.parametrize('role', ROLES)
def test_every_entry_point_takes_its_expected_options(role):
    specs = load_specs(role)

    assert sorted(specs) == sorted(ENTRY_POINTS)
    for entry_point in ENTRY_POINTS:
        assert set(specs[entry_point]['options']) == expected_options(role, entry_point), entry_point


@pytest.mark.parametrize('role', ROLES)
def test_documented_defaults_are_those_of_defaults_main(role):
    """A literal default is shown as it is; a templated one is left out and described instead."""
    defaults = load_defaults(role)
    wrong = []
    for entry_point, spec in load_specs(role).items():
        for name, option in spec['options'].items():
            if name not in defaults:
                continue  # reported by test_main_entry_point_covers_exactly_the_defaults
            if is_templated(defaults[name]):
                if 'default' in option:
                    wrong.append('%s %s: templated default %r shown as %r'
                                 % (entry_point, name, defaults[name], option['default']))
                elif 'default' not in normalised(option.get('description')):
                    wrong.append('%s %s: the description does not say what the default is' % (entry_point, name))
            elif 'default' not in option or option['default'] != defaults[name]:
                wrong.append('%s %s: default %r, defaults/main.yml has %r'
                             % (entry_point, name, option.get('default', '(none)'), defaults[name]))
    assert wrong == []


@pytest.mark.parametrize('role', ROLES)
def test_the_defaults_pass_the_validation_of_each_entry_point(role):
    """Types, elements and choices fit the role's own defaults (templated ones are checked after templating)."""
    defaults = load_defaults(role)
    for entry_point, spec in load_specs(role).items():
        values = dict((name, value) for name, value in defaults.items()
                      if name in spec['options'] and not (isinstance(value, str) and is_templated(value)))
        result = ArgumentSpecValidator(spec['options']).validate(values)
        assert result.error_messages == [], entry_point


@pytest.mark.parametrize('role', ROLES)
def test_credentials_are_marked_no_log(role):
    for entry_point, spec in load_specs(role).items():
        for name, option in walk_options(spec['options']):
            if SECRET_NAME.search(name):
                assert option.get('no_log') is True, '%s %s' % (entry_point, name)


# --------------------------------------------------------------------------
# 2. every option has a description of its own
# --------------------------------------------------------------------------

@pytest.mark.parametrize('role', ROLES)
def test_no_description_is_shared_by_more_than_two_options(role):
    """Descriptions per option name, across entry points: the same option in several entry points counts once."""
    owners = defaultdict(set)
    for entry_point, spec in load_specs(role).items():
        for name, option in walk_options(spec['options']):
            text = normalised(option.get('description'))
            assert text, '%s %s has no description' % (entry_point, name)
            owners[text].add(name)

    shared = dict((text, sorted(names)) for text, names in owners.items() if len(names) > MAX_OPTIONS_PER_DESCRIPTION)
    assert shared == {}


@pytest.mark.parametrize('role', ROLES)
def test_entry_points_are_described(role):
    for entry_point, spec in load_specs(role).items():
        assert spec.get('short_description'), entry_point
        assert normalised(spec.get('description')), entry_point


# --------------------------------------------------------------------------
# 3. plain YAML: no anchors, aliases or merge keys
# --------------------------------------------------------------------------

@pytest.mark.parametrize('role', ROLES)
def test_argument_specs_use_no_anchors_or_aliases(role):
    path = role_dir(role) / 'meta' / 'argument_specs.yml'
    with open(str(path)) as f:
        events = list(yaml.parse(f))
    found = ['line %d: %s %s' % (event.start_mark.line + 1, type(event).__name__, event.anchor)
             for event in events
             if isinstance(event, yaml.AliasEvent) or getattr(event, 'anchor', None)]
    found += ['line %d: merge key' % (event.start_mark.line + 1)
              for event in events
              if isinstance(event, yaml.ScalarEvent) and event.value == '<<' and event.implicit[0]]
    assert found == []


# --------------------------------------------------------------------------
# 4. ansible-doc shows every entry point with its options
# --------------------------------------------------------------------------

@pytest.fixture(scope='module')
def role_doc():
    """ansible-doc --json of a role, from the ansible-core that runs the tests."""
    cache = {}

    def get(role):
        if role not in cache:
            name = 'promops.prometheus.%s' % role
            env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_PATH), ANSIBLE_NOCOLOR='1')
            proc = subprocess.run([str(ANSIBLE_DOC), '-t', 'role', '--json', name], env=env,
                                  capture_output=True, text=True, timeout=120, check=False)
            assert proc.returncode == 0, proc.stderr
            cache[role] = json.loads(proc.stdout)[name]
        return cache[role]
    return get


@pytest.mark.parametrize('role', ROLES)
def test_ansible_doc_renders_every_entry_point_with_its_options(role, role_doc):
    rendered = role_doc(role)['entry_points']
    specs = load_specs(role)

    assert sorted(rendered) == sorted(ENTRY_POINTS)
    for entry_point in ENTRY_POINTS:
        shown = rendered[entry_point]
        assert shown.get('short_description'), entry_point
        assert shown.get('description'), entry_point
        assert set(shown['options']) == expected_options(role, entry_point), entry_point
        for name, option in shown['options'].items():
            written = specs[entry_point]['options'][name]
            assert option.get('type') == written.get('type'), '%s %s' % (entry_point, name)
            assert normalised(option.get('description')) == normalised(written['description']), '%s %s' % (
                entry_point, name)
