/* cli.c — see cli.h. */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "db.h"
#include "log.h"

void
command_usage(FILE *fp, const struct command *c)
{
	fprintf(fp, "usage: rekon %s\n  %s\n", c->usage, c->summary);
}

