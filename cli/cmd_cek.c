/*
 * cmd_cek.c — rekon cek NIK... | --kk NOKK [--online]: the membership check
 * of a person or a family (jobs/cek.h), as a table on the terminal.
 */
#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>

#include "cek.h"
#include "cli.h"

#define CEK_FMT		"%-16s  %-17s  %-13s  %s\n"

static void
print_row(void *arg, const char *nik, const char *kasus, const char *segmen,
    const char *tindakan)
{
	int *printed = arg;

	if ((*printed)++ == 0)
		printf(CEK_FMT, "NIK", "KASUS", "SEGMEN", "TINDAKAN");
	printf(CEK_FMT, nik, kasus, segmen, tindakan);
}

int
cmd_cek(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kk", required_argument, NULL, 'k' },
		{ "online", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char *kk = NULL;
	int ch, rc, online = 0, printed = 0;
	struct cek_out out = { .row = print_row, .arg = &printed };

	while ((ch = getopt_long(argc, argv, "k:", opts, NULL)) != -1) {
		if (ch == 'k')
			kk = optarg;
		else if (ch == 'o')
			online = 1;
		else {
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
	}
	if ((kk == NULL) == (optind == argc)) {	/* NIKs or --kk, not both */
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if (online) {
		rc = cek_online(&cli->s, kk, argc - optind, argv + optind, &out);
		if (kk != NULL && out.asked == 0 && rc == EX_OK)
			printf("no NIK carries No KK %s in the imported lists\n", kk);
		if (out.answered > 0)
			printf("(BPJS VClaim, tglSEP %s; answers stored in"
			    " vclaim_answer)\n", out.tgl_sep);
		return rc;
	}
	if ((rc = session_connect(&cli->s)) != EX_OK)
		return rc;
	rc = cek_local(cli->s.conn, kk, argc - optind, argv + optind, &out);
	if (rc == EX_OK && kk != NULL && out.rows == 0)
		printf("no NIK carries No KK %s in the imported lists\n", kk);
	session_close(&cli->s);
	return rc;
}
