/*
 * gen_manifest.c — the manifest gen-harapan.txt (the expected figures):
 * "key = value" lines, one figure a line, so a test can say
 *   grep '^2026-11.flag.HILANG ' gen-harapan.txt.
 * docs/gen.md explains every key.
 */
#include <stdio.h>
#include <string.h>

#include "gen_int.h"

static void
file_stats(FILE *fp, const struct gen_stat *s)
{
	int i;

	fprintf(fp, "file.%s.baris_fisik = %ld\n", s->name, s->lines);
	fprintf(fp, "file.%s.baris_data = %ld\n", s->name, s->data);
	fprintf(fp, "file.%s.kosong = %ld\n", s->name, s->blank);
	fprintf(fp, "file.%s.diterima = %ld\n", s->name, s->ok);
	fprintf(fp, "file.%s.ditolak = %ld\n", s->name, s->data - s->blank -
	    s->ok);
	for (i = 0; i < R_N; i++)
		if (s->rej[i] != 0)
			fprintf(fp, "file.%s.ditolak.%s = %ld\n", s->name,
			    gen_rej_name[i], s->rej[i]);
	for (i = 0; i < FL_N; i++)
		if (s->flag[i] != 0)
			fprintf(fp, "file.%s.flag.%s = %ld\n", s->name,
			    gen_flag_name[i], s->flag[i]);
}

/* Rejected rows of the batches that count for month mo (inputs.md): that
 * month's files, for kematian every month up to it, and the population
 * extract (the first month's) in every month. */
static long
ditolak(const struct gen_ctx *c, const struct gen_report *rep, int mo)
{
	const struct gen_stat *s;
	long n = 0;
	int i;

	for (i = 0; i < rep->nfiles; i++) {
		s = &rep->files[i];
		if (strncmp(s->name, "rusak/", 6) == 0)
			continue;
		if (strstr(s->name, c->per[mo]) != NULL || (strncmp(s->name,
		    "kematian-", 9) == 0 && strcmp(s->name + 9, c->per[mo]) < 0) ||
		    (strncmp(s->name, "kependudukan-", 13) == 0 &&
		    strcmp(s->name + 13, c->per[mo]) < 0))
			n += s->data - s->blank - s->ok;
	}
	return n;
}

static void
usulan(FILE *fp, const struct gen_ctx *c, const char *p,
    const struct gen_exp_month *m, int variants)
{
	int i;

	fprintf(fp, "%s.usulan.baris = %ld\n", p, m->us_rows);
	for (i = 0; i < UC_N; i++)
		if (c->kep || !GEN_UC_EXT(i))
			fprintf(fp, "%s.usulan.kode.%s = %ld\n", p,
			    gen_uc_name[i], m->us_code[i]);
	fprintf(fp, "%s.usulan.diteruskan = %ld\n", p, m->us_diteruskan);
	fprintf(fp, "%s.usulan.dikembalikan = %ld\n", p, m->us_dikembalikan);
	fprintf(fp, "%s.usulan.menunggu_kuota = %ld\n", p, m->us_menunggu);
	fprintf(fp, "%s.usulan.dibawa = %ld\n", p, m->us_dibawa);
	fprintf(fp, "%s.usulan.kadaluwarsa = %ld\n", p, m->us_kadaluwarsa);
	for (i = 0; i < TL_N; i++)
		fprintf(fp, "%s.tindak_lanjut.%s = %ld\n", p, gen_tl_name[i],
		    m->tl[i]);
	/* Other configs: only where no row is carried into the month (a
	 * carried row's fate would change with them). */
	if (!variants)
		return;
	fprintf(fp, "%s.usulan.tanpa_berkas_wajib.dikembalikan = %ld\n", p,
	    m->us_dikembalikan - m->us_berkas_rows);
	fprintf(fp, "%s.usulan.tanpa_berkas_wajib.menunggu_kuota = %ld\n", p,
	    m->us_menunggu + m->us_berkas_rows);
	fprintf(fp, "%s.usulan.tanpa_kuota.diteruskan = %ld\n", p,
	    m->us_diteruskan + m->us_menunggu);
}

/* rules.md §9, as the JSON's kelebihan_bayar and usul_nonaktif (written
 * only with the extract, so that the manifest without it is unchanged). */
static void
section9(FILE *fp, const char *p, const struct gen_exp_month *m)
{
	fprintf(fp, "%s.kelebihan_bayar.jiwa = %ld\n", p, m->kb_jiwa);
	fprintf(fp, "%s.kelebihan_bayar.bulan = %ld\n", p, m->kb_bulan);
	fprintf(fp, "%s.kelebihan_bayar.rupiah = %ld\n", p, m->kb_rupiah);
	fprintf(fp, "%s.kelebihan_bayar.jiwa_baru = %ld\n", p,
	    m->kb_jiwa_baru);
	fprintf(fp, "%s.kelebihan_bayar.rupiah_baru = %ld\n", p,
	    m->kb_rupiah_baru);
	fprintf(fp, "%s.usul_nonaktif = %ld\n", p, m->usul_nonaktif);
}

