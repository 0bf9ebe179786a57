/* cmd_report.c — `rekon report`: placeholder until reports/ lands. */
#include <sysexits.h>

#include "cli.h"

int
cmd_report(struct cli *cli, int argc, char **argv)
{
	return cmd_later(cli, argc, argv);
}
