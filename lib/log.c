/* log.c — see log.h. */
#include "log.h"

#include "i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static int log_verbose;
static int log_journal;

void
log_init(int verbose, int journal_prefix)
{
	log_verbose = verbose;
	log_journal = journal_prefix || getenv("JOURNAL_STREAM") != NULL;
}

void
log_set_verbose(int verbose)
{
	log_verbose = verbose;
}

/* One line: optional "<prio>" prefix, the message, optional strerror. */
static void
log_vemit(int prio, const char *err, const char *fmt, va_list ap)
{
	char msg[4096];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (log_journal)
		fprintf(stderr, "<%d>", prio);
	if (err != NULL)
		fprintf(stderr, "rekon: %s: %s\n", msg, err);
	else
		fprintf(stderr, "rekon: %s\n", msg);
	fflush(stderr);
}

void
log_warn(const char *fmt, ...)
{
	const char *err = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	log_vemit(4, err, _(fmt), ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(4, NULL, _(fmt), ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_verbose < 1 && !log_journal)
		return;
	va_start(ap, fmt);
	log_vemit(6, NULL, _(fmt), ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_verbose < 2)
		return;
	va_start(ap, fmt);
	log_vemit(7, NULL, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	const char *err = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	log_vemit(2, err, _(fmt), ap);
	va_end(ap);
	exit(EX_SOFTWARE);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(2, NULL, _(fmt), ap);
	va_end(ap);
	exit(EX_SOFTWARE);
}

const char *
log_id(const char *id, char *buf)
{
	size_t n, i;

	if (id == NULL || *id == '\0') {
		strcpy(buf, "(kosong)");
		return buf;
	}
	n = strlen(id);
	if (n >= LOG_ID_BUFSZ)
		n = LOG_ID_BUFSZ - 1;
	for (i = 0; i < n; i++)
		buf[i] = (i < 4 || i + 2 >= n) && n > 6 ? id[i] : '*';
	buf[n] = '\0';
	return buf;
}
