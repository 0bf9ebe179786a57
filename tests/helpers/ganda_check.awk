# ganda_check.awk — rekon gen --ganda's truth file (gen-ganda.txt) against
# the peserta lists, read apart from gen's C: every planted pair's two keys
# are on AKTIF PBPU_PEMDA rows of every month's list, and the two rows
# differ as the pair's kind says (rules.md §10).
#
#   awk -f ganda_check.awk -v dir=DIR -v periods="2026-10 2026-11 2026-12"
#
# Prints one line per problem, then "P.ganda.KEY = N" for every month: the
# pairs found so, by SAMA/BEDA and kind, as gen-harapan.txt names them.

function trim(s) { sub(/^\357\273\277/, "", s); sub(/\r$/, "", s); return s }
function unq(s) { gsub(/^"|"$/, "", s); gsub(/""/, "\"", s); return s }

# A date as YYYY-MM-DD: DD-MM-YYYY or an Excel serial (days since
# 1899-12-30).
function ymd(s,    a, n) {
	if (s ~ /^[0-9]+$/) { n = civil(s - 25569); return n }
	split(s, a, "-"); return sprintf("%04d-%02d-%02d", a[3], a[2], a[1])
}
# Days since 1970-01-01 to YYYY-MM-DD (civil_from_days: tests/helpers/civil.awk).
function civil(z,    n) {
	n = civil_from_days(z)
	return sprintf("%04d-%02d-%02d", int(n / 10000), int(n / 100) % 100, n % 100)
}
function nospace(s) { gsub(/ /, "", s); return s }
function firstword(s) { sub(/ .*/, "", s); return s }
# One letter added or dropped: the longer without one letter is the shorter.
function one_letter(a, b,    t, i) {
	if (length(a) < length(b)) { t = a; a = b; b = t }
	if (length(a) != length(b) + 1)
		return 0
	for (i = 1; i <= length(a); i++)
		if (substr(a, 1, i - 1) substr(a, i + 1) == b)
			return 1
	return 0
}
function ndiff(a, b,    i, n) {
	if (length(a) != length(b))
		return 99
	for (i = 1; i <= length(a); i++)
		n += substr(a, i, 1) != substr(b, i, 1)
	return n
}
function bad(msg) { print "GAGAL " msg; fails++ }

