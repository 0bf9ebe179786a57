/*
 * gen.h — `rekon gen`: a synthetic region's input files for tests, the demo
 * and benchmarks.
 *
 * gen_run() writes, for two or three consecutive months (P-1, P and, by
 * default, P+1: rules.md §8's cases need a third), the six kinds of
 * input file (dtks, usulan, feedback, peserta, segmen, kematian) with every
 * shape and every planted case that docs/gen.md lists, plus small broken files
 * under rusak/ and two manifests (gen-harapan.txt: the figures rekon should
 * find; gen-kasus.txt: one line per planted person). Only synthetic people.
 *
 * With `kependudukan` set it also writes the first month's population
 * extract (kependudukan-P.csv) with its own planted cases, and their
 * figures; without it every file is byte for byte what it was before the
 * option existed.
 *
 * With `ganda` set the lists also hold planted pairs of rules.md §10 (the
 * same person under two keys, and look-alikes who are two people), listed
 * in gen-ganda.txt; without it nothing changes either.
 *
 * Everything is derived from (seed, family index), so the same options give
 * byte-identical files and memory stays flat at any scale.
 */
#ifndef REKON_GEN_H
#define REKON_GEN_H

#include <stddef.h>

#define GEN_SCALE_DEFAULT	1000
#define GEN_SCALE_MIN		10
#define GEN_SCALE_MAX		500000
#define GEN_MONTHS_DEFAULT	3
#define GEN_MONTHS_MIN		2
#define GEN_MONTHS_MAX		3

struct gen_opts {
	const char	*outdir;	/* created if missing (mode 0750) */
	int		 scale;		/* families, default 1000 */
	unsigned long long seed;	/* default 1 */
	const char	*period;	/* SECOND month, "2026-11" */
	int		 months;	/* 2: P-1 and P; 3 (default): and P+1 */
	const char	*region_code;	/* regency code, "3325" */
	int		 kependudukan;	/* 1: the population extract too */
	int		 ganda;		/* 1: planted §10 duplicates and
					   look-alikes, gen-ganda.txt */
};

/* Fill o with the defaults above (outdir NULL). */
void	gen_opts_default(struct gen_opts *o);

/*
 * Write the files into o->outdir. NULL period/region_code and scale 0 mean the
 * defaults. Returns 0, or -1 with a message in err. Files are mode 0640.
 */
int	gen_run(const struct gen_opts *o, char *err, size_t errsz);

#endif
