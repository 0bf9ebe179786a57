/*
 * cmd_kasus.c — rekon kasus NIK... | --kk NOKK [--json]: a person's story
 * across months (jobs/kasus.h), as the receptionist reads it: one block
 * per person, one line per event in period order; or, with --json, an
 * array of events.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "kasus.h"
#include "i18n.h"
#include "log.h"

struct print {
	int		 json;
	json_t		*events;	/* --json */
	char		 nik[32];	/* the person being printed */
	int		 people;	/* persons printed so far */
};

static void
print_text(struct print *pr, const struct kasus_event *e)
{
	if (strcmp(pr->nik, e->nik) != 0) {
		snprintf(pr->nik, sizeof pr->nik, "%s", e->nik);
		printf("%sNIK %s%s%s\n", pr->people++ > 0 ? "\n" : "", e->nik,
		    e->nama != NULL && e->nama[0] != '\0' ? "  " : "",
		    e->nama != NULL ? e->nama : "");
		if (e->peristiwa == NULL) {
			printf("  tidak ada dalam data yang diimpor\n");
			return;
		}
		printf("  %-7s  %-9s  %s\n", "PERIODE", "PERISTIWA", "RINCIAN");
	}
	if (e->peristiwa == NULL)
		return;
	printf("  %-7s  %-9s  %s", e->periode, e->peristiwa, e->rincian);
	if (e->file[0] != '\0')
		printf(" [%s baris %s]", e->file, e->baris);
	printf("\n");
}

static void
add_json(struct print *pr, const struct kasus_event *e)
{
	json_t *o, *data;

	if (e->peristiwa == NULL)
		return;		/* --json: a person with no event has none */
	o = json_pack("{s:s, s:s, s:s}", "nik", e->nik, "periode", e->periode,
	    "peristiwa", e->peristiwa);
	if (o == NULL)
		return;
	if (e->file[0] != '\0') {
		json_object_set_new(o, "file", json_string(e->file));
		json_object_set_new(o, "baris", json_integer(strtoll(e->baris,
		    NULL, 10)));
	}
	if (e->nama[0] != '\0')
		json_object_set_new(o, "nama", json_string(e->nama));
	json_object_set_new(o, "rincian", json_string(e->rincian));
	if ((data = json_loads(e->data, 0, NULL)) != NULL) {
		json_object_update(o, data);
		json_decref(data);
	}
	json_array_append_new(pr->events, o);
}

static void
on_event(void *arg, const struct kasus_event *e)
{
	struct print *pr = arg;

	if (pr->json)
		add_json(pr, e);
	else
		print_text(pr, e);
}

int
cmd_kasus(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kk", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct print pr = { 0 };
	struct kasus_out out = { .event = on_event, .arg = &pr };
	const char *kk = NULL;
	char nik[17];
	int ch, i, rc;

	while ((ch = getopt_long(argc, argv, "k:", opts, NULL)) != -1) {
		if (ch == 'k')
			kk = optarg;
		else if (ch == 'j')
			pr.json = 1;
		else {
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
	}
	if ((kk == NULL) == (optind == argc)) {	/* NIKs or --kk, not both */
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	for (i = optind; i < argc; i++)
		if (!kasus_nik(argv[i], nik)) {
			log_warnx("argument %d is not a NIK (16 digits)",
			    i - optind + 1);
			return EX_USAGE;
		}
	if ((rc = session_connect(&cli->s)) != EX_OK)
		return rc;
	if (pr.json && (pr.events = json_array()) == NULL) {
		session_close(&cli->s);
		return EX_OSERR;
	}
	rc = kasus_history(cli->s.conn, kk, argc - optind, argv + optind, &out);
	if (rc == EX_OK && kk != NULL && out.people == 0 && !pr.json)
		printf(_("no NIK carries No KK %s in the imported lists\n"), kk);
	if (rc == EX_OK && pr.json) {
		json_dumpf(pr.events, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
	}
	json_decref(pr.events);
	session_close(&cli->s);
	return rc;
}
