/*
 * gen_out.c — one generated file: delimiter, line ending, BOM, encoding,
 * quoting, and the counts gen-harapan.txt reports for it (physical lines,
 * records, blank, accepted, rejected per reason, flags per code).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen_int.h"

const char *const gen_rej_name[R_N] = {
	"NIK_KOSONG", "ID_KOSONG", "ID_RUSAK_EXCEL", "HASIL_TIDAK_DIKENAL",
	"TGL_TIDAK_VALID", "JUMLAH_KOLOM", "BYTE_NUL", "FIELD_TERLALU_PANJANG",
	"CSV_RUSAK",
};
const char *const gen_flag_name[FL_N] = {
	"ID_RUSAK_EXCEL", "NIK_TIDAK_VALID", "NOKA_DIPERBAIKI",
	"NOKA_TIDAK_VALID", "TGL_TIDAK_VALID",
};

int
gen_out_open(struct gen_out *o, const char *dir, const char *name, char delim,
    const char *eol, int bom, int cp1252, char *err, size_t errsz)
{
	char path[4096];
	int fd;

	memset(o, 0, sizeof *o);
	snprintf(o->st.name, sizeof o->st.name, "%s", name);
	o->delim = delim;
	o->eol = eol;
	o->cp1252 = cp1252;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
	    sizeof path) {
		snprintf(err, errsz, "%s/%s: path too long", dir, name);
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	/* Personal-data files are 0640 whatever the umask (outputs.md). */
	if (fd == -1 || fchmod(fd, 0640) == -1 ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (bom)
		fputs("\xef\xbb\xbf", o->fp);
	return 0;
}

void
gen_out_raw(struct gen_out *o, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			o->st.lines++;
	if (fwrite(s, 1, len, o->fp) != len)
		o->err = 1;
}

/* UTF-8 to Windows-1252 for the few non-ASCII letters names use. */
static size_t
to_cp1252(const char *s, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	while (*p != '\0' && o + 1 < n) {
		if (p[0] == 0xc3 && p[1] == 0x89) {
			out[o++] = (char)0xc9;	/* É */
			p += 2;
		} else if (p[0] == 0xc3 && p[1] == 0xa9) {
			out[o++] = (char)0xe9;	/* é */
			p += 2;
		} else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x99) {
			out[o++] = (char)0x92;	/* ’ */
			p += 3;
		} else if (*p >= 0x80) {
			out[o++] = '?';
			p++;
		} else
			out[o++] = (char)*p++;
	}
	out[o] = '\0';
	return o;
}

static void
field(struct gen_out *o, const char *s)
{
	char conv[1024];
	const char *p;

	if (o->cp1252) {
		to_cp1252(s, conv, sizeof conv);
		s = conv;
	}
	if (strchr(s, o->delim) == NULL && strpbrk(s, "\"\r\n") == NULL) {
		gen_out_raw(o, s, strlen(s));
		return;
	}
	gen_out_raw(o, "\"", 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			gen_out_raw(o, "\"", 1);
		gen_out_raw(o, p, 1);
	}
	gen_out_raw(o, "\"", 1);
}

void
gen_out_row(struct gen_out *o, const char *const *f, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			gen_out_raw(o, &o->delim, 1);
		field(o, f[i] ? f[i] : "");
	}
	gen_out_raw(o, o->eol, strlen(o->eol));
}

/* A row written as is: an unquoted delimiter inside a field stays one. */
void
gen_out_row_raw(struct gen_out *o, const char *const *f, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			gen_out_raw(o, &o->delim, 1);
		gen_out_raw(o, f[i] ? f[i] : "", f[i] ? strlen(f[i]) : 0);
	}
	gen_out_raw(o, o->eol, strlen(o->eol));
}

/* A title row above the header, padded with delimiters as Excel saves it. */
void
gen_out_title(struct gen_out *o, const char *text, int width)
{
	int i;

	field(o, text);
	for (i = 1; i < width; i++)
		gen_out_raw(o, &o->delim, 1);
	gen_out_raw(o, o->eol, strlen(o->eol));
}

void
gen_out_accept(struct gen_out *o)
{
	o->st.data++;
	o->st.ok++;
}

void
gen_out_reject(struct gen_out *o, int reason)
{
	o->st.data++;
	o->st.rej[reason]++;
}

void
gen_out_blank(struct gen_out *o)
{
	o->st.data++;
	o->st.blank++;
}

int
gen_out_close(struct gen_out *o, struct gen_report *rep, char *err,
    size_t errsz)
{
	int bad = o->err;

	if (fflush(o->fp) == EOF || ferror(o->fp))
		bad = 1;
	if (fclose(o->fp) == EOF)
		bad = 1;
	o->fp = NULL;
	if (bad) {
		snprintf(err, errsz, "%s: write failed", o->st.name);
		return -1;
	}
	if (rep == NULL)
		return 0;
	if (rep->nfiles == GEN_MAXFILES) {	/* a file gen_int.h forgot */
		snprintf(err, errsz, "internal: more than %d files",
		    GEN_MAXFILES);
		return -1;
	}
	rep->files[rep->nfiles++] = o->st;
	return 0;
}
