# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The built collection: what the tarball holds, ansible-doc from a clean install, and the EE metadata."""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MODULES = ('prometheus_lifecycle', 'alertmanager_lifecycle', 'server_lifecycle', 'config_set', 'alertmanager_silence',
           'variables_check')
ROLES = ('prometheus', 'alertmanager')
# Each filter is documented in a YAML file of its name.
FILTERS = tuple(sorted(path.stem for path in (REPO_ROOT / 'plugins' / 'filter').glob('*.yml')))
# The product roles' entry points, handlers and shared variables are links to the shared implementation.
SHARED = {'tasks/main.yml': 'tasks/main.yml', 'tasks/health.yml': 'tasks/health.yml',
          'tasks/reload.yml': 'tasks/reload.yml', 'tasks/restart.yml': 'tasks/restart.yml',
          'handlers/main.yml': 'handlers/main.yml', 'vars/main/server.yml': 'vars/main.yml'}


def run(*args, env=None):
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, timeout=300,
                          check=False)
    assert proc.returncode == 0, '%s failed:\n%s\n%s' % (args, proc.stdout, proc.stderr)
    return proc.stdout


@pytest.fixture(scope='module')
def tarball(tmp_path_factory):
    out = tmp_path_factory.mktemp('dist')
    run(BIN / 'ansible-galaxy', 'collection', 'build', REPO_ROOT, '--output-path', out)
    version = yaml.safe_load((REPO_ROOT / 'galaxy.yml').read_text())['version']
    path = out / ('promops-prometheus-%s.tar.gz' % version)
    assert path.is_file()
    return path


@pytest.fixture(scope='module')
def installed(tarball, tmp_path_factory):
    """A collections path holding only the installed tarball."""
    path = tmp_path_factory.mktemp('collections')
    run(BIN / 'ansible-galaxy', 'collection', 'install', '--force', tarball, '-p', path, env=clean_env(path))
    return path


def clean_env(collections_path):
    """Ansible's defaults but for the collections path, and a home of its own beside it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('ANSIBLE_')}
    env['ANSIBLE_COLLECTIONS_PATH'] = str(collections_path)
    env['ANSIBLE_HOME'] = '%s-ansible-home' % collections_path
    return env


def test_tarball_holds_the_collection_and_no_tests_caches_or_virtualenvs(tarball):
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    for expected in ('MANIFEST.json', 'README.md', 'meta/runtime.yml', 'meta/execution-environment.yml',
                     'requirements.txt', 'bindep.txt', 'plugins/modules/prometheus_lifecycle.py',
                     'plugins/module_utils/_client.py', 'plugins/doc_fragments/connection.py',
                     'roles/prometheus/tasks/main.yml', 'roles/alertmanager/meta/argument_specs.yml',
                     'roles/server/tasks/deploy.yml', 'plugins/action/config_set.py',
                     'plugins/filter/health.py'):
        assert expected in names
    unwanted = [n for n in names
                if n.split('/')[0] in ('tests', 'extensions', 'build', '.ci', '.git', '.venv')
                or '__pycache__' in n or '.pytest_cache' in n or n.endswith('.tar.gz')]
    assert unwanted == []


def test_the_linked_entry_points_are_installed_as_the_files_they_share(installed):
    collection = installed / 'ansible_collections' / 'promops' / 'prometheus'
    for role in ROLES:
        for path, target in SHARED.items():
            linked = collection / 'roles' / role / path
            shared = collection / 'roles' / 'server' / target
            assert linked.is_file(), linked
            assert linked.read_text() == shared.read_text() == (REPO_ROOT / 'roles' / 'server' / target).read_text()


@pytest.mark.parametrize('module', MODULES)
def test_ansible_doc_renders_each_module_from_the_installed_tarball(installed, module):
    env = clean_env(installed)
    name = 'promops.prometheus.%s' % module
    doc = json.loads(run(BIN / 'ansible-doc', '--json', name, env=env))[name]
    assert doc['doc']['description'] and doc['doc']['options']
    assert doc['examples'].strip() and doc['return']
    text = run(BIN / 'ansible-doc', name, env=env)
    assert 'EXAMPLES:' in text and 'RETURN VALUES:' in text


@pytest.mark.parametrize('filter_name', FILTERS)
def test_ansible_doc_renders_each_filter_from_the_installed_tarball(installed, filter_name):
    name = 'promops.prometheus.%s' % filter_name
    doc = json.loads(run(BIN / 'ansible-doc', '-t', 'filter', '--json', name, env=clean_env(installed)))[name]
    assert doc['doc']['description'] and doc['examples'].strip() and doc['return']


@pytest.mark.parametrize('role', ROLES)
def test_ansible_doc_renders_each_role_from_the_installed_tarball(installed, role):
    env = clean_env(installed)
    name = 'promops.prometheus.%s' % role
    doc = json.loads(run(BIN / 'ansible-doc', '-t', 'role', '--json', name, env=env))[name]
    options = doc['entry_points']['main']['options']
    assert '%s_install_method' % role in options
    assert '%s_web_listen_address' % role in options


def test_execution_environment_picks_up_the_collections_requirements(installed, tarball, tmp_path):
    introspected = yaml.safe_load(run(BIN / 'ansible-builder', 'introspect', '--sanitize', installed))
    assert any(line.startswith('requests') and 'promops.prometheus' in line for line in introspected['python'])
    assert any('openssh' in line and 'promops.prometheus' in line for line in introspected['system'])

    (tmp_path / 'requirements.yml').write_text(yaml.safe_dump(
        {'collections': [{'name': str(tarball), 'type': 'file'}]}))
    definition = {
        'version': 3,
        'images': {'base_image': {'name': 'registry.example.com/ansible/awx-ee:24.6.1'}},
        'dependencies': {
            'galaxy': 'requirements.yml',
            'ansible_core': {'package_pip': 'ansible-core>=2.16,<2.20'},
            'ansible_runner': {'package_pip': 'ansible-runner'},
        },
    }
    (tmp_path / 'execution-environment.yml').write_text(yaml.safe_dump(definition))
    context = tmp_path / 'context'
    run(BIN / 'ansible-builder', 'create', '-f', tmp_path / 'execution-environment.yml', '--context', context)
    containerfile = (context / 'Containerfile').read_text()
    assert 'EE_BASE_IMAGE="registry.example.com/ansible/awx-ee:24.6.1"' in containerfile
    assert 'ansible-galaxy collection install' in containerfile
    copied = yaml.safe_load((context / '_build' / 'requirements.yml').read_text())
    assert copied['collections'][0]['name'].endswith(tarball.name)
