/*
 * gen.c — `rekon gen`: write a synthetic region's input files for two
 * consecutive months. See gen.h, and docs/gen.md for what the files hold.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"
#include "gen_int.h"
#include "log.h"

void
gen_opts_default(struct gen_opts *o)
{
	memset(o, 0, sizeof *o);
	o->scale = GEN_SCALE_DEFAULT;
	o->seed = 1;
	o->period = "2026-11";
	o->region_code = "3325";
}

/* mkdir -p, each new directory 0750. */
static int
make_dirs(const char *path, char *err, size_t errsz)
{
	char buf[4096], *p;
	struct stat sb;
	int end;

	if (path == NULL || *path == '\0') {
		snprintf(err, errsz, "no output directory");
		return -1;
	}
	if (strlen(path) >= sizeof buf) {
		snprintf(err, errsz, "%s: path too long", path);
		return -1;
	}
	strcpy(buf, path);
	for (p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		end = *p == '\0';
		*p = '\0';
		if (mkdir(buf, 0750) == -1 && errno != EEXIST) {
			snprintf(err, errsz, "%s: %s", buf, strerror(errno));
			return -1;
		}
		if (end)
			break;
		*p = '/';
	}
	if (stat(path, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		snprintf(err, errsz, "%s: not a directory", path);
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

	for (mo = 0; mo < 2; mo++)
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
	    make_dirs(o->outdir, err, errsz) == -1)
		return -1;
	log_info("gen: %ld families (scale %ld, seed %llu), %s and %s into %s",
	    c.nfam, c.scale, (unsigned long long)c.seed, c.per[0], c.per[1],
	    c.outdir);
	if (write_months(&c, &rep, err, errsz) == -1 ||
	    gen_write_rusak(&c, &rep, err, errsz) == -1 ||
	    gen_expect(&c, &e, err, errsz) == -1 ||
	    gen_write_harapan(&c, &e, &rep, err, errsz) == -1)
		return -1;
	log_info("gen: done; kuota.%d = %ld stops %s's queue partway",
	    c.year[1], e.kuota, c.per[1]);
	return 0;
}
