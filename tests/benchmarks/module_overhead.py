# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module overhead: one `prometheus_lifecycle state=healthy` task against one
`ansible.builtin.uri` task on the same /-/healthy of a real Prometheus.

The whole `ansible` process is timed; the two commands alternate (A B B A ...)
so that a change of machine load hits both alike. Figure: median(module) /
median(uri). Target: <= 1.05.
"""

import json
import sys
import tempfile

import benchlib as b

NAME = 'module_overhead'
TARGET = 1.05


def main():
    b.stop_on_signals()
    n = b.runs(11)
    b.header(NAME, 'prometheus_lifecycle state=healthy vs ansible.builtin.uri, whole `ansible` process')
    with tempfile.TemporaryDirectory(prefix='promops-bench-') as tmp:
        server = b.Prometheus(b.SUITE, tmp)
        try:
            server.start()
            commands = {
                'module': ['localhost', '-m', 'promops.prometheus.prometheus_lifecycle',
                           '-a', json.dumps({'url': server.url, 'state': 'healthy'})],
                'uri': ['localhost', '-m', 'ansible.builtin.uri',
                        '-a', json.dumps({'url': server.url + '/-/healthy'})],
                'module_ready': ['localhost', '-m', 'promops.prometheus.prometheus_lifecycle',
                                 '-a', json.dumps({'url': server.url, 'state': 'ready'})],
            }
            # One unmeasured run of each: byte-compiled files and page cache warm.
            for args in commands.values():
                b.ansible(*args).check()
            times = {which: [] for which in commands}
            rotation = list(commands)
            for i in range(n):
                # Each command takes each place of the order in turn.
                order = rotation[i % 3:] + rotation[:i % 3]
                if i % 2:
                    order.reverse()
                for which in order:
                    times[which].append(b.ansible(*commands[which]).check().wall)
                b.say('   run %2d/%d: module %.3f s, uri %.3f s, module state=ready %.3f s' % (
                    i + 1, n, times['module'][-1], times['uri'][-1], times['module_ready'][-1]))
        finally:
            server.stop()

    ratio = b.median(times['module']) / b.median(times['uri'])
    pair_ratios = [m / u for m, u in zip(times['module'], times['uri'])]
    met = ratio <= TARGET
    b.say('   prometheus_lifecycle: %s s' % b.spread(times['module'], '%.3f'))
    b.say('   ansible.builtin.uri:  %s s' % b.spread(times['uri'], '%.3f'))
    ready_ratio = b.median(times['module_ready']) / b.median(times['uri'])
    b.say('   prometheus_lifecycle state=ready: %s s, ratio to uri %.3f' % (
        b.spread(times['module_ready'], '%.3f'), ready_ratio))
    b.say('   ratio module/uri = %.3f (per-pair ratios %s), %d runs each, Prometheus %s; target <= %.2f: %s'
          % (ratio, b.spread(pair_ratios, '%.3f'), n, b.PROMETHEUS_VERSION, TARGET, b.verdict(met)))
    b.save(NAME, dict(
        what='median wall time of `ansible localhost -m promops.prometheus.prometheus_lifecycle -a state=healthy` '
             'divided by that of `ansible localhost -m ansible.builtin.uri` on the same /-/healthy',
        prometheus=b.PROMETHEUS_VERSION, runs=n, ratio=round(ratio, 4), target=TARGET, target_met=met,
        module_s=b.summary(times['module']), uri_s=b.summary(times['uri']), pair_ratio=b.summary(pair_ratios),
        module_ready_s=b.summary(times['module_ready']), ratio_ready_uri=round(ready_ratio, 4)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
