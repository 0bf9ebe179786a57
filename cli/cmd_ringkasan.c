/*
 * cmd_ringkasan.c — rekon ringkasan --period P [--json]: a reconciled
 * month's headline figures on the terminal (what the Ringkasan sheet opens
 * with), and the inputs it lacked; with --json the JSON summary itself
 * (outputs.md §2), as the rekonsiliasi job writes it.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "cli.h"
#include "db.h"
#include "json_summary.h"
#include "i18n.h"
#include "log.h"
#include "period.h"
#include "xlsx_sheet.h"

/* A headline figure: a count, rupiah or a percentage; "-" when null. */
static void
figure(json_t *o, const char *key, const char *label, int kind)
{
	json_t *v = json_object_get(o, key);
	char buf[64];

	if (v == NULL || json_is_null(v))
		snprintf(buf, sizeof buf, "-");
	else if (kind == 2) {
		/* One decimal, with the Indonesian decimal comma. */
		snprintf(buf, sizeof buf, "%.1f %%", json_number_value(v));
		if (strchr(buf, '.') != NULL)
			*strchr(buf, '.') = ',';
	}
	else
		xs_format_count(buf, sizeof buf, (long long)json_integer_value(v));
	printf("  %-24s %16s\n", label, buf);
}

int
cmd_ringkasan(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	const char *period = NULL, *p[1];
	char err[1024], label[32], *text;
	json_t *o, *kurang, *k;
	PGresult *r;
	size_t i;
	int ch, rc, as_json = 0;

	while ((ch = getopt_long(argc, argv, "p:", opts, NULL)) != -1) {
		if (ch == 'p')
			period = optarg;
		else if (ch == 'j')
			as_json = 1;
		else {
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
	}
	if (optind != argc || period == NULL || !period_parse(period, NULL, NULL)) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if ((rc = session_connect(&cli->s)) != EX_OK)
		return rc;
	p[0] = period;
	if ((r = db_exec(cli->s.conn, err, sizeof err, "SELECT 1 FROM"
	    " rekon_ringkasan WHERE period = $1", 1, p)) == NULL) {
		log_warnx("%s", err);
		session_close(&cli->s);
		return EX_UNAVAILABLE;
	}
	rc = PQntuples(r);
	PQclear(r);
	if (rc == 0) {
		log_warnx("%s has not been reconciled: run 'rekon rekonsiliasi"
		    " --period %s' first", period, period);
		session_close(&cli->s);
		return EX_NOINPUT;
	}
	if ((o = json_summary_build(cli->s.conn, &cli->s.cfg, period, time(NULL),
	    err, sizeof err)) == NULL) {
		log_warnx("%s", err);
		session_close(&cli->s);
		return EX_UNAVAILABLE;
	}
	if (as_json) {
		if ((text = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(15)))
		    != NULL)
			printf("%s\n", text);
		free(text);
	} else {
		period_label(period, label, sizeof label);
		printf("Ringkasan %s\n", label);
		figure(o, "kuota", "kuota (jiwa)", 0);
		figure(o, "aktif", "aktif (jiwa)", 0);
		figure(o, "ditetapkan", "ditetapkan dalam SK", 0);
		figure(o, "terpakai_persen", "terpakai", 2);
		figure(o, "sisa", "sisa kuota", 0);
		figure(o, "iuran", "iuran (Rp)", 1);
		figure(o, "tagihan_bpjs", "tagihan BPJS (Rp)", 1);
		figure(o, "selisih_tagihan", "selisih tagihan (Rp)", 1);
		figure(o, "serapan_persen", "serapan anggaran", 2);
		/* rules.md §9: what the region can claim back, whom to end. */
		figure(json_object_get(o, "kelebihan_bayar"), "rupiah",
		    "kelebihan bayar (Rp)", 1);
		figure(o, "usul_nonaktif", "usul nonaktif (jiwa)", 0);
		figure(o, "ditolak", "baris input ditolak", 0);
		kurang = json_object_get(o, "masukan_kurang");
		printf("  %-24s ", "masukan belum ada");
		if (json_array_size(kurang) == 0)
			printf("%16s\n", "-");
		else
			json_array_foreach(kurang, i, k)
				printf("%s%s", json_string_value(k),
				    i + 1 < json_array_size(kurang) ? ", " : "\n");
	}
	json_decref(o);
	session_close(&cli->s);
	return EX_OK;
}
