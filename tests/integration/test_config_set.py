# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""config_set with the real promtool and amtool of each Debian suite, and the servers loading what it wrote.

Each test writes into the configuration folder of a real server started by the fixtures, then
reloads that server with server_lifecycle and looks at what it loaded through its API.
"""

import sys

import pytest
import yaml

from helpers import run_playbook, write_playbook

# Through the controller (playbooks, action plugins, module defaults): run on every ansible-core.
pytestmark = pytest.mark.controller

SECRET = 'hunter2-in-a-remote-write-url'


def config_set_play(server, files, state='present', remove=(), reload=False):
    """A play that writes files (relative path -> content) into the server's folder, checked with its tool."""
    tool = server.root / 'usr' / 'bin' / ('promtool' if server.binary == 'prometheus' else 'amtool')
    specs = []
    for relative, content in files.items():
        # Go templates are no Jinja: Ansible must not read them.
        spec = {'path': str(server.workdir / relative), 'content': '{%% raw %%}%s{%% endraw %%}' % content}
        if relative == server.config_name:
            check = ['check', 'config'] if server.binary == 'prometheus' else ['check-config']
            spec['validate'] = [str(tool)] + check + ['%s']
        elif relative.endswith('.rules'):
            spec['validate'] = [str(tool), 'check', 'rules', '%s']
        specs.append(spec)
    folders = sorted(set(str((server.workdir / relative).parent) for relative in files))
    tasks = [{'name': 'Write the configuration set', 'promops.prometheus.config_set': {
        'root': str(server.workdir), 'state_dir': str(server.workdir / 'state'), 'state': state,
        'files': specs, 'directories': [{'path': folder} for folder in folders], 'remove': list(remove)},
        'register': 'written'}]
    if reload:
        tasks.append({'name': 'Reload the server', 'promops.prometheus.server_lifecycle': {
            'product': 'prometheus' if server.binary == 'prometheus' else 'alertmanager',
            'url': server.url, 'state': 'reloaded'}})
    tasks.append({'name': 'Show the result', 'ansible.builtin.debug': {'var': 'written'}})
    return [{'name': 'config_set', 'hosts': 'localhost', 'gather_facts': False,
             'vars': {'ansible_python_interpreter': sys.executable}, 'tasks': tasks}]


def apply(server, tmp_path, files, *options, **kwargs):
    path = write_playbook(tmp_path / 'config_set.yml', config_set_play(server, files, **kwargs))
    return run_playbook(path, options=options)


def prometheus_yml(job):
    return yaml.safe_dump({'global': {'scrape_interval': '15s'}, 'rule_files': ['rules/*.rules'],
                           'scrape_configs': [{'job_name': job, 'static_configs': [{'targets': ['127.0.0.1:1']}]}]})


def rules(group, expr='vector(1)'):
    return yaml.safe_dump({'groups': [{'name': group, 'rules': [{'record': 'promops:test', 'expr': expr}]}]})


def rule_groups(prometheus):
    return [group['name'] for group in prometheus.get('/api/v1/rules').json()['data']['groups']]


def test_a_rule_file_and_prometheus_yml_are_checked_together_written_and_loaded(make_server, tmp_path):
    prometheus = make_server('prometheus')

    run = apply(prometheus, tmp_path, {'rules/node.rules': rules('node'), 'prometheus.yml': prometheus_yml('node')},
                reload=True)

    assert run.returncode == 0, run.stdout + run.stderr
    assert rule_groups(prometheus) == ['node']
    assert prometheus.job_names() == ['node']
    assert prometheus.loaded_config()['rule_files'] == [str(prometheus.workdir / 'rules' / '*.rules')]


def test_a_rule_file_promtool_refuses_stops_the_run_before_any_file_is_written(make_server, tmp_path):
    prometheus = make_server('prometheus')
    before = prometheus.config_file.read_text()

    run = apply(prometheus, tmp_path, {'rules/node.rules': rules('node', expr='up ==== 0'),
                                       'prometheus.yml': prometheus_yml('node')}, reload=True)

    assert run.returncode != 0
    assert 'nothing was changed on the host' in run.stdout
    assert '%s: ' % (prometheus.workdir / 'rules' / 'node.rules') in run.stdout and 'parse error' in run.stdout
    assert prometheus.config_file.read_text() == before
    assert not (prometheus.workdir / 'rules' / 'node.rules').exists()
    assert prometheus.job_names() == ['prometheus']


