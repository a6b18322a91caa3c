# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Idempotent re-run: `ansible-playbook promops.prometheus.site` with the
demo inventory on the benchmark container that it has already converged
(extensions/demo/up.sh ran it once; a first run that still changes something
converges the container and is not counted).
Figures: wall time of the whole run, the tasks from the recap (ok / changed /
skipped), and, to explain the wall time, the seconds per task that ran and
the round trip of one `podman exec` (every remote step of a task costs at
least one). Target: under 20 s.
"""

import re
import sys

import benchlib as b
import containers as c

NAME = 'idempotent_rerun'
TARGET = 20.0


def site():
    return b.playbook('promops.prometheus.site', '-i', str(c.DEMO_INVENTORY), env=c.env()).check()


PROFILE_LINE = re.compile(r'^(.+?) -{2,} ([0-9.]+)s$', re.M)


def profile():
    """One more (unmeasured) re-run with ansible.posix.profile_tasks and -vvv: the slowest tasks and
    how many podman commands the run took."""
    run = b.playbook('promops.prometheus.site', '-i', str(c.DEMO_INVENTORY), '-vvv',
                     env=c.env(dict(ANSIBLE_CALLBACKS_ENABLED='ansible.posix.profile_tasks',
                                    PROFILE_TASKS_TASK_OUTPUT_LIMIT='all'))).check()
    recap_text = run.stdout.split('TASKS RECAP', 1)[-1]
    tasks = sorted(((name.strip(), float(secs)) for name, secs in PROFILE_LINE.findall(recap_text)),
                   key=lambda x: -x[1])
    podman_calls = len(re.findall(r"RUN \[b'[^']*podman'", run.stdout))
    return tasks, podman_calls, run.wall


def main():
    b.stop_on_signals()
    n = b.runs(5)
    b.header(NAME, 'second run of promops.prometheus.site on the converged container %s' % c.NAME)
    c.require()
    walls, counts = [], []
    converged = False
    for i in range(n + 1):
        if len(walls) == n:
            break
        run = site()
        rows = b.recap(run.stdout)
        total = {k: sum(r[k] for r in rows.values()) for k in ('ok', 'changed', 'skipped', 'failed')}
        if not converged and total['changed'] > 0 and i == 0:
            # The container was not converged yet (another benchmark changed it): this run converges it.
            b.say('   (first run changed %d tasks: it converged the container and is not counted)' % total['changed'])
            continue
        converged = True
        walls.append(run.wall)
        counts.append(total)
        b.say('   run %d/%d: %.1f s, ok=%d changed=%d skipped=%d' % (
            len(walls), n, run.wall, total['ok'], total['changed'], total['skipped']))
    rtt = c.podman_exec_seconds(9)
    tasks, podman_calls, profile_wall = profile()
    over_1s = [t for t in tasks if t[1] >= 1.0]
    ok = b.median([t['ok'] for t in counts])
    changed = max(t['changed'] for t in counts)
    skipped = b.median([t['skipped'] for t in counts])
    per_task = [w / t['ok'] for w, t in zip(walls, counts)]
    met = b.median(walls) < TARGET
    b.say('   site re-run: %s s, ok=%d changed=%d (most in any run) skipped=%d; %s s per task that ran; '
          '`podman exec true` %s s' % (b.spread(walls, '%.1f'), ok, changed, skipped,
                                       b.spread(per_task, '%.2f'), b.spread(rtt, '%.2f')))
    b.say('   profile run (-vvv, profile_tasks): %.1f s, %d podman commands, %d tasks took >= 1 s '
          '(together %.1f s), slowest: %s' % (
              profile_wall, podman_calls, len(over_1s), sum(t[1] for t in over_1s),
              '; '.join('%s %.2f s' % (name.split(' : ')[-1], secs) for name, secs in tasks[:5])))
    b.say('   ratio median wall / target = %.2f, %d runs; target < %.0f s: %s%s' % (
        b.median(walls) / TARGET, n, TARGET, b.verdict(met),
        '' if changed == 0 else '; NOT idempotent: %d changed' % changed))
    b.save(NAME, dict(
        what='wall time of the second run of ansible-playbook promops.prometheus.site (demo inventory, podman '
             'connection) on a converged container',
        container=c.NAME, runs=n, target=TARGET, target_met=met, wall_s=b.summary(walls),
        ok=ok, changed_max=changed, skipped=skipped, per_task_s=b.summary(per_task),
        podman_exec_s=b.summary(rtt), recaps=counts,
        profile=dict(wall_s=round(profile_wall, 2), podman_commands=podman_calls,
                     tasks=[dict(task=name, s=secs) for name, secs in tasks])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
