/*
 * fuzz_common.h — shared by the libFuzzer targets (make fuzz).
 *
 * The readers take a path, so an input is written to one temporary file
 * per process, rewritten for every run.
 */
#ifndef REKON_FUZZ_COMMON_H
#define REKON_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The input as the file at the returned path (static; aborts on I/O). */
static const char *
fuzz_file(const uint8_t *data, size_t size)
{
	static char path[64];
	FILE *fp;

	if (path[0] == '\0')
		snprintf(path, sizeof path, "/tmp/rekon-fuzz.%ld", (long)getpid());
	if ((fp = fopen(path, "wb")) == NULL ||
	    (size > 0 && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0)
		abort();
	return path;
}

/* Touch every byte of a record, so the sanitizers see any bad pointer. */
#include "csvsrc.h"
static int
fuzz_touch_record(const struct csvsrc_rec *rec, void *arg)
{
	size_t i, *sum = arg;

	for (i = 0; i < rec->nfields; i++) {
		/* fields are NUL-terminated at their kept length */
		if (rec->fields[i][rec->lens[i]] != '\0')
			abort();
		*sum += rec->lens[i] + (unsigned char)rec->fields[i][0];
	}
	if (rec->raw[rec->rawlen] != '\0')
		abort();
	*sum += rec->rawlen;
	return 0;
}

#endif
