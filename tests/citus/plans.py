#!/usr/bin/env python3
"""tests/citus/plans.py LOG — what Citus did with each statement of rekon's
rules and reports, from the coordinator's log of a `PLANS=LOG make
test-citus` run (log_min_messages = debug1).

For every statement that Citus did not run as one pushed-down (or router)
query, one line: where it is (the rule function and its line, from the
message's CONTEXT; a statement sent by rekon's C code by its first words),
and what Citus did:
  subplan CTE x / subplan subquery   planned on its own, its rows an
                                     intermediate result through the
                                     coordinator ("generating subplan")
  INSERT…SELECT via coordinator      the SELECT's rows collected on the
                                     coordinator, then copied to the shards
  left join: right side recursively  the right side of a LEFT JOIN from a
                                     recurring (coordinator) side pulled
Statements with none of these were pushed down, router-planned, or read
only coordinator-local data. Each line counts the distinct messages, not
how many times the statement ran.
"""
import re
import sys
from collections import OrderedDict

# A log line that starts an entry: time (seconds, fraction), zone, pid,
# level, message. tests/citus/cost.py reads the logs with the same parser.
ENTRY = re.compile(r'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.(\d+) (\S+) \[(\d+)\] (\w+):  (.*)$')
FUNC = re.compile(r'PL/pgSQL function (\w+)\([^)]*\) line (\d+)')


def entries(path):
    """(the ENTRY match, pid, level, message, continuation lines without
    their newline) for each entry of a server log."""
    cur = None
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            m = ENTRY.match(line)
            if m:
                if cur:
                    yield cur
                cur = [m, m.group(4), m.group(5), m.group(6), []]
            elif cur is not None:
                cur[4].append(line.rstrip('\n'))
    if cur:
        yield cur


def where(debug_entry, following):
    """The innermost rule function and line, or the statement's words."""
    ctx = '\n'.join(following)
    m = FUNC.search(ctx)
    if m:
        return '%s line %s' % (m.group(1), m.group(2))
    return None


def main():
    if len(sys.argv) != 2:
        sys.stderr.write('usage: plans.py LOG\n')
        return 2
    found = OrderedDict()
    pending = None
    queue = []
    for _m, _pid, level, msg, cont in entries(sys.argv[1]):
        if level == 'DEBUG':
            # A subplan message followed by another DEBUG message, not by a
            # CONTEXT, came from a statement rekon's C code sent (a report
            # query): Citus names that statement in its "Plan N query after
            # replacing subqueries and CTEs" message, which follows its
            # subplans.
            if pending:
                queue.append(pending)
                pending = None
            after = re.match(r'Plan \d+ query after replacing subqueries and CTEs: (.*)', msg)
            if queue and (after or not re.match(r'generating subplan ', msg)):
                w = 'C: ' + (' '.join(after.group(1).split())[:70] if after else '(statement not named)')
                found.setdefault(w, OrderedDict())
                for k in queue:
                    found[w][k] = found[w].get(k, 0) + 1
                queue = []
            what = None
            m = re.match(r'generating subplan \S+ for (CTE (\w+)|subquery)', msg)
            if m:
                what = 'subplan CTE %s' % m.group(2) if m.group(2) else 'subplan subquery'
                if what == 'subplan subquery':
                    body = msg.split(' for subquery ', 1)[1]
                    fr = re.search(r'FROM (public\.\w+)', body)
                    what += ' (%s)' % (fr.group(1)[7:] if fr else body[:40])
            elif msg.startswith('Collecting INSERT ... SELECT results on coordinator'):
                what = 'INSERT…SELECT via coordinator'
            elif msg.startswith('recursively planning right side of the left join'):
                what = 'left join: right side recursively planned'
            pending = what
            continue
        if pending and level in ('CONTEXT', 'STATEMENT'):
            text = msg + '\n' + '\n'.join(cont)
            w = where(None, [text])
            if w is None:
                w = 'C: ' + ' '.join(msg.split())[:70]
            found.setdefault(w, OrderedDict())
            found[w][pending] = found[w].get(pending, 0) + 1
            pending = None
    for w, kinds in found.items():
        print('%s: %s' % (w, '; '.join(k for k in kinds)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
