/*
 * fuzz_clean.c — the value cleaners (jobs/input/clean.c) and the XLSX number
 * expansion: every one on the same input, each output checked to be
 * NUL-terminated inside its buffer, and the documented invariants checked
 * (a valid NIK is 16 digits; a NOKA padded or OK is 13 digits; a date OK
 * is a real date in 1800..2200).
 */
#include "clean.h"
#include "fuzz_common.h"
#include "xlsxsrc.h"

static void
check_digits(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		abort();
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in, out[256], id[256], noka[256], big[1024];
	size_t n;
	int y, m, d, len;

	if ((in = malloc(size + 1)) == NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';

	n = clean_text(in, size, out, sizeof out);
	if (n >= sizeof out || out[n] != '\0')
		abort();
	(void)clean_nama_kunci(out, big, sizeof big);
	(void)clean_fold(out, big, sizeof big);
	clean_upper(big);
	if (clean_identifier(out, id, sizeof id) == CLEAN_ID_OK &&
	    clean_nik_valid(id))
		check_digits(id, 16);
	snprintf(noka, sizeof noka, "%s", id);
	switch (clean_noka(noka)) {
	case CLEAN_NOKA_OK:
	case CLEAN_NOKA_PADDED:
		check_digits(noka, 13);
		break;
	default:
		break;
	}
	if (clean_date(out, 2026, &y, &m, &d) == CLEAN_DATE_OK &&
	    (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31))
		abort();
	(void)clean_jenis_kelamin(out);
	(void)clean_status_name(clean_status(out));
	(void)clean_segmen_name(clean_segmen(out));
	(void)clean_segmen_from_name(out);
	(void)clean_hasil_name(clean_hasil(out));
	(void)clean_desil(out);
	(void)clean_padan(out);
	(void)clean_yatidak(out);
	(void)clean_jenis_usulan(out);
	(void)clean_nik_valid(in);

	/* n + 410 bytes is always enough (xlsxsrc.h) */
	if (size <= sizeof big - 411 &&
	    (len = xlsxsrc_expand_number(in, size, big, size + 410)) >= 0 &&
	    (big[len] != '\0' || (size_t)len >= size + 410))
		abort();
	(void)xlsxsrc_numfmt_is_date(in);
	free(in);
	return 0;
}
