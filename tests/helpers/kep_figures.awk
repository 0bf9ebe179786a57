# kep_figures.awk — the population extract's figures, counted from the files
# `rekon gen --kependudukan` wrote, with nothing of gen's code: inputs.md's
# cleaning and rules.md §1, §3 and §9 read afresh, for the shapes gen plants.
#
#   awk -f tests/helpers/kep_figures.awk -v dir=DIR -v periods="P1 P2 [P3]"
#
# prints gen-harapan.txt's keys for them ("key = value"):
#   file.kependudukan-P1.csv.baris_data, .diterima, .ditolak.NIK_KOSONG
#   P.flag.BUKAN_PENDUDUK, P.flag.DATA_BEDA_DUKCAPIL   AKTIF PBPU_PEMDA rows
#   P.usulan.kode.BUKAN_PENDUDUK, .DATA_BEDA_DUKCAPIL rows of P's usulan file
#       (rows carried from an earlier month's queue are not in the file: gen
#       carries only people the extract holds as their rows say)
#   P.usul_nonaktif              AKTIF rows flagged MENINGGAL or SEGMEN_LAIN
#   P.kelebihan_bayar.jiwa, .bulan, .rupiah, .jiwa_baru, .rupiah_baru
# The SK of a month is taken as its AKTIF PBPU_PEMDA keys neither MENINGGAL
# nor SEGMEN_LAIN (sk_kecualikan's default; gen plants no GANDA_ORANG), and
# each month's iuran_per_jiwa comes from DIR/gen-konfig.conf.
# Plain POSIX awk (mawk will do): byte-wise, no extensions.

# ------------------------------------------------------------- reading