BEGIN {
	FS = ";"
	truth = dir "/gen-ganda.txt"
	while ((getline line < truth) > 0) {
		if (line ~ /^KUNCI_1;/)
			continue
		np++
		split(line, f, ";")
		k1[np] = f[1]; k2[np] = f[2]; jenis[np] = f[3]; kep[np] = f[4]
		want[f[1]] = want[f[2]] = 1
		if (f[1] >= f[2])
			bad("not ordered: " line)
		if (line <= prev)
			bad("not sorted: " line)
		prev = line
		if ((f[4] == "SAMA") != (f[3] !~ /^(KEMBAR|NAMA_UMUM|BEDA_KELURAHAN)$/))
			bad("SAMA/BEDA of " line)
	}
	close(truth)
	nper = split(periods, per, " ")
	for (mo = 1; mo <= nper; mo++) {
		file = dir "/peserta-" per[mo] ".csv"
		delete col; delete nama; delete tgl; delete kk; delete kel
		delete jk; delete ok; delete seen
		first = 1
		while ((getline line < file) > 0) {
			line = trim(line)
			n = split(line, v, ";")
			if (first) {
				for (i = 1; i <= n; i++)
					col[v[i]] = i
				cn = col["NIK"]
				ck = ("NO KK" in col) ? col["NO KK"] : col["NOKK"]
				cm = col["NAMA"]
				ct = ("TGL LAHIR" in col) ? col["TGL LAHIR"] : col["TANGGAL LAHIR"]
				cj = ("JK" in col) ? col["JK"] : col["JENIS KELAMIN"]
				cl = ("KELURAHAN" in col) ? col["KELURAHAN"] : col["NAMA DESA"]
				cs = ("STATUS PESERTA" in col) ? col["STATUS PESERTA"] : col["KET AKTIF"]
				cg = ("SEGMEN" in col) ? col["SEGMEN"] : col["JENIS PESERTA"]
				first = 0
				continue
			}
			nik = unq(v[cn]); sub(/^'/, "", nik)
			if (!(nik in want))
				continue
			seen[nik]++
			nama[nik] = unq(v[cm]); tgl[nik] = ymd(unq(v[ct]))
			kk[nik] = unq(v[ck]); kel[nik] = unq(v[cl])
			jk[nik] = substr(unq(v[cj]), 1, 1)
			s = unq(v[cs]); g = unq(v[cg])
			# inputs.md: these spellings are PBPU_PEMDA, VClaim's 0 is AKTIF.
			ok[nik] = (s == "AKTIF" || s == "0") &&
			    g ~ /^(PBPU PEMDA|PBPU DAN BP PEMDA|PEMDA|PBI APBD|22|)$/
		}
		close(file)
		for (i = 1; i <= np; i++) {
			a = k1[i]; b = k2[i]; j = jenis[i]
			where = per[mo] " " a " " b " " j
			if (seen[a] != 1 || seen[b] != 1) {
				bad(where ": not one row each"); continue
			}
			if (!ok[a] || !ok[b]) {
				bad(where ": not AKTIF PBPU_PEMDA"); continue
			}
			na = nama[a]; nb = nama[b]; ta = tgl[a]; tb = tgl[b]
			same_kk = kk[a] == kk[b]; same_kel = kel[a] == kel[b]
			swap = substr(ta, 1, 4) == substr(tb, 1, 4) &&
			    substr(ta, 6, 2) == substr(tb, 9, 2) &&
			    substr(ta, 9, 2) == substr(tb, 6, 2) && ta != tb
			good = 0
			if (j == "NAMA_KETIK")
				good = one_letter(na, nb) && ta == tb && same_kk
			else if (j == "NAMA_PISAH")
				good = na != nb && nospace(na) == nospace(nb) && ta == tb && same_kk
			else if (j == "TGL_TUKAR")
				good = na == nb && swap && same_kk
			else if (j == "NIK_KEDUA")
				good = na == nb && ta == tb && same_kk &&
				    substr(a, 1, 12) == substr(b, 1, 12) && ndiff(a, b) > 1
			else if (j == "NIK_KETIK")
				good = na == nb && ta == tb && same_kk && ndiff(a, b) == 1
			else if (j == "NAMA_KETIK_TGL_TUKAR")
				good = one_letter(na, nb) && swap && same_kk
			else if (j == "KEMUNGKINAN_GANDA")
				good = na == nb && ta == tb && same_kk && same_kel
			else if (j == "KEMBAR")
				good = ta == tb && same_kk && firstword(na) != firstword(nb)
			else if (j == "NAMA_UMUM")
				good = firstword(na) == firstword(nb) &&
				    firstword(na) ~ /^(MUHAMMAD|SITI)$/ && na != nb &&
				    substr(ta, 1, 4) == substr(tb, 1, 4) && ta != tb &&
				    !same_kk && same_kel
			else if (j == "BEDA_KELURAHAN")
				good = na == nb && ta == tb && !same_kk && !same_kel
			else
				bad(where ": unknown kind")
			if (!good) {
				bad(where ": the rows differ otherwise (" na "|" ta "|" kk[a] "|" kel[a] " / " nb "|" tb "|" kk[b] "|" kel[b] ")")
				continue
			}
			cnt[per[mo] "." kep[i]]++
			cnt[per[mo] "." tolower(kep[i]) "." j]++
		}
		printf "%s.ganda.sama = %d\n", per[mo], cnt[per[mo] ".SAMA"]
		printf "%s.ganda.beda = %d\n", per[mo], cnt[per[mo] ".BEDA"]
		for (k in cnt)
			if (index(k, per[mo] ".sama.") == 1 || index(k, per[mo] ".beda.") == 1) {
				split(k, q, ".")
				printf "%s.ganda.%s.%s = %d\n", per[mo], q[2], q[3], cnt[k]
			}
	}
	exit fails > 0
}
