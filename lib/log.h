/*
 * log.h — the four log verbs (after OpenBSD ntpd) plus info/debug.
 *
 * Every line goes to standard error, one event a line. Under journald
 * (JOURNAL_STREAM set, or log_init(..., 1)) each line carries a "<N>" syslog
 * priority prefix so the journal stores the right level.
 *
 * The format of every verb but log_debug is looked up in the message
 * catalogue first (i18n.h): write it in English, as a literal, so xgettext
 * finds it (make po).
 *
 * Personal data: never print a whole NIK, No KK or NOKA. Pass identifiers
 * through log_id(), which keeps at most the first 4 and last 2 digits.
 */
#ifndef REKON_LOG_H
#define REKON_LOG_H

#include <stddef.h>

void log_init(int verbose, int journal_prefix);
void log_set_verbose(int verbose);

/* log_warn appends ": strerror(errno)"; log_warnx does not. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Log and exit(70) (EX_SOFTWARE). fatal appends strerror(errno). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Mask an identifier for logs: "3325010101900001" -> "3325**********01".
 * Writes into buf (at least LOG_ID_BUFSZ bytes) and returns it. */
#define LOG_ID_BUFSZ 64
const char *log_id(const char *id, char *buf);

#endif
