# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What only alertmanager_lifecycle does, against real Alertmanager 0.25, 0.28 and 0.33, run through `ansible`:
templates checked on reload, and no stopped state.

What it shares with prometheus_lifecycle is in test_lifecycle_modules.py.
"""

from helpers import run_module, with_receiver

MODULE = 'alertmanager_lifecycle'


def test_broken_template_fails_the_reload(alertmanager):
    template = alertmanager.workdir / 'broken.tmpl'
    template.write_text('{{ define "broken" }}{{ .Unclosed ')
    alertmanager.write_config(with_receiver('team-a', templates=[str(template)]))

    result = run_module(MODULE, {'url': alertmanager.url, 'state': 'reloaded'})

    assert result.failed and result['status_code'] == 500
    assert 'broken.tmpl' in result['msg']
    assert alertmanager.loaded_config()['route']['receiver'] == 'default'


def test_stopped_is_not_a_state_of_alertmanager(alertmanager):
    result = run_module(MODULE, {'url': alertmanager.url, 'state': 'stopped'})

    assert result.failed
    assert 'value of state must be one of: healthy, ready, reloaded' in result['msg']
    assert alertmanager.proc.poll() is None