def test_check_mode_runs_promtool_shows_the_diff_and_writes_nothing(make_server, tmp_path):
    prometheus = make_server('prometheus')
    before = prometheus.config_file.read_text()
    broken = prometheus_yml('node').replace('scrape_interval', 'scrape_intervall')

    refused = apply(prometheus, tmp_path, {'prometheus.yml': broken}, '--check')
    accepted = apply(prometheus, tmp_path, {'prometheus.yml': prometheus_yml('node')}, '--check', '--diff')

    assert refused.returncode != 0 and 'scrape_intervall' in refused.stdout, refused.stdout
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert '+- job_name: node' in accepted.stdout and 'changed=1' in accepted.stdout
    assert prometheus.config_file.read_text() == before
    assert not (prometheus.workdir / 'state').exists()


def test_alertmanager_templates_are_checked_by_amtool_with_the_configuration(make_server, tmp_path):
    alertmanager = make_server('alertmanager')
    config = yaml.safe_dump({'route': {'receiver': 'team'}, 'receivers': [{'name': 'team'}],
                             'templates': ['templates/*.tmpl']})

    broken = apply(alertmanager, tmp_path, {'templates/team.tmpl': '{{ define "team.title" }}unterminated',
                                            'alertmanager.yml': config}, reload=True)
    good = apply(alertmanager, tmp_path, {'templates/team.tmpl': '{{ define "team.title" }}ok{{ end }}',
                                          'alertmanager.yml': config}, reload=True)

    assert broken.returncode != 0 and 'team.tmpl' in broken.stdout and 'nothing was changed' in broken.stdout
    assert good.returncode == 0, good.stdout + good.stderr
    assert alertmanager.loaded_config()['templates'] == [str(alertmanager.workdir / 'templates' / '*.tmpl')]
    assert alertmanager.loaded_config()['route']['receiver'] == 'team'


def test_restore_brings_back_the_previous_set_and_the_server_loads_it(make_server, tmp_path):
    prometheus = make_server('prometheus')
    first = apply(prometheus, tmp_path, {'rules/a.rules': rules('a'), 'prometheus.yml': prometheus_yml('a')},
                  reload=True)
    committed = apply(prometheus, tmp_path, {}, state='committed')
    second = apply(prometheus, tmp_path, {'rules/b.rules': rules('b'), 'prometheus.yml': prometheus_yml('b')},
                   remove=[str(prometheus.workdir / 'rules' / '*.rules')], reload=True)
    assert [first.returncode, committed.returncode, second.returncode] == [0, 0, 0], second.stdout
    assert rule_groups(prometheus) == ['b'] and prometheus.job_names() == ['b']

    restored = apply(prometheus, tmp_path, {}, state='restored', reload=True)

    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert rule_groups(prometheus) == ['a'] and prometheus.job_names() == ['a']
    assert sorted(p.name for p in (prometheus.workdir / 'rules').iterdir()) == ['a.rules']


def test_file_contents_stay_out_of_the_reported_invocation(make_server, tmp_path):
    prometheus = make_server('prometheus')
    config = yaml.safe_load(prometheus_yml('node'))
    config['remote_write'] = [{'url': 'https://user:%s@127.0.0.1:1/write' % SECRET}]
    rule_file = tmp_path / 'controller.rules'
    rule_file.write_text(rules('from-the-controller'))
    play = config_set_play(prometheus, {'prometheus.yml': yaml.safe_dump(config)}, reload=True)
    play[0]['tasks'][0]['promops.prometheus.config_set']['files'].append(
        {'path': str(prometheus.workdir / 'rules' / 'controller.rules'), 'src': str(rule_file)})
    play[0]['tasks'][0]['promops.prometheus.config_set']['directories'].append(
        {'path': str(prometheus.workdir / 'rules')})
    # ansible-core 2.21 reports the invocation only when asked to: ask, so that it is checked on every core.
    play[0].setdefault('vars', {})['ansible_inject_invocation'] = True
    path = write_playbook(tmp_path / 'secret.yml', play)

    run = run_playbook(path, options=['-vvv'])

    assert run.returncode == 0, run.stdout + run.stderr
    assert '(%d characters, not shown)' % len(yaml.safe_dump(config)) in run.stdout
    assert SECRET not in run.stdout + run.stderr
    assert rule_groups(prometheus) == ['from-the-controller']
