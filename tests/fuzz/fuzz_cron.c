/*
 * fuzz_cron.c — the cron parser (lib/cron.c): any text either parses
 * or is refused with a message; a parsed expression's next time after a
 * fixed moment is at or after it and matches the expression.
 */
#include <time.h>

#include "cron.h"
#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cron c;
	char *expr, err[256];
	time_t after = 1795150800, next;	/* 2026-11-20 12:00 WIB */
	struct tm tm;

	if ((expr = malloc(size + 1)) == NULL)
		return 0;
	memcpy(expr, data, size);
	expr[size] = '\0';
	err[0] = '\0';
	if (cron_parse(&c, expr, err, sizeof err) == 0) {
		if (cron_next(&c, after, "UTC", &next) == 0) {
			if (next <= after || gmtime_r(&next, &tm) == NULL ||
			    !cron_matches(&c, &tm))
				abort();
		}
	} else if (err[0] == '\0')
		abort();	/* a refusal always says why */
	free(expr);
	return 0;
}
