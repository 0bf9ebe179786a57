"""kasus_check.py REKON CONF GEN_KASUS_TXT — the stories `rekon kasus --json`
tells of the people rekon gen planted, against gen-kasus.txt (gen's own
model, computed apart from the SQL): per person and month (two or three,
as gen wrote them), the proposal outcomes with their reasons (a row carried
from last month's queue included), BPJS's answers with their category, the
participant list's flags and whether the person is in the SK. A person whose
proposal carries a mistyped NIK (USL_NIK_SALAH) is asked under the NIK the
file carries for the list, and not for the proposal, which no one can find
under the true NIK. Prints each difference; exit 1 when any.
"""
import csv, json, subprocess, sys
rekon, conf, kasusfile = sys.argv[1:4]
rows = list(csv.DictReader(open(kasusfile), delimiter=';'))
# gen's months, from the header (USULAN <period> for each); with three, the
# follow-up cases of §8 are told too (TINDAK LANJUT <period>).
months = [h[len('USULAN '):] for h in rows[0].keys() if h.startswith('USULAN ')] if rows else []
def is_nik(s): return len(s) == 16 and s.isdigit()
niks = sorted({r['NIK'] for r in rows if is_nik(r['NIK'])} | {r['KUNCI PESERTA'] for r in rows if is_nik(r['KUNCI PESERTA'])})
out = subprocess.run([rekon, '-c', conf, '-q', 'kasus', '--json'] + niks, capture_output=True, text=True)
ev = json.loads(out.stdout)
def evs(nik, P, kind): return [e for e in ev if e['nik'] == nik and e['periode'] == P and e['peristiwa'] == kind]
def usulan(e): return e['hasil'] + ('(%s)' % e['alasan'].replace(', ', ',') if 'alasan' in e else '') + \
    ('@' + e['usulan_periode'] if e.get('usulan_periode', e['periode']) != e['periode'] else '')
def feedback(e): return e['hasil'] + ('(%s)' % e['kategori'] if 'kategori' in e else '')
bad = checked = 0
for r in rows:
    nik, key = r['NIK'], r['KUNCI PESERTA']
    if not is_nik(nik): continue
    for P in months:
        got = {
          'USULAN': '/'.join(usulan(e) for e in evs(nik, P, 'USULAN') if 'hasil' in e),
          'FEEDBACK': '>'.join(feedback(e) for e in evs(nik, P, 'FEEDBACK')),
        }
        want = {'USULAN': r['USULAN ' + P], 'FEEDBACK': r['FEEDBACK ' + P]}
        if 'NIK_SALAH' in r['KASUS']:
            del want['USULAN']
        # a list's row and the SK go by the key the list carries
        if is_nik(key):
            fl = [','.join(e['flag']) or '-' for e in evs(key, P, 'PESERTA') if e['segmen'] == 'PBPU_PEMDA']
            sk = [e['ditetapkan'] for e in evs(key, P, 'SK')]
            want['FLAG'] = r['FLAG ' + P]
            got['FLAG'] = want['FLAG'] if set(want['FLAG'].split('/')) <= set(fl) or (not want['FLAG'] and not fl) else '/'.join(fl)
            want['SK'] = r['SK ' + P]
            got['SK'] = 'YA' if True in sk else ('TIDAK' if sk or fl else '')
        checked += 1
        for k in want:
            if got[k] != want[k]:
                bad += 1
                if bad <= 20: print('%s %s %s %s: kasus says %r, gen planted %r' % (r['KASUS'], nik, P, k, got[k], want[k]))
print('%d person-months of %d planted people checked, %d differ' % (checked, len(rows), bad))
sys.exit(1 if bad else 0)
