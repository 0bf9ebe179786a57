#!/usr/bin/env python3
"""tests/citus/cost.py OUT — the summary of a tests/citus/cost.sh run
(docs/scale.md, "What the pulled statements cost at province scale").

OUT/citus (and OUT/single, when the run had one) hold what cost.sh kept:
steps.tsv (each command's seconds), jobs.tsv (job_run), pgss.tsv (every
node's pg_stat_statements after each command: step, node, toplevel, calls,
ms, rows, query), temp.tsv (pg_stat_database's temp files, cumulative),
ir.txt (Citus's intermediate result files of 1 MB or more, sampled every
second: epoch node dir file bytes), the nodes' logs at DEBUG1.

Prints, in order:
  1. every command, seconds on the cluster and on one server;
  2. every job of job_run, the same;
  3. for each command of 5 s or more on the cluster: the coordinator's
     statements of 0.5 s or more (nested ones included: pg_stat_statements
     track = all), with calls, rows and the same statement's time on one
     server (the same text); then the workers' own statements of 1 s or
     more (both workers summed: the shard queries and, with nested
     distributed execution, the set functions' queries a shard's query
     started); temp files written on each node;
  4. the intermediate results of 1 MB or more: the largest size seen, on
     which nodes, in which command, and the subplan (from the nodes'
     DEBUG1 messages: "generating subplan P_S for CTE x", the rule
     function and line).
"""
import calendar
import collections
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plans import FUNC, entries  # noqa: E402 (the same log parser)

SUBPLAN = re.compile(r'generating subplan (\d+_\d+) for (CTE (\w+)|subquery)(.*)$')


def tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8', errors='replace') as f:
        return [l.rstrip('\n').split('\t') for l in f if l.strip()]


def norm(q):
    return ' '.join(q.split())


def short(q, n=110):
    q = norm(q)
    # the comments Citus's deparse leaves out make the texts long: drop
    # SQL comments for the listing
    q = re.sub(r'-- .*?(?= [A-Z(])', '', q)
    return q if len(q) <= n else q[:n - 1] + '…'


def steps(side):
    rows = tsv(os.path.join(OUT, side, 'steps.tsv'))
    return [(r[0], float(r[1]), float(r[2]), r[3]) for r in rows]


def pgss(side):
    """{step name: [(node, toplevel, calls, ms, rows, query)]}"""
    out = collections.OrderedDict()
    for r in tsv(os.path.join(OUT, side, 'pgss.tsv')):
        if len(r) < 7:
            continue
        step = r[0].split('-', 1)[1] if '-' in r[0] else r[0]
        out.setdefault(step, []).append(
            (r[1], r[2] == 't', int(r[3]), float(r[4]), int(r[5]), r[6]))
    return out


def temp(side):
    """{step: {node: bytes written during the step}}"""
    last = {}
    out = collections.OrderedDict()
    for r in tsv(os.path.join(OUT, side, 'temp.tsv')):
        step = r[0].split('-', 1)[1] if '-' in r[0] else r[0]
        node, b = r[1], int(r[3])
        out.setdefault(step, {})[node] = b - last.get(node, 0)
        last[node] = b
    return out


def log_subplans(path):
    """[(epoch, pid, id, what, where)] from a node's DEBUG1 log: each
    "generating subplan" message, and the rule function and line of the
    CONTEXT that follows it."""
    res = []
    if not os.path.exists(path):
        return res
    pending = None
    for m, pid, level, msg, cont in entries(path):
        if level == 'DEBUG':
            if pending:
                res.append(pending)
                pending = None
            s = SUBPLAN.match(msg)
            if s:
                t = calendar.timegm(time.strptime(m.group(1), '%Y-%m-%d %H:%M:%S'))
                t += float('0.' + m.group(2))
                what = 'CTE ' + s.group(3) if s.group(3) else 'subquery ' + short(s.group(4)[1:], 70)
                pending = [t, pid, s.group(1), what, '']
        elif pending and level in ('CONTEXT', 'STATEMENT'):
            fm = FUNC.search(msg + '\n' + '\n'.join(cont))
            if fm:
                pending[4] = '%s line %s' % (fm.group(1), fm.group(2))
            res.append(pending)
            pending = None
    if pending:
        res.append(pending)
    return res


def mb(b):
    return '%.1f MB' % (b / 1048576.0)


