/*
 * fuzz_csvsrc.c — the CSV reader (jobs/input/csvsrc.c), both passes, read in
 * small chunks so every refill boundary is crossed, with small limits so
 * every cap (raw text, field, record, fields per record) is hit.
 *
 * Input: byte 0 picks the chunk size (1..64), byte 1 the delimiter; the
 * rest is the file.
 */
#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = { ',', ';', '|', '\t' };
	struct csvsrc_info info;
	struct csvsrc_opts o = { 0 };
	char err[512];
	const char *path;
	size_t sum = 0;
	int stopped;

	if (size < 2)
		return 0;
	csvsrc_set_chunk_size(1 + data[0] % 64);
	o.delim = delims[data[1] % 4];
	o.raw_cap = 100;
	o.field_cap = 64;
	o.rec_cap = 1024;
	o.max_fields = 16;
	path = fuzz_file(data + 2, size - 2);
	if (csvsrc_scan(path, 1 << 20, &info, err, sizeof err) == 0)
		(void)csvsrc_read(path, &info, &o, fuzz_touch_record, &sum,
		    &stopped, err, sizeof err);
	{	/* the header fallback: the first 256 bytes as a line */
		char line[257];
		size_t n = size - 2 < 256 ? size - 2 : 256;

		memcpy(line, data + 2, n);
		line[n] = '\0';
		(void)csvsrc_guess_delim(line);
	}
	return 0;
}
