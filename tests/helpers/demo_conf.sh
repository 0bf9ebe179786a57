# demo_conf.sh — sourced (tests/compare_builds.sh, tests/citus/cost.sh).
#
# demo_conf FILE STATE_DIR KONFIG WRITER: FILE becomes the rekon.conf that
# `rekon demo` writes for gen's region (Kabupaten Contoh), its state under
# STATE_DIR, then gen's settings (KONFIG, gen-konfig.conf: quota, berkas,
# queue) with the year's anggaran for §9's money to recover. KONFIG empty:
# the region and paths only, the caller appends its own settings. WRITER
# names the script in the file's first line.
demo_conf() {
	cat >"$1" <<CONF
; written by $4, as make demo writes it
[region]
name = Kabupaten Contoh
office = Dinas Kesehatan Kabupaten Contoh
code = 3325
timezone = Asia/Jakarta

[paths]
state_dir = $2

CONF
	[ -z "$3" ] ||
		sed 's/^\[budget\]$/[budget]\nanggaran.2026 = 2268000000/' "$3" >>"$1"
}