def main():
    global OUT
    if len(sys.argv) != 2:
        sys.stderr.write('usage: cost.py OUT\n')
        return 2
    OUT = sys.argv[1]
    cs, ss = steps('citus'), steps('single')
    single = {s[0]: s for s in ss}

    print('== 1. commands (wall seconds)')
    print('%-44s %10s %10s %7s' % ('command', 'citus', 'single', 'ratio'))
    tc = tsn = 0.0
    for name, t0, sec, rc in cs:
        s = single.get(name)
        tc += sec
        if s:
            tsn += s[2]
        print('%-44s %10.1f %10s %7s%s' % (
            name, sec, '%.1f' % s[2] if s else '-',
            '%.1f' % (sec / s[2]) if s and s[2] > 0 else '-',
            '' if rc == '0' else '  exit ' + rc))
    print('%-44s %10.1f %10.1f' % ('total', tc, tsn))

    print('\n== 2. jobs (job_run, seconds)')
    jc = tsv(os.path.join(OUT, 'citus', 'jobs.tsv'))
    js = tsv(os.path.join(OUT, 'single', 'jobs.tsv'))
    for i, r in enumerate(jc):
        if len(r) < 5:
            continue
        s = js[i] if i < len(js) and js[i][:2] == r[:2] else None
        print('%-14s %-8s %10s %10s  %s' % (r[0], r[1], r[3], s[3] if s else '-', r[4]))

    pc, ps = pgss('citus'), pgss('single')
    tmp = temp('citus')
    print('\n== 3. statements of each command of 5 s or more on the cluster')
    for name, t0, sec, rc in cs:
        if sec < 5:
            continue
        print('\n-- %s: %.1f s on the cluster%s' % (
            name, sec, ', %.1f s on one server' % single[name][2] if name in single else ''))
        sing = {}
        for node, top, calls, ms, rows, q in ps.get(name, []):
            sing[norm(q)] = (calls, ms, rows)
        print('   coordinator (ms, calls, rows | one server: ms, calls, rows):')
        for node, top, calls, ms, rows, q in pc.get(name, []):
            if node != 'coordinator' or ms < 500:
                continue
            s = sing.get(norm(q))
            print('   %10.0f %5d %8d | %10s %5s %8s  %s%s' % (
                ms, calls, rows,
                '%.0f' % s[1] if s else '-', s[0] if s else '-', s[2] if s else '-',
                '' if not top else '[top] ', short(q)))
        agg = collections.OrderedDict()
        for node, top, calls, ms, rows, q in pc.get(name, []):
            if node == 'coordinator':
                continue
            # shard names differ per shard: one line per statement shape
            k = re.sub(r'_\d{6,}\b', '_N', norm(q))
            a = agg.setdefault(k, [0, 0.0, 0, top])
            a[0] += calls
            a[1] += ms
            a[2] += rows
        rows_ = sorted(agg.items(), key=lambda kv: -kv[1][1])
        print('   workers, both (ms, calls, rows):')
        for k, (calls, ms, rows, top) in rows_:
            if ms < 1000:
                break
            print('   %10.0f %5d %8d  %s%s' % (ms, calls, rows, '' if not top else '[top] ', short(k)))
        if name in tmp:
            print('   temp files: ' + ', '.join('%s %s' % (n, mb(b)) for n, b in tmp[name].items()))

    print('\n== 4. intermediate results of 1 MB or more (largest size seen)')
    seen = collections.OrderedDict()
    for r in tsv(os.path.join(OUT, 'citus', 'ir.txt')):
        r = r[0].split(' ')
        if len(r) != 5:
            continue
        ts, node, d, f, b = int(r[0]), r[1], r[2], r[3], int(r[4])
        k = (d, f)
        e = seen.setdefault(k, {'first': ts, 'last': ts, 'nodes': {}, 'max': 0})
        e['last'] = max(e['last'], ts)
        e['nodes'][node] = max(e['nodes'].get(node, 0), b)
        e['max'] = max(e['max'], b)
    subs = {}
    for node in ('coordinator', 'worker1', 'worker2'):
        subs[node] = log_subplans(os.path.join(OUT, 'citus', node + '.log'))
    out = []
    for (d, f), e in seen.items():
        sid = f[:-5] if f.endswith('.data') else f
        step = '-'
        for name, t0, sec, rc in cs:
            if t0 - 1 <= e['first'] <= t0 + sec + 1:
                step = name
        # the subplan: the last message naming that id before the file was
        # first seen, on the coordinator first (plan ids count per backend)
        who = '(no subplan message)'
        for node in ('coordinator', 'worker1', 'worker2'):
            best = None
            for t, pid, i, what, where in subs[node]:
                if i == sid and t <= e['first'] + 1:
                    best = (t, what, where, node)
            if best:
                who = '%s, %s%s' % (best[1], best[2] or '(C)', '' if node == 'coordinator' else ' [planned on %s]' % node)
                break
        out.append((e['max'], step, f, sorted(e['nodes']), e['last'] - e['first'] + 1, who))
    out.sort(key=lambda x: -x[0])
    for size, step, f, nodes, dur, who in out[:100]:
        print('%10s  %-26s %-10s %-30s seen %4d s  %s' % (
            mb(size), step, f, ','.join({'coordinator': 'c', 'worker1': 'w1', 'worker2': 'w2'}.get(n, n) for n in nodes), dur, who))
    if len(out) > 100:
        print('... %d more' % (len(out) - 100))
    return 0


if __name__ == '__main__':
    sys.exit(main())
