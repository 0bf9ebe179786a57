/*
 * gen.c — `rekon gen`: write a synthetic region's input files for two or
 * three consecutive months. See gen.h, and docs/gen.md for what the files hold.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"
#include "gen_int.h"
#include "log.h"
#include "util.h"

void
gen_opts_default(struct gen_opts *o)
{
	memset(o, 0, sizeof *o);
	o->scale = GEN_SCALE_DEFAULT;
	o->seed = 1;
	o->period = "2026-11";
	o->months = GEN_MONTHS_DEFAULT;
	o->region_code = "3325";
}

/* The output folder, made with its parents (0750). */
static int
gen_outdir(const char *path, char *err, size_t errsz)
{
	if (path == NULL || *path == '\0') {
		snprintf(err, errsz, "no output directory");
		return -1;
	}
	if (util_mkdirs(path, 0750) == -1) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
write_months(const struct gen_ctx *c, struct gen_report *rep, char *err,
    size_t errsz)
{
	static gen_write_fn *const w[] = { gen_write_dtks, gen_write_usulan,
	    gen_write_feedback, gen_write_peserta, gen_write_segmen,
	    gen_write_kematian };
	size_t i;
	int mo;

	for (mo = 0; mo < c->nmo; mo++)
		for (i = 0; i < sizeof w / sizeof w[0]; i++)
			if (w[i](c, mo, rep, err, errsz) == -1)
				return -1;
	return 0;
}

int
gen_run(const struct gen_opts *o, char *err, size_t errsz)
{
	struct gen_report rep;
	struct gen_ctx c;
	struct gen_exp e;

	memset(&rep, 0, sizeof rep);
	if (gen_ctx_init(&c, o, err, errsz) == -1 ||
	    gen_outdir(o->outdir, err, errsz) == -1)
		return -1;
	log_info("gen: %ld families (scale %ld, seed %llu), %s to %s into %s",
	    c.nfam, c.scale, (unsigned long long)c.seed, c.per[0],
	    c.per[c.nmo - 1], c.outdir);
	if (write_months(&c, &rep, err, errsz) == -1 ||
	    gen_write_rusak(&c, &rep, err, errsz) == -1 ||
	    (c.kep && gen_write_kependudukan(&c, &rep, err, errsz) == -1) ||
	    (c.ganda && gen_write_ganda(&c, err, errsz) == -1) ||
	    gen_expect(&c, &e, err, errsz) == -1 ||
	    gen_write_manifest(&c, &e, &rep, err, errsz) == -1)
		return -1;
	log_info("gen: done; kuota.%d = %ld stops %s's queue partway",
	    c.year[1], e.kuota, c.per[1]);
	return 0;
}