static void ganda(FILE *, const char *, const struct gen_exp_month *);

static void
month(FILE *fp, const struct gen_ctx *c, const struct gen_exp *e,
    const struct gen_report *rep, int mo)
{
	const struct gen_exp_month *m = &e->m[mo];
	const char *p = c->per[mo];
	int i;

	fprintf(fp, "\n# %s\n", p);
	usulan(fp, c, p, m, mo == 0 || (mo == 1 && c->nmo == 2));
	fprintf(fp, "%s.feedback.berhasil = %ld\n", p, m->fb_berhasil);
	fprintf(fp, "%s.feedback.gagal = %ld\n", p, m->fb_gagal);
	for (i = 0; i < KAT_N; i++)
		fprintf(fp, "%s.feedback.kategori.%s = %ld\n", p,
		    gen_kat_name[i], m->fb_kat[i]);
	for (i = 0; i < RF_N; i++)
		if (c->kep || !GEN_RF_EXT(i))
			fprintf(fp, "%s.flag.%s = %ld\n", p, gen_rf_name[i],
			    m->flag[i]);
	fprintf(fp, "%s.bp_baris = %ld\n", p, m->bp_rows);
	fprintf(fp, "%s.aktif = %ld\n", p, m->aktif);
	fprintf(fp, "%s.ditetapkan = %ld\n", p, m->ditetapkan);
	fprintf(fp, "%s.dikecualikan.SEGMEN_LAIN = %ld\n", p, m->dik_segmen);
	fprintf(fp, "%s.dikecualikan.MENINGGAL = %ld\n", p, m->dik_meninggal);
	fprintf(fp, "%s.dikecualikan.GANDA_NIK = %ld\n", p, m->dik_ganda);
	fprintf(fp, "%s.iuran = %ld\n", p, m->ditetapkan * gen_iuran(c, mo));
	fprintf(fp, "%s.tagihan_bpjs = %ld\n", p, m->aktif * gen_iuran(c, mo));
	fprintf(fp, "%s.selisih_tagihan = %ld\n", p, (m->aktif -
	    m->ditetapkan) * gen_iuran(c, mo));
	fprintf(fp, "%s.mutasi.masuk = %ld\n", p, m->masuk);
	fprintf(fp, "%s.mutasi.keluar = %ld\n", p, m->keluar);
	fprintf(fp, "%s.mutasi.keluar.dikecualikan = %ld\n", p, m->keluar_dik);
	fprintf(fp, "%s.mutasi.keluar.status = %ld\n", p, m->keluar_status);
	fprintf(fp, "%s.mutasi.keluar.HILANG = %ld\n", p, m->keluar_hilang);
	fprintf(fp, "%s.ditolak = %ld\n", p, ditolak(c, rep, mo));
	if (mo > 0 || c->nmo > 2)
		fprintf(fp, "%s.sisa_dengan_kuota_saran = %ld\n", p, m->kuota -
		    m->ditetapkan);
	if (c->kep)
		section9(fp, p, m);
	if (c->ganda)
		ganda(fp, p, m);
}

/* --ganda: the planted pairs of rules.md §10 on the month's list (both rows
 * AKTIF PBPU_PEMDA), gen-ganda.txt's lines. */
static void
ganda(FILE *fp, const char *p, const struct gen_exp_month *m)
{
	long sama = m->ganda_rek, beda = 0;
	int k;

	for (k = K_FIRST_GANDA; k < K_NKINDS; k++) {
		if (gen_ganda_sama(k))
			sama += m->ganda[k - K_FIRST_GANDA];
		else
			beda += m->ganda[k - K_FIRST_GANDA];
	}
	fprintf(fp, "%s.ganda.sama = %ld\n", p, sama);
	fprintf(fp, "%s.ganda.beda = %ld\n", p, beda);
	for (k = K_FIRST_GANDA; k < K_NKINDS; k++)
		fprintf(fp, "%s.ganda.%s.%s = %ld\n", p, gen_ganda_sama(k) ?
		    "sama" : "beda", gen_ganda_jenis(k),
		    m->ganda[k - K_FIRST_GANDA]);
	fprintf(fp, "%s.ganda.sama.KEMUNGKINAN_GANDA = %ld\n", p, m->ganda_rek);
}