# One CSV record of file f (quoted fields may hold the delimiter, doubled
# quotes and line breaks; CR before LF dropped); 0 at the end.
function record(f, rec,    line, q, n) {
	rec[0] = ""
	if ((getline line < f) <= 0)
		return 0
	sub(/\r$/, "", line)
	rec[0] = line
	for (;;) {
		q = rec[0]
		n = gsub(/"/, "", q)
		if (n % 2 == 0)
			return 1
		if ((getline line < f) <= 0)
			return 1
		sub(/\r$/, "", line)
		rec[0] = rec[0] "\n" line
	}
}

# Split s on delimiter d into fld[1..n] (quotes removed); returns n.
function csv(s, d, fld,    n, i, c, inq, cur, len) {
	n = 0; cur = ""; inq = 0; len = length(s)
	for (i = 1; i <= len; i++) {
		c = substr(s, i, 1)
		if (inq) {
			if (c == "\"" && substr(s, i + 1, 1) == "\"") {
				cur = cur "\""; i++
			} else if (c == "\"")
				inq = 0
			else
				cur = cur c
		} else if (c == "\"")
			inq = 1
		else if (c == d) {
			fld[++n] = cur; cur = ""
		} else
			cur = cur c
	}
	fld[++n] = cur
	return n
}

# A header cell folded as inputs.md folds them.
function fold(s) {
	sub(/^\357\273\277/, "", s)
	s = toupper(s)
	gsub(/[ _.\/()-]+/, " ", s)
	sub(/^ /, "", s); sub(/ $/, "", s)
	return s
}

# The header: the column of each name in list ("|"-separated aliases),
# col[canonical] = index; hn = its number of cells. The delimiter is the
# one the header line holds.
function header(f, names, col,    rec, fld, n, i, k, a, na, alias, d) {
	record(f, rec)
	d = index(rec[0], "|") ? "|" : index(rec[0], ";") ? ";" : index(rec[0], "\t") ? "\t" : ","
	hn = n = csv(rec[0], d, fld)
	for (k in names) {
		col[k] = 0
		na = split(names[k], a, "|")
		for (i = 1; i <= n && !col[k]; i++)
			for (alias = 1; alias <= na; alias++)
				if (fold(fld[i]) == a[alias])
					col[k] = i
	}
	return d
}

function clean_id(s) {
	sub(/^'/, "", s)
	gsub(/[ .-]/, "", s)
	return s
}

function trim(s) {
	sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s)
	return s
}

# ------------------------------------------------------------- dates

# days_from_civil and civil_from_days: tests/helpers/civil.awk (loaded first).

function mdays(y, m) {
	if (m == 2)
		return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
	return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31
}

function ymd(y, m, d) {
	if (m < 1 || m > 12 || d < 1 || d > mdays(y, m))
		return ""
	return y * 10000 + m * 100 + d
}

# inputs.md's dates as YYYYMMDD, "" when none; pyear: the batch's year.
function date(s, pyear,    a, n, y) {
	s = trim(s)
	sub(/[ T]00:00:00$/, "", s)
	if (s ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?$/) {
		split(s, a, "-")
		return ymd(a[1] + 0, a[2] + 0, a[3] + 0)
	}
	if (s ~ /^[0-9][0-9]?[-\/.][0-9][0-9]?[-\/.][0-9][0-9][0-9][0-9]$/) {
		split(s, a, /[-\/.]/)
		return ymd(a[3] + 0, a[2] + 0, a[1] + 0)
	}
	if (s ~ /^[0-9][0-9]?[-\/.][0-9][0-9]?[-\/.][0-9][0-9]$/) {
		split(s, a, /[-\/.]/)
		y = a[3] + 0
		y += y <= pyear % 100 ? 2000 : 1900
		return ymd(y, a[2] + 0, a[1] + 0)
	}
	if (s ~ /^(19|20)[0-9][0-9][01][0-9][0-3][0-9]$/)
		return ymd(substr(s, 1, 4) + 0, substr(s, 5, 2) + 0, substr(s, 7, 2) + 0)
	if (s ~ /^[0-9]+$/) {		# an Excel serial (1900 system)
		n = s + 0
		if (n < 1 || n == 60)
			return ""
		return civil_from_days(days_from_civil(1899, 12, n < 60 ? 31 : 30) + n)
	}
	return ""
}

# --------------------------------------------------------- identities

function province_ok(p) {
	return (p >= 11 && p <= 19) || p == 21 || (p >= 31 && p <= 36) ||
	    (p >= 51 && p <= 53) || (p >= 61 && p <= 65) ||
	    (p >= 71 && p <= 76) || p == 81 || p == 82 || (p >= 91 && p <= 97)
}

function nik_valid(n,    d, m, yy) {
	if (n !~ /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/)
		return 0
	if (!province_ok(substr(n, 1, 2) + 0) || substr(n, 3, 2) == "00" ||
	    substr(n, 5, 2) == "00" || substr(n, 13, 4) == "0000")
		return 0
	d = substr(n, 7, 2) + 0; m = substr(n, 9, 2) + 0; yy = substr(n, 11, 2) + 0
	if (d > 40)
		d -= 40
	return ymd(1900 + yy, m, d) != "" || ymd(2000 + yy, m, d) != ""
}

# rules.md: the birth date the NIK encodes is before the 1st of N's period.
function born_before(n,    d, m, yy) {
	d = substr(n, 7, 2) + 0; m = substr(n, 9, 2) + 0; yy = substr(n, 11, 2) + 0
	if (d > 40)
		d -= 40
	yy += yy <= nyear % 100 ? 2000 : 1900
	return yy * 10000 + m * 100 + d < nstart
}

function sex(s) {
	s = fold(s)
	if (s == "L" || s == "LK" || s == "LAKI LAKI" || s == "PRIA" || s == "1" || s == "M")
		return "L"
	if (s == "P" || s == "PR" || s == "PEREMPUAN" || s == "WANITA" || s == "2" || s == "F")
		return "P"
	return ""
}

function kunci(s) {
	s = toupper(s)
	gsub(/[^A-Z]+/, " ", s)
	sub(/^ /, "", s); sub(/ $/, "", s)
	return s
}

# pg_trgm's similarity() of two nama_kunci.
function trgm(s, t,    w, nw, i, k, pad, n) {
	n = 0
	nw = split(s, w, " ")
	for (i = 1; i <= nw; i++) {
		pad = "  " w[i] " "
		for (k = 1; k + 2 <= length(pad); k++)
			if (!((substr(pad, k, 3)) in t)) {
				t[substr(pad, k, 3)] = 1; n++
			}
	}
	return n
}

function similarity(a, b,    ta, tb, na, nb, common, x) {
	split("", ta); split("", tb)
	na = trgm(a, ta); nb = trgm(b, tb)
	if (na == 0 || nb == 0)
		return 0
	common = 0
	for (x in ta)
		if (x in tb)
			common++
	return common / (na + nb - common)
}

# A row against N's row of its NIK, as DATA_BERBEDA compares (kk: "" for a
# proposal, which no_kk does not count for).
function beda(nik, tgl, jk, nama, kk,    a, b) {
	if (tgl != "" && Ndob[nik] != "" && tgl != Ndob[nik])
		return 1
	if (jk != "" && Nsex[nik] != "" && jk != Nsex[nik])
		return 1
	a = kunci(nama); b = Nnama[nik]
	if (a != "" && b != "" && a != b && similarity(a, b) < 0.5)
		return 1
	return kk != "" && Nkk[nik] != "" && kk != Nkk[nik]
}

# ------------------------------------------------------------ the files

function read_n(f,    names, col, rec, fld, d, nik, rows, ok, empty) {
	names["nik"] = "NIK"; names["kk"] = "NO KK"; names["nama"] = "NAMA LGKP"
	names["tgl"] = "TGL LHR"; names["jk"] = "JENIS KLMIN"
	d = header(f, names, col)
	while (record(f, rec)) {
		csv(rec[0], d, fld)
		rows++
		nik = clean_id(trim(fld[col["nik"]]))
		if (nik == "") {
			empty++
			continue
		}
		ok++
		if (nik in N)
			continue	# the first row of a repeated NIK
		N[nik] = 1
		Nkk[nik] = clean_id(trim(fld[col["kk"]]))
		Nnama[nik] = kunci(fld[col["nama"]])
		Ndob[nik] = date(fld[col["tgl"]], nyear)
		Nsex[nik] = sex(fld[col["jk"]])
	}
	close(f)
	printf "file.kependudukan-%s.csv.baris_data = %d\n", per[1], rows
	printf "file.kependudukan-%s.csv.diterima = %d\n", per[1], ok
	printf "file.kependudukan-%s.csv.ditolak.NIK_KOSONG = %d\n", per[1], empty
}

# S of month i: AKTIF on a segment list, or an AKTIF non-Pemda list row.
function read_segmen(i,    f, names, col, rec, fld, d, st) {
	f = dir "/segmen-pbi-apbn-" per[i] ".csv"
	names["nik"] = "NIK"; names["st"] = "STATUS"
	d = header(f, names, col)
	while (record(f, rec)) {
		csv(rec[0], d, fld)
		st = col["st"] ? fold(fld[col["st"]]) : ""
		if (st == "" || st == "AKTIF")
			S[i, clean_id(trim(fld[col["nik"]]))] = 1
	}
	close(f)
	f = dir "/segmen-pbi-apbd-prov-" per[i] ".csv"
	d = header(f, names, col)
	while (record(f, rec)) {
		csv(rec[0], d, fld)
		S[i, clean_id(trim(fld[col["nik"]]))] = 1
	}
	close(f)
}

# M: every kematian file up to month i; the newest record per NIK wins
# (later month, then later line).
function read_kematian(i,    f, names, col, rec, fld, d, nik, tgl) {
	f = dir "/kematian-" per[i] ".csv"
	names["nik"] = "NIK"
	names["tgl"] = "TGL MENINGGAL|TANGGAL MENINGGAL|TGL KEMATIAN|TANGGAL KEMATIAN"
	d = header(f, names, col)
	while (record(f, rec)) {
		csv(rec[0], d, fld)
		nik = clean_id(trim(fld[col["nik"]]))
		tgl = date(fld[col["tgl"]], substr(per[i], 1, 4) + 0)
		if (nik != "" && tgl != "")
			mati[nik] = tgl
	}
	close(f)
}

function pemda(s) {
	s = fold(s)
	return s == "" || s == "PBPU PEMDA" || s == "PBPU DAN BP PEMDA" ||
	    s == "PBI APBD" || s == "PEMDA" || s == "22"
}

function aktif(s) {
	s = fold(s)
	return s == "AKTIF" || s == "0"
}

# The list of month i: AKTIF rows of B under another segment go to S first.
function read_peserta(i,    f, names, col, rec, fld, d, n, nik, rows) {
	f = dir "/peserta-" per[i] ".csv"
	names["nik"] = "NIK"; names["kk"] = "NO KK|NOKK"; names["nama"] = "NAMA"
	names["tgl"] = "TGL LAHIR|TANGGAL LAHIR"; names["jk"] = "JK|JENIS KELAMIN"
	names["st"] = "STATUS PESERTA|KET AKTIF"; names["seg"] = "SEGMEN|JENIS PESERTA"
	d = header(f, names, col)
	rows = 0
	while (record(f, rec)) {
		n = csv(rec[0], d, fld)
		if (n > hn)	# rejected: JUMLAH_KOLOM
			continue
		nik = clean_id(trim(fld[col["nik"]]))
		if (!aktif(fld[col["st"]]))
			continue
		if (!pemda(fld[col["seg"]])) {
			S[i, nik] = 1
			continue
		}
		rows++
		Bnik[i, rows] = nik
		Bkk[i, rows] = clean_id(trim(fld[col["kk"]]))
		Bnama[i, rows] = fld[col["nama"]]
		Btgl[i, rows] = date(fld[col["tgl"]], substr(per[i], 1, 4) + 0)
		Bjk[i, rows] = sex(fld[col["jk"]])
	}
	close(f)
	Bn[i] = rows
}

# rules.md §3's two flags, usul nonaktif and the SK's keys of month i.
function month(i,    r, nik, bukan, beda_n, nonaktif, dead, seg) {
	for (r = 1; r <= Bn[i]; r++) {
		nik = Bnik[i, r]
		if (nik_valid(nik) && born_before(nik) && !(nik in N))
			bukan++
		if ((nik in N) && beda(nik, Btgl[i, r], Bjk[i, r], Bnama[i, r], Bkk[i, r]))
			beda_n++
		dead = nik != "" && (nik in mati) && mati[nik] < start[i]
		seg = nik != "" && ((i, nik) in S)
		if (dead || seg)
			nonaktif++
		else if (nik != "")
			SK[i, nik] = 1
	}
	printf "%s.flag.BUKAN_PENDUDUK = %d\n", per[i], bukan
	printf "%s.flag.DATA_BEDA_DUKCAPIL = %d\n", per[i], beda_n
	printf "%s.usul_nonaktif = %d\n", per[i], nonaktif
}

# rules.md §1's two codes on the rows of month i's usulan file.
function usulan(i,    f, names, col, rec, fld, d, nik, bukan, beda_n, py) {
	f = dir "/usulan-" per[i] ".csv"
	names["nik"] = "NIK"; names["nama"] = "NAMA"; names["tgl"] = "TGL LAHIR"
	names["jk"] = "JENIS KELAMIN"
	do
		d = header(f, names, col)
	while (!col["nik"])	# the title rows above the header
	py = substr(per[i], 1, 4) + 0
	while (record(f, rec)) {
		csv(rec[0], d, fld)
		nik = clean_id(trim(fld[col["nik"]]))
		if (!nik_valid(nik))
			continue
		if (born_before(nik) && !(nik in N))
			bukan++
		if ((nik in N) && beda(nik, date(fld[col["tgl"]], py), sex(fld[col["jk"]]), fld[col["nama"]], ""))
			beda_n++
	}
	close(f)
	printf "%s.usulan.kode.BUKAN_PENDUDUK = %d\n", per[i], bukan
	printf "%s.usulan.kode.DATA_BEDA_DUKCAPIL = %d\n", per[i], beda_n
}

# rules.md §9 as of month i: for each NIK of M, the months m <= i after the
# month of death whose SK holds it.
function kelebihan(i,    nik, m, n, rp, jiwa, bulan, rupiah, jbaru, rbaru) {
	for (nik in mati) {
		n = rp = 0
		for (m = 1; m <= i; m++)
			if (mati[nik] < start[m] && ((m, nik) in SK)) {
				n++
				rp += iuran[m]
			}
		if (n == 0)
			continue
		jiwa++; bulan += n; rupiah += rp
		if (!(nik in listed)) {
			jbaru++; rbaru += rp
		}
		now[nik] = 1
	}
	for (nik in now)
		listed[nik] = 1
	split("", now)
	printf "%s.kelebihan_bayar.jiwa = %d\n", per[i], jiwa
	printf "%s.kelebihan_bayar.bulan = %d\n", per[i], bulan
	printf "%s.kelebihan_bayar.rupiah = %d\n", per[i], rupiah
	printf "%s.kelebihan_bayar.jiwa_baru = %d\n", per[i], jbaru
	printf "%s.kelebihan_bayar.rupiah_baru = %d\n", per[i], rbaru
}

function read_iuran(    f, line, a, base, i) {
	f = dir "/gen-konfig.conf"
	base = 37800
	while ((getline line < f) > 0) {
		if (line ~ /^iuran_per_jiwa *=/) {
			split(line, a, "="); base = a[2] + 0
		}
		for (i = 1; i <= nper; i++)
			if (index(line, "iuran_per_jiwa." per[i] " ") == 1 ||
			    index(line, "iuran_per_jiwa." per[i] "=") == 1) {
				split(line, a, "="); iuran[i] = a[2] + 0
			}
	}
	close(f)
	for (i = 1; i <= nper; i++)
		if (!(i in iuran))
			iuran[i] = base
}

BEGIN {
	nper = split(periods, per, " ")
	for (i = 1; i <= nper; i++)
		start[i] = substr(per[i], 1, 4) * 10000 + substr(per[i], 6, 2) * 100 + 1
	nyear = substr(per[1], 1, 4) + 0
	nstart = start[1]
	read_iuran()
	read_n(dir "/kependudukan-" per[1] ".csv")
	for (i = 1; i <= nper; i++) {
		read_kematian(i)
		read_segmen(i)
		read_peserta(i)
		month(i)
		usulan(i)
		kelebihan(i)
	}
}
