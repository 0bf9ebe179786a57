/* cli.c — see cli.h. */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "db.h"
#include "i18n.h"
#include "log.h"

void
command_usage(FILE *fp, const struct command *c)
{
	fprintf(fp, _("usage: rekon %s\n"), c->usage);
	fprintf(fp, "  %s\n", _(c->summary));
}

/* One example a command, for `rekon help CMD` and `CMD --help`. */
static const struct {
	const char	*name;
	const char	*example;
} examples[] = {
	{ "import",	"rekon import peserta peserta-2026-11.csv" },
	{ "batches",	"rekon batches --period 2026-11" },
	{ "batch",	"rekon batch drop 12" },
	{ "db",		"rekon db backup /var/backups/rekon-2026-11-30.dump" },
	{ "config",	"rekon config check" },
	{ "gen",	"rekon gen --out /tmp/region --scale 1000" },
	{ "status",	"rekon status" },
	{ "report",	"rekon report sk --period 2026-11 --nomor 440/123/2026" },
	{ "demo",	"make demo   (or: rekon demo --scale 1000)" },
	{ "daemon",	"systemctl start rekon   (runs: rekon daemon)" },
	{ "web",	"systemctl start rekon-web   (runs: rekon web)" },
	{ "user",	"rekon user add siti --role loket" },
	{ "run",	"rekon run all --period 2026-11" },
	{ "usulan",	"rekon usulan --period 2026-11 --final" },
	{ "rekonsiliasi", "rekon rekonsiliasi --period 2026-11" },
	{ "sk",		"rekon sk --period 2026-11 --nomor 440/123/2026 --tanggal 30-11-2026" },
	{ "cek",	"rekon cek --kk 3325010101100013" },
	{ "kasus",	"rekon kasus 3325010101700001" },
	{ "ringkasan",	"rekon ringkasan --period 2026-11" },
};

void
command_help(FILE *fp, const struct command *c)
{
	size_t i;

	command_usage(fp, c);
	for (i = 0; i < sizeof examples / sizeof examples[0]; i++)
		if (strcmp(examples[i].name, c->name) == 0)
			fprintf(fp, _("example:\n  %s\n"), examples[i].example);
	fprintf(fp, _("more: man rekon (rekon(8)), man rekon.conf\n"));
}