static void
head(FILE *fp, const struct gen_ctx *c, const struct gen_exp *e)
{
	int k, mo;

	fprintf(fp, "# rekon gen: what rekon should find in these files.\n"
	    "# Generated; docs/gen.md explains every key. Flags and codes "
	    "count rows,\n# HILANG counts keys; an absent file.*.ditolak.* or "
	    "flag line is 0.\n");
	fprintf(fp, "gen.skala = %ld\n", c->scale);
	fprintf(fp, "gen.seed = %llu\n", (unsigned long long)c->seed);
	fprintf(fp, "gen.wilayah = %s\n", c->region);
	for (mo = 0; mo < c->nmo; mo++)
		fprintf(fp, "gen.periode.%d = %s\n", mo + 1, c->per[mo]);
	fprintf(fp, "gen.bulan = %d\n", c->nmo);
	fprintf(fp, "gen.keluarga = %ld\n", c->nfam);
	if (c->kep)
		fprintf(fp, "gen.kependudukan = %s\n", c->per[0]);
	if (c->ganda)
		fprintf(fp, "gen.ganda = gen-ganda.txt\n");
	if (c->nmo == 2) {
		fprintf(fp, "kuota.saran = kuota.%d = %ld\n", c->year[1],
		    e->kuota);
		fprintf(fp, "kuota.saran.bulan = kuota.%s = %ld\n",
		    c->per[1], e->kuota);
	} else
		for (mo = 0; mo < c->nmo; mo++)
			fprintf(fp, "kuota.saran.%s = kuota.%s = %ld\n",
			    c->per[mo], c->per[mo], e->m[mo].kuota);
	fprintf(fp, "kuota.rumus.aktif_%s = %ld\n", c->per[0], e->m[0].aktif);
	fprintf(fp, "kuota.rumus.menunggu_jawaban = %ld\n", e->m[1].pending);
	fprintf(fp, "kuota.rumus.berhasil_belum_di_daftar = %ld\n",
	    e->m[1].registered);
	fprintf(fp, "kuota.rumus.diteruskan_%s = %ld\n", c->per[1],
	    e->m[1].us_diteruskan);
	for (mo = 2; mo < c->nmo; mo++) {
		fprintf(fp, "kuota.rumus.%s.aktif_%s = %ld\n", c->per[mo],
		    c->per[mo - 1], e->m[mo - 1].aktif);
		fprintf(fp, "kuota.rumus.%s.menunggu_jawaban = %ld\n",
		    c->per[mo], e->m[mo].pending);
		fprintf(fp, "kuota.rumus.%s.berhasil_belum_di_daftar = %ld\n",
		    c->per[mo], e->m[mo].registered);
		fprintf(fp, "kuota.rumus.%s.diteruskan = %ld\n", c->per[mo],
		    e->m[mo].us_diteruskan);
	}
	fprintf(fp, "cek.no_kk = %s\n", e->cek_kk);
	for (k = 0; k < K_NKINDS; k++)
		if (gen_kind_on(c, k))
			fprintf(fp, "kasus.%s = %ld\n", gen_kinds[k].name,
			    e->kinds[k]);
	for (k = 0; k < K_NKINDS; k++)
		if (gen_kind_on(c, k))
			fprintf(fp, "orang.%s = %ld\n", gen_kinds[k].name,
			    e->persons[k]);
}

/*
 * gen-konfig.conf: the config the figures assume, beside the region's own
 * (a user appends it to rekon.conf): the quota of each month, the
 * documents a proposal needs and, with three months, how long a proposal
 * may wait.
 */
static int
write_konfig(const struct gen_ctx *c, const struct gen_exp *e, char *err,
    size_t errsz)
{
	struct gen_out o;
	int mo;

	if (gen_out_open(&o, c->outdir, "gen-konfig.conf", '=', "\n", 0, 0,
	    err, errsz) == -1)
		return -1;
	fprintf(o.fp, "; rekon gen: the settings gen-harapan.txt's figures "
	    "assume.\n; Append to rekon.conf (docs/gen.md).\n\n[budget]\n"
	    "iuran_per_jiwa = %ld\n", GEN_IURAN);
	/* With the extract each month has its own (rules.md §9's claims sum
	 * different amounts). */
	for (mo = 0; c->kep && mo < c->nmo; mo++)
		fprintf(o.fp, "iuran_per_jiwa.%s = %ld\n", c->per[mo],
		    gen_iuran(c, mo));
	if (c->nmo == 2)
		fprintf(o.fp, "kuota.%d = %ld\n", c->year[1], e->kuota);
	else
		for (mo = 0; mo < c->nmo; mo++)
			fprintf(o.fp, "kuota.%s = %ld\n", c->per[mo],
			    e->m[mo].kuota);
	fprintf(o.fp, "\n[rules]\nberkas_wajib = kk, ktp\n");
	if (c->nmo > 2)
		fprintf(o.fp, "antrian_bulan = %d\n", GEN_ANTRIAN_BULAN);
	return gen_out_close(&o, NULL, err, errsz);
}

int
gen_write_manifest(const struct gen_ctx *c, const struct gen_exp *e,
    const struct gen_report *rep, char *err, size_t errsz)
{
	struct gen_out o;
	int i, mo;

	if (gen_out_open(&o, c->outdir, "gen-harapan.txt", '=', "\n", 0, 0, err,
	    errsz) == -1)
		return -1;
	head(o.fp, c, e);
	fprintf(o.fp, "\n# files\n");
	for (i = 0; i < rep->nfiles; i++)
		file_stats(o.fp, &rep->files[i]);
	for (mo = 0; mo < c->nmo; mo++)
		month(o.fp, c, e, rep, mo);
	if (gen_out_close(&o, NULL, err, errsz) == -1)
		return -1;
	return write_konfig(c, e, err, errsz);
}
