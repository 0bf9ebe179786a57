/*
 * fuzz_xlsxsrc.c — the XLSX reader (jobs/input/xlsxsrc.c): the zip, the
 * relationships, shared strings, styles and the worksheet, inflated in
 * small chunks. Seeds: small workbooks (tests/fuzz/corpus/xlsxsrc/).
 *
 * Input: byte 0 picks the inflate chunk size; the rest is the file.
 */
#include "fuzz_common.h"
#include "xlsxsrc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvsrc_opts o = { 0 };
	struct xlsxsrc *wb = NULL;
	char err[512];
	size_t sum = 0;
	int stopped;

	if (size < 1)
		return 0;
	xlsxsrc_set_chunk_size(data[0] % 2 ? 17 : 4096);
	o.raw_cap = 100;
	o.field_cap = 64;
	o.rec_cap = 1024;
	o.max_fields = 16;
	if (xlsxsrc_open(fuzz_file(data + 1, size - 1), 1 << 20, &wb, err,
	    sizeof err) == 0) {
		(void)xlsxsrc_read(wb, &o, fuzz_touch_record, &sum, &stopped,
		    err, sizeof err);
		(void)xlsxsrc_sheet_name(wb);
		(void)xlsxsrc_shared_strings(wb);
	}
	if (wb != NULL)
		xlsxsrc_close(wb);
	return 0;
}
