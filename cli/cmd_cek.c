/*
 * cmd_cek.c — rekon cek [--period P] NIK... | --kk NOKK [--online]: the membership check
 * of a person or a family (jobs/cek.h), as a table on the terminal.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cek.h"
#include "cli.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "period.h"

/* 80 columns: NIK, KASUS, SEGMEN and the name (cut), then the action on
 * lines of its own under the name's place. */
#define CEK_FMT		"%-16s  %-17s  %-12s  %s\n"
#define CEK_WIDTH	80
#define CEK_INDENT	18
#define CEK_NAME	(CEK_WIDTH - 16 - 2 - 17 - 2 - 12 - 2)

/* s cut to n characters (UTF-8), ending in "..." when cut, into buf. */
static const char *
cut(const char *s, size_t n, char *buf, size_t bufsz)
{
	size_t i = 0, chars = 0;

	while (s[i] != '\0' && chars < n) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	if (s[i] == '\0' || bufsz < 8)
		return s;
	/* Room for the three dots: back up three characters. */
	while (chars > n - 3 && i > 0) {
		i--;
		while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
			i--;
		chars--;
	}
	snprintf(buf, bufsz, "%.*s...", (int)i, s);
	return buf;
}

/* text in lines of at most width, each after indent spaces. */
static void
print_wrapped(const char *text, int indent, size_t width)
{
	const char *p = text, *sp;
	size_t len;

	while (*p != '\0') {
		len = strlen(p);
		if (len > width) {
			for (sp = p + width; sp > p && *sp != ' '; sp--)
				;
			len = sp > p ? (size_t)(sp - p) : width;
		}
		printf("%*s%.*s\n", indent, "", (int)len, p);
		p += len;
		while (*p == ' ')
			p++;
	}
}

struct printed {
	int			 n;
	const struct cek_out	*out;
	const char		*periode;	/* --period, or NULL */
	int			 local;		/* from the imported lists */
	json_t			*hasil;		/* --json: the rows, else NULL */
};

static void
print_row(void *arg, const char *nik, const char *kasus, const char *segmen,
    const char *tindakan, const char *nama)
{
	struct printed *pr = arg;
	char name[256];

	if (pr->hasil != NULL) {	/* as the JSON cek answers (web.md) */
		json_array_append_new(pr->hasil, json_pack("{s:s,s:s,s:s,s:s,s:s}",
		    "nik", nik, "nama", nama, "kasus", kasus, "segmen", segmen,
		    "tindakan", tindakan));
		return;
	}
	if (pr->n++ == 0) {
		if (pr->out->periode[0] != '\0' && pr->periode != NULL &&
		    strcmp(pr->periode, pr->out->periode) != 0)
			printf("Dicek per periode %s\n", pr->periode);
		if (pr->out->periode[0] != '\0')
			printf("Dasar: daftar peserta BPJS periode %s\n  (%s,"
			    " diimpor %s)\n", pr->out->periode, pr->out->file,
			    pr->out->diimpor);
		else if (pr->periode != NULL)
			printf("Dasar: belum ada daftar peserta BPJS sampai"
			    " periode %s\n", pr->periode);
		if (pr->local && pr->out->n_periode[0] != '\0')
			printf("Kependudukan: data Dukcapil periode %s (%s)\n",
			    pr->out->n_periode, pr->out->n_file);
		else if (pr->local)
			printf("Kependudukan: belum ada data Dukcapil"
			    " (BUKAN_PENDUDUK tidak diperiksa)\n");
		printf(CEK_FMT, "NIK", "KASUS", "SEGMEN", "NAMA");
	}
	printf(CEK_FMT, nik, kasus, segmen, cut(nama, CEK_NAME, name,
	    sizeof name));
	print_wrapped(tindakan, CEK_INDENT, CEK_WIDTH - CEK_INDENT);
}

