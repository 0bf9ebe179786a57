/*
 * cmd_web.c — `rekon web` (the office's web front, web/web.h) and `rekon
 * user add|passwd|disable|list` (its users, web/users.h).
 *
 * A password is read from the terminal without echo, twice; from a pipe
 * (scripts, tests) one line. An API client's token is printed once, alone
 * on the last line of standard output: it is stored only hashed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "log.h"
#include "users.h"
#include "web.h"

int
cmd_web(struct cli *cli, int argc, char **argv)
{
	int rc;

	(void)argv;
	if (argc != 1) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if ((rc = session_load_config(&cli->s)) != EX_OK)
		return rc;
	if ((cli->s.cfg.web.tls_cert_file[0] == '\0') !=
	    (cli->s.cfg.web.tls_key_file[0] == '\0')) {
		log_warnx("[web] tls_cert_file and tls_key_file go together:"
		    " set both (HTTPS) or neither");
		return EX_CONFIG;
	}
	rc = web_main(&cli->s);
	session_close(&cli->s);
	return rc;
}

/* One line of a password: from the terminal without echo. */
static int
read_line(const char *prompt, char *buf, size_t bufsz)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO), ok;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		} else
			tty = 0;
	}
	ok = fgets(buf, (int)bufsz, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static int
read_password(char *pw, size_t pwsz)
{
	char again[256];

	if (read_line("Kata sandi baru: ", pw, pwsz) == -1) {
		log_warnx("no password given (standard input)");
		return -1;
	}
	if (isatty(STDIN_FILENO)) {
		if (read_line("Ulangi kata sandi: ", again, sizeof again) ==
		    -1 || strcmp(pw, again) != 0) {
			log_warnx("the two passwords differ");
			return -1;
		}
	}
	return 0;
}

static void
print_user(void *arg, const struct users_row *u)
{
	(void)arg;
	printf("%-20s  %-9s  %-8s  %s  %s%s%s\n", u->name, u->role,
	    u->disabled ? "nonaktif" : u->locked ? "terkunci" : "aktif",
	    u->dibuat, u->kec, *u->kel ? "/" : "", u->kel);
}

int
cmd_user(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "kelurahan", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	const char *role = NULL, *place = NULL, *verb, *name = NULL;
	char pw[256] = "", token[USERS_TOKEN_HEX], err[512];
	int ch, rc, r = -1;

	if (argc < 2) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	/* Options after the verb: argv from the verb, getopt reinitialised. */
	verb = argv[1];
	argc--;
	argv++;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'r')
			role = optarg;
		else if (ch == 'k')
			place = optarg;
		else {
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
	}
	if (strcmp(verb, "list") == 0) {
		if (optind != argc || role != NULL || place != NULL) {
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
	} else if (optind + 1 != argc || (strcmp(verb, "add") != 0 &&
	    (role != NULL || place != NULL)) || (strcmp(verb, "add") == 0 &&
	    role == NULL) || (strcmp(verb, "add") != 0 && strcmp(verb,
	    "passwd") != 0 && strcmp(verb, "disable") != 0)) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	} else
		name = argv[optind];
	if (role != NULL && (r = users_role_parse(role)) == -1) {
		log_warnx("--role %s: one of loket, kelurahan, operator, kabid,"
		    " sekdis, kadis, admin, api", role);
		return EX_USAGE;
	}
	if ((strcmp(verb, "passwd") == 0 || (strcmp(verb, "add") == 0 &&
	    r != ROLE_API)) && read_password(pw, sizeof pw) == -1)
		return EX_DATAERR;
	if ((rc = session_connect(&cli->s)) != EX_OK)
		return rc;
	rc = EX_OK;
	if (strcmp(verb, "list") == 0)
		rc = users_list(cli->s.conn, print_user, NULL, err,
		    sizeof err) == -1 ? EX_UNAVAILABLE : EX_OK;
	else if (strcmp(verb, "add") == 0) {
		if (users_add(cli->s.conn, name, r, place, pw, token, err,
		    sizeof err) == -1)
			rc = EX_DATAERR;
		else if (r == ROLE_API)
			printf(_("user %s added (role api); its token, shown"
			    " this once:\n%s\n"), name, token);
		else
			printf(_("user %s added (role %s)\n"), name,
			    users_role_names[r]);
	} else if (strcmp(verb, "passwd") == 0) {
		if (users_set_password(cli->s.conn, name, pw, err,
		    sizeof err) == -1)
			rc = EX_DATAERR;
		else
			printf(_("password of %s changed; its sessions ended\n"),
			    name);
	} else if (users_disable(cli->s.conn, name, err, sizeof err) == -1)
		rc = EX_DATAERR;
	else
		printf(_("user %s disabled; its sessions ended\n"), name);
	if (rc != EX_OK)
		log_warnx("user %s: %s", verb, err);
	memset(pw, 0, sizeof pw);
	session_close(&cli->s);
	return rc;
}
