/* flags.c — see flags.h. */
#include "flags.h"

#include <string.h>

const struct flag flags[] = {
	{ "GANDA_NIK",		FLAG_ROW | FLAG_GANDA | FLAG_SK_REFUSED },
	{ "GANDA_NOKA",		FLAG_ROW | FLAG_GANDA | FLAG_SK_REFUSED },
	{ "SEGMEN_LAIN",	FLAG_ROW | FLAG_GANDA | FLAG_SK_ALLOWED },
	{ "MENINGGAL",		FLAG_ROW | FLAG_SELISIH | FLAG_SK_ALLOWED },
	{ "NIK_TIDAK_VALID",	FLAG_ROW | FLAG_SELISIH | FLAG_SK_ALLOWED },
	{ "BUKAN_DTKS",		FLAG_ROW | FLAG_SELISIH | FLAG_SK_ALLOWED },
	{ "DATA_BERBEDA",	FLAG_ROW | FLAG_SELISIH | FLAG_SK_ALLOWED },
	{ "KEMUNGKINAN_GANDA",	FLAG_ROW | FLAG_GANDA | FLAG_SK_ALLOWED },
	{ "GANDA_ORANG",	FLAG_ROW | FLAG_GANDA | FLAG_SK_ALLOWED },
	{ "BUKAN_PENDUDUK",	FLAG_ROW | FLAG_SELISIH | FLAG_SK_ALLOWED },
	{ "DATA_BEDA_DUKCAPIL",	FLAG_ROW | FLAG_SELISIH | FLAG_SK_ALLOWED },
	{ "TIDAK_DITETAPKAN",	FLAG_ROW | FLAG_SELISIH | FLAG_SK_ALLOWED },
	{ "STATUS_TIDAK_AKTIF",	FLAG_ROW | FLAG_SELISIH | FLAG_SK_REFUSED },
	{ "HILANG",		0 },
	{ NULL, 0 }
};

static int
has(const struct flag *f, unsigned use)
{
	return (f->use & use) == use;
}

int
flags_array(unsigned use, char *buf, size_t bufsz)
{
	const struct flag *f;
	size_t len = 0, n;

	if (bufsz < 3)
		return -1;
	buf[len++] = '{';
	for (f = flags; f->code != NULL; f++) {
		if (!has(f, use))
			continue;
		n = strlen(f->code);
		if (len + n + 3 > bufsz)
			return -1;
		if (buf[len - 1] != '{')
			buf[len++] = ',';
		memcpy(buf + len, f->code, n);
		len += n;
	}
	buf[len++] = '}';
	buf[len] = '\0';
	return 0;
}

size_t
flags_list(unsigned use, const char **out, size_t n)
{
	const struct flag *f;
	size_t k = 0;

	for (f = flags; f->code != NULL && k + 1 < n; f++)
		if (has(f, use))
			out[k++] = f->code;
	if (n > 0)
		out[k] = NULL;
	return k;
}