/* Every NIK (or the No KK) typed is 16 digits, else a usage error. */
static int
ids_ok(const char *kk, int argc, char **argv)
{
	char id[17], m[LOG_ID_BUFSZ];
	int i;

	if (kk != NULL && cek_id16(kk, id) == -1) {
		log_warnx("--kk %s: a No KK is 16 digits", log_id(kk, m));
		return 0;
	}
	for (i = 0; i < argc; i++)
		if (cek_id16(argv[i], id) == -1) {
			log_warnx("%s: a NIK is 16 digits", log_id(argv[i], m));
			return 0;
		}
	return 1;
}

/* cek --period P judged with lists retention removed: said, not guessed
 * (sql/rules/05_retensi.sql).  EX_OK, EX_DATAERR or EX_UNAVAILABLE. */
static int
retained(struct cli *cli, const char *periode)
{
	const char *p[1] = { periode };
	char err[512];
	PGresult *r;
	int gone;

	if ((r = db_exec(cli->s.conn, err, sizeof err, "SELECT"
	    " rekon_retensi_dihapus($1)", 1, p)) == NULL) {
		log_warnx("%s", err);
		return EX_UNAVAILABLE;
	}
	gone = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!gone)
		return EX_OK;
	log_warnx("cek --period %s: the lists of %s were removed by retention"
	    " ('rekon run retensi'): a check as of that month can no longer be"
	    " made", periode, periode);
	return EX_DATAERR;
}

int
cmd_cek(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kk", required_argument, NULL, 'k' },
		{ "online", no_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "period", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	const char *kk = NULL, *periode = NULL;
	int ch, rc, online = 0, as_json = 0;
	struct cek_out out = { .row = print_row };
	struct printed printed = { 0, &out, NULL, 0, NULL };

	out.arg = &printed;
	while ((ch = getopt_long(argc, argv, "k:", opts, NULL)) != -1) {
		if (ch == 'k')
			kk = optarg;
		else if (ch == 'o')
			online = 1;
		else if (ch == 'j')
			as_json = 1;
		else if (ch == 'p') {
			if (!period_parse(optarg, NULL, NULL)) {
				log_warnx("--period %s: not a month as YYYY-MM",
				    optarg);
				return EX_USAGE;
			}
			periode = optarg;
		} else {
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
	}
	if ((kk == NULL) == (optind == argc)) {	/* NIKs or --kk, not both */
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if (!ids_ok(kk, argc - optind, argv + optind))
		return EX_USAGE;
	if (online && periode != NULL) {
		log_warnx("--period cannot go with --online: BPJS answers as of"
		    " today");
		return EX_USAGE;
	}
	if (online) {
		rc = cek_online(&cli->s, kk, argc - optind, argv + optind, &out);
		if (kk != NULL && out.asked == 0 && rc == EX_OK)
			printf(_("no NIK carries No KK %s in the imported lists\n"), kk);
		if (out.answered > 0)
			printf(_("(BPJS VClaim, tglSEP %s; answers stored in"
			    " vclaim_answer)\n"), out.tgl_sep);
		return rc;
	}
	if ((rc = session_connect(&cli->s)) != EX_OK)
		return rc;
	if (periode != NULL && (rc = retained(cli, periode)) != EX_OK) {
		session_close(&cli->s);
		return rc;
	}
	printed.periode = periode;
	printed.local = 1;
	if (as_json)
		printed.hasil = json_array();
	rc = cek_local(cli->s.conn, periode, kk, argc - optind, argv + optind,
	    &out);
	if (as_json) {
		json_t *o = json_pack("{s:{s:s,s:s,s:s,s:o},s:o}", "dasar",
		    "periode", out.periode, "file", out.file, "diimpor",
		    out.diimpor, "kependudukan", out.n_periode[0] != '\0' ?
		    json_pack("{s:s,s:s}", "periode", out.n_periode, "file",
		    out.n_file) : json_null(), "hasil", printed.hasil);
		char *text = json_dumps(o, JSON_INDENT(2));

		if (rc == EX_OK && text != NULL)
			printf("%s\n", text);
		free(text);
		json_decref(o);
	} else if (rc == EX_OK && kk != NULL && out.rows == 0)
		printf(_("no NIK carries No KK %s in the imported lists\n"), kk);
	session_close(&cli->s);
	return rc;
}
