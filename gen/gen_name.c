/*
 * gen_name.c — the names BPJS's list shows for a person: the DTKS name, a
 * slightly different spelling that rekon must accept, or someone else's name
 * that it must flag (DATA_BERBEDA). The choice is checked with the same
 * trigram similarity PostgreSQL's pg_trgm computes, with a margin on each side
 * of ambang_nama (0.5), so the planted cases hold whatever the threshold's
 * rounding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_int.h"

#define VARIANT_MIN	0.6
#define ALIAS_MAX	0.45
#define MAXTRGM		256

/* inputs.md: every character other than A-Z becomes a space, runs fold. */
void
gen_nama_kunci(const char *in, char *out, size_t n)
{
	size_t o = 0;
	int space = 1;

	for (; *in != '\0' && o + 1 < n; in++) {
		if (*in >= 'A' && *in <= 'Z') {
			out[o++] = *in;
			space = 0;
		} else if (!space) {
			out[o++] = ' ';
			space = 1;
		}
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* pg_trgm: each word padded with two spaces before and one after. */
static int
trigrams(const char *s, uint32_t *t)
{
	char w[96];
	int n = 0, i, len, k;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		len = 0;
		w[len++] = ' ';
		w[len++] = ' ';
		while (*s != '\0' && *s != ' ' && len < (int)sizeof w - 2)
			w[len++] = *s++;
		if (len == 2)
			break;
		w[len++] = ' ';
		for (i = 0; i + 3 <= len && n < MAXTRGM; i++)
			t[n++] = (uint32_t)(unsigned char)w[i] << 16 |
			    (uint32_t)(unsigned char)w[i + 1] << 8 |
			    (unsigned char)w[i + 2];
	}
	qsort(t, (size_t)n, sizeof *t, cmp_u32);
	for (i = k = 0; i < n; i++)
		if (k == 0 || t[k - 1] != t[i])
			t[k++] = t[i];
	return k;
}

/* similarity() of two nama_kunci: shared trigrams / all distinct trigrams. */
double
gen_trgm_sim(const char *a, const char *b)
{
	uint32_t ta[MAXTRGM], tb[MAXTRGM];
	int na, nb, i = 0, k = 0, common = 0;

	na = trigrams(a, ta);
	nb = trigrams(b, tb);
	if (na == 0 || nb == 0)
		return 0.0;
	while (i < na && k < nb) {
		if (ta[i] == tb[k]) {
			common++;
			i++;
			k++;
		} else if (ta[i] < tb[k])
			i++;
		else
			k++;
	}
	return (double)common / (double)(na + nb - common);
}

static int
replace_first(const char *name, const char *from, const char *to, char *out,
    size_t n)
{
	const char *p = strstr(name, from);

	if (p == NULL)
		return -1;
	snprintf(out, n, "%.*s%s%s", (int)(p - name), name, to,
	    p + strlen(from));
	return 0;
}

/* Double the first vowel of the last word: SIREGAR -> SIIREGAR. */
static int
double_vowel(const char *name, char *out, size_t n)
{
	const char *w = strrchr(name, ' ');
	const char *p;

	w = w ? w + 1 : name;
	p = w + strcspn(w, "AEIOU");
	if (*p == '\0')
		return -1;
	snprintf(out, n, "%.*s%c%s", (int)(p - name), name, *p, p);
	return 0;
}

/*
 * A spelling of the same name in the old orthography (U -> OE, J -> DJ,
 * C -> TJ), else with a doubled vowel: no list word holds those letter pairs,
 * so the result is nobody else's name. Similar enough not to flag.
 */
int
gen_name_variant(const char *name, char *out, size_t n)
{
	static const char *const rule[3][2] = { { "U", "OE" }, { "J", "DJ" },
	    { "C", "TJ" } };
	char ka[192], kb[192];
	int i, ok;

	gen_nama_kunci(name, ka, sizeof ka);
	for (i = 0; i < 4; i++) {
		if (i < 3)
			ok = replace_first(name, rule[i][0], rule[i][1], out,
			    n);
		else
			ok = double_vowel(name, out, n);
		if (ok == -1)
			continue;
		gen_nama_kunci(out, kb, sizeof kb);
		if (gen_trgm_sim(ka, kb) >= VARIANT_MIN)
			return 0;
	}
	return -1;
}

/*
 * Someone else's name: the spare identities of the person's family (slots 6
 * and 7) have names nobody else carries; so do the same slots one block of
 * the name space further (only the fourth word differs), which no other
 * planted family reaches. Take the least similar of them.
 */
static int
alias(const struct gen_ctx *c, const struct gen_person *p, char *out, size_t n)
{
	char ka[192], kb[192], cand[192];
	uint64_t base = p->g - (uint64_t)p->m, g;
	double s, best = 2.0;
	int i;

	gen_nama_kunci(p->nama, ka, sizeof ka);
	for (i = 0; i < 4; i++) {
		g = base + 6 + (uint64_t)(i % 2);
		if (i >= 2) {
			if (gen_name_block(g, p->sex) == 0)
				break;
			g += gen_name_block(g, p->sex);
		}
		gen_name(c, g, p->sex, cand, sizeof cand);
		gen_nama_kunci(cand, kb, sizeof kb);
		if ((s = gen_trgm_sim(ka, kb)) < best) {
			best = s;
			snprintf(out, n, "%s", cand);
		}
	}
	return best <= ALIAS_MAX ? 0 : -1;
}

/* Someone else's name for the person, as the population extract may hold
 * it (similarity <= ALIAS_MAX). */
int
gen_other_name(const struct gen_ctx *c, const struct gen_person *p, char *out,
    size_t n)
{
	return alias(c, p, out, n);
}

/* The name on the person's peserta row. */
int
gen_bp_name(const struct gen_ctx *c, const struct gen_person *p, char *out,
    size_t n)
{
	switch (p->f.bname) {
	case NMV_VARIANT:
		return gen_name_variant(p->nama, out, n);
	case NMV_ALIAS:
		return alias(c, p, out, n);
	default:
		snprintf(out, n, "%s", p->nama);
		return 0;
	}
}
