/*
 * pgembed.c — the embedded PostgreSQL cluster; see pgembed.h.
 *
 * Every program (pg_config, initdb, pg_ctl) runs through spawn(): fork, then
 * in the child only async-signal-safe calls (dup2, close_range, sigaction,
 * setgroups/setgid/setuid, chdir, execve). Everything the child needs — argv,
 * environment, group list — is prepared in the parent. A close-on-exec pipe
 * carries the errno of a failed step back, so the parent can say what went
 * wrong in words.
 */
#include "pgembed.h"
#include "log.h"
#include "util.h"
#include "i18n.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

extern char **environ;

#define SOCK_NAME	"/.s.PGSQL.5432"
#define SUPERUSER	"rekon"
#define DBNAME		"rekon"
#define START_WAIT	"60"		/* pg_ctl -t, seconds */
#define READY_WAIT_MS	60000		/* for a server found already starting */
#define OUT_MAX		4096		/* tail of a child's output kept */
#define LOG_TAIL_LINES	10
#define CONF_MAX	(1024 * 1024)	/* postgresql.conf larger than this is not ours */
#define MAX_GROUPS	256
#define MAX_ARGS	32
#define PATHBUF		4096

/* The settings rekon owns start at this line; everything after it is ours. */
#define CONF_MARK \
	"# --- rekon: managed block, rewritten by rekon; edit above this line ---\n"

/* Steps of a child that can fail before or instead of execve. */
enum step { ST_DUP, ST_GROUPS, ST_GID, ST_UID, ST_CHDIR, ST_EXEC };
static const char *const step_name[] = {
	"redirect", "setgroups", "setgid", "setuid", "chdir", "exec"
};

struct child_report {
	int	step;
	int	err;
};

/* What to run and how; see spawn(). */
struct spawn {
	const char	*path;		/* absolute path of the program */
	char *const	*argv;
	char *const	*envp;
	const struct pgembed *as;	/* run as as->run_user if as->switch_user */
	const char	*dir;		/* chdir here after dropping privileges */
	int		 keep_stdout;	/* stdout into out (else /dev/null) */
	int		 keep_stderr;	/* stderr into out (else /dev/null) */
	char		*out;		/* tail of the output, NUL-terminated */
	size_t		 outsz;
};

/* The environment of initdb and pg_ctl: fixed, so PGPORT, PGDATA and the
 * like in rekon's own environment cannot change what the server does. */
struct server_env {
	char	 home[PATHBUF + 8];
	char	 user[80];
	char	 logname[80];
	char	 tz[256];
	char	*v[8];
};

static int
seterr(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
seterr(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errsz, _(fmt), ap);
		va_end(ap);
	}
	return -1;
}

/* dst = a + b, refusing (not truncating) what does not fit. */
static int
pathcat(char *dst, size_t dstsz, const char *a, const char *b)
{
	int n;

	n = snprintf(dst, dstsz, "%s%s", a, b);
	return (n < 0 || (size_t)n >= dstsz) ? -1 : 0;
}

/* Trim trailing white space in place. */
static void
rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

/*
 * Copy src to dst indenting every line after the first, so a child's output
 * or the server log reads as a block under the message that quotes it.
 */
static void
indent_lines(const char *src, char *dst, size_t dstsz)
{
	size_t o = 0;

	if (dstsz == 0)
		return;
	for (; *src != '\0' && o + 4 < dstsz; src++) {
		if (*src == '\r')
			continue;
		dst[o++] = *src;
		if (*src == '\n' && src[1] != '\0') {
			dst[o++] = ' ';
			dst[o++] = ' ';
		}
	}
	dst[o] = '\0';
	rtrim(dst);
}

/*
 * Make path absolute and lexically clean: no empty or "." components, no
 * trailing slash. ".." is kept: resolving it needs the file system and
 * symbolic links make a lexical answer wrong.
 */
static int
abspath(const char *in, char *out, size_t outsz)
{
	char buf[2 * PATHBUF], cwd[PATHBUF];
	const char *p, *q;
	size_t o = 0, n;

	if (in[0] == '/') {
		if (strlen(in) >= sizeof buf)
			return -1;
		strcpy(buf, in);
	} else {
		if (getcwd(cwd, sizeof cwd) == NULL)
			return -1;
		if (snprintf(buf, sizeof buf, "%s/%s", cwd, in) >=
		    (int)sizeof buf)
			return -1;
	}
	for (p = buf; *p != '\0'; p = q) {
		while (*p == '/')
			p++;
		for (q = p; *q != '\0' && *q != '/'; q++)
			;
		n = (size_t)(q - p);
		if (n == 0 || (n == 1 && p[0] == '.'))
			continue;
		if (o + 1 + n >= outsz)
			return -1;
		out[o++] = '/';
		memcpy(out + o, p, n);
		o += n;
	}
	if (o == 0) {
		if (outsz < 2)
			return -1;
		out[o++] = '/';
	}
	out[o] = '\0';
	return 0;
}

/*
 * Characters a state_dir may not hold. Control characters would break
 * postgresql.conf lines; a comma separates hosts in a libpq host list and
 * cannot be escaped; '"', '$', '`' and '\' would be live inside the
 * double-quoted shell command pg_ctl builds from -D and -l.
 */
static int
bad_path_char(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return *s;
		if (strchr(",\"$`\\", *s) != NULL)
			return *s;
	}
	return 0;
}

/* An fd that is not 0, 1 or 2, close-on-exec: dup2 onto 0-2 is then safe. */
static int
fd_high(int fd)
{
	int nfd;

	if (fd < 0 || fd > 2)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return nfd;
}

static int
pipe_high(int p[2])
{
	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	p[0] = fd_high(p[0]);
	p[1] = fd_high(p[1]);
	if (p[0] == -1 || p[1] == -1) {
		if (p[0] != -1)
			close(p[0]);
		if (p[1] != -1)
			close(p[1]);
		return -1;
	}
	return 0;
}

/* Supplementary groups of the server user, looked up before fork (NSS is
 * not safe in a forked child). */
static int
server_groups(const struct pgembed *pe, gid_t *groups, int max)
{
	int n = max;

	if (getgrouplist(pe->run_user, pe->gid, groups, &n) == -1) {
		/* More than we keep: the primary group is enough to run. */
		groups[0] = pe->gid;
		n = 1;
	}
	return n;
}

/* In a forked child: become the server user for good. */
static int
drop_privileges(const struct pgembed *pe, const gid_t *groups, int ngroups,
    int *step)
{
	*step = ST_GROUPS;
	if (setgroups((size_t)ngroups, groups) == -1)
		return -1;
	*step = ST_GID;
	if (setgid(pe->gid) == -1)
		return -1;
	*step = ST_UID;
	if (setuid(pe->uid) == -1)
		return -1;
	/* Paranoia: a setuid that left a way back is no drop at all. */
	if (setuid(0) == 0 || getuid() != pe->uid || geteuid() != pe->uid) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

/* In a forked child: default signal handling and an empty mask, since both
 * survive execve and the daemon may block or ignore signals. */
static void
reset_signals(void)
{
	struct sigaction sa;
	sigset_t none;
	int s;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (s = 1; s < NSIG; s++)
		(void)sigaction(s, &sa, NULL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
}

static void __attribute__((noreturn))
child_fail(int rep, int step)
{
	struct child_report r;

	r.step = step;
	r.err = errno;
	(void)write(rep, &r, sizeof r);
	_exit(127);
}

/* The forked child of spawn(); never returns. */
static void __attribute__((noreturn))
spawn_child(const struct spawn *sp, int devnull, int outfd, int rep,
    const gid_t *groups, int ngroups, long maxfd)
{
	int step, fd;

	if (dup2(devnull, 0) == -1 ||
	    dup2(sp->keep_stdout ? outfd : devnull, 1) == -1 ||
	    dup2(sp->keep_stderr ? outfd : devnull, 2) == -1)
		child_fail(rep, ST_DUP);
	/* Keep only 0-2 and the report pipe (moved to 3): the server must
	 * not inherit the daemon's sockets and files. */
	if (rep != 3) {
		if (dup2(rep, 3) == -1)
			child_fail(rep, ST_DUP);
		rep = 3;
	}
	(void)fcntl(rep, F_SETFD, FD_CLOEXEC);
	if (close_range(4, ~0U, 0) == -1)
		for (fd = 4; fd < maxfd; fd++)
			(void)close(fd);
	reset_signals();
	if (sp->as != NULL && sp->as->switch_user &&
	    drop_privileges(sp->as, groups, ngroups, &step) == -1)
		child_fail(rep, step);
	umask(077);
	if (sp->dir != NULL && chdir(sp->dir) == -1)
		child_fail(rep, ST_CHDIR);
	execve(sp->path, sp->argv, sp->envp);
	child_fail(rep, ST_EXEC);
}

/* Append what fits of buf to the tail buffer, dropping the oldest bytes. */
static void
tail_append(char *out, size_t outsz, size_t *len, const char *buf, size_t n)
{
	size_t keep;

	if (out == NULL || outsz < 2)
		return;
	if (n >= outsz - 1) {
		buf += n - (outsz - 1);
		n = outsz - 1;
	}
	if (*len + n > outsz - 1) {
		keep = outsz - 1 - n;
		memmove(out, out + (*len - keep), keep);
		*len = keep;
	}
	memcpy(out + *len, buf, n);
	*len += n;
	out[*len] = '\0';
}

/*
 * Run sp->path, collect its output and wait for it. Returns the wait status
 * (WIFEXITED etc.), or -1 with err set when it could not be run at all.
 */
static int
spawn(const struct spawn *sp, char *err, size_t errsz)
{
	gid_t groups[MAX_GROUPS];
	struct child_report rep;
	char buf[1024];
	size_t len = 0;
	ssize_t n;
	long maxfd;
	int out[2], rp[2], devnull, ngroups = 0, status, saved;
	pid_t pid;

	if (sp->out != NULL && sp->outsz > 0)
		sp->out[0] = '\0';
	if (sp->as != NULL && sp->as->switch_user)
		ngroups = server_groups(sp->as, groups, MAX_GROUPS);
	maxfd = sysconf(_SC_OPEN_MAX);
	if (maxfd < 0 || maxfd > 65536)
		maxfd = 65536;
	devnull = fd_high(open("/dev/null", O_RDWR | O_CLOEXEC));
	if (devnull == -1)
		return seterr(err, errsz, "/dev/null: %s", strerror(errno));
	if (pipe_high(out) == -1) {
		saved = errno;
		close(devnull);
		return seterr(err, errsz, "pipe: %s", strerror(saved));
	}
	if (pipe_high(rp) == -1) {
		saved = errno;
		close(devnull);
		close(out[0]);
		close(out[1]);
		return seterr(err, errsz, "pipe: %s", strerror(saved));
	}
	fflush(NULL);
	if ((pid = fork()) == -1) {
		saved = errno;
		close(devnull);
		close(out[0]);
		close(out[1]);
		close(rp[0]);
		close(rp[1]);
		return seterr(err, errsz, "fork: %s", strerror(saved));
	}
	if (pid == 0)
		spawn_child(sp, devnull, out[1], rp[1], groups, ngroups, maxfd);
	close(devnull);
	close(out[1]);
	close(rp[1]);

	for (;;) {
		n = read(out[0], buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		tail_append(sp->out, sp->outsz, &len, buf, (size_t)n);
	}
	close(out[0]);
	do
		n = read(rp[0], &rep, sizeof rep);
	while (n == -1 && errno == EINTR);
	close(rp[0]);
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			return seterr(err, errsz, "waitpid %s: %s", sp->path,
			    strerror(errno));
	}
	if (n == (ssize_t)sizeof rep) {
		if (rep.step < 0 || rep.step > ST_EXEC)
			rep.step = ST_EXEC;
		return seterr(err, errsz, "cannot run %s: %s: %s", sp->path,
		    step_name[rep.step], strerror(rep.err));
	}
	return status;
}

/* "exit 1" / "killed by signal 9", for messages. */
static void
describe_status(int status, char *buf, size_t bufsz)
{
	if (WIFEXITED(status))
		snprintf(buf, bufsz, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, bufsz, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, bufsz, "status %d", status);
}

static void
make_server_env(const struct pgembed *pe, struct server_env *e)
{
	const char *tz = getenv("TZ");
	int i = 0;

	snprintf(e->home, sizeof e->home, "HOME=%s", pe->pgdir);
	snprintf(e->user, sizeof e->user, "USER=%s", pe->run_user);
	snprintf(e->logname, sizeof e->logname, "LOGNAME=%s", pe->run_user);
	e->v[i++] = "PATH=/usr/bin:/bin";
	e->v[i++] = "LANG=C.UTF-8";
	e->v[i++] = e->home;
	e->v[i++] = e->user;
	e->v[i++] = e->logname;
	/* initdb writes the time zone it finds into postgresql.conf. */
	if (tz != NULL && strlen(tz) + 4 < sizeof e->tz) {
		snprintf(e->tz, sizeof e->tz, "TZ=%s", tz);
		e->v[i++] = e->tz;
	}
	e->v[i] = NULL;
}

/*
 * Run a program from bindir as the server user in pgdir, output (stdout and
 * stderr) in out. Returns 0 on exit 0, else -1 with err naming the program,
 * its status and its output.
 */
static int
run_server_tool(const struct pgembed *pe, const char *prog,
    char *const argv[], char *err, size_t errsz)
{
	struct server_env env;
	struct spawn sp;
	char path[PATHBUF], out[OUT_MAX], ind[OUT_MAX + 512], how[64];
	char *av[MAX_ARGS];
	const char *verb;
	int status, i;

	if (snprintf(path, sizeof path, "%s/%s", pe->bindir, prog) >=
	    (int)sizeof path)
		return seterr(err, errsz, "%s/%s: path too long", pe->bindir,
		    prog);
	/* argv[0] is the full path: initdb and pg_ctl find their sibling
	 * programs (postgres) through it. */
	av[0] = path;
	for (i = 1; i < MAX_ARGS - 1 && argv[i] != NULL; i++)
		av[i] = argv[i];
	av[i] = NULL;
	make_server_env(pe, &env);
	memset(&sp, 0, sizeof sp);
	sp.path = path;
	sp.argv = av;
	sp.envp = env.v;
	sp.as = pe;
	sp.dir = pe->pgdir;
	sp.keep_stdout = 1;
	sp.keep_stderr = 1;
	sp.out = out;
	sp.outsz = sizeof out;
	if ((status = spawn(&sp, err, errsz)) == -1)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	describe_status(status, how, sizeof how);
	indent_lines(out, ind, sizeof ind);
	/* "pg_ctl start failed", "initdb failed" */
	verb = argv[1] != NULL && argv[1][0] != '-' ? argv[1] : NULL;
	return seterr(err, errsz, "%s%s%s failed (%s)%s%s", prog,
	    verb ? " " : "", verb ? verb : "", how, ind[0] ? ":\n  " : "", ind);
}

/* ------------------------------------------------------------------ */
/* Binaries and user                                                   */

static int
has_server_bins(const char *dir)
{
	char p[PATHBUF];

	if (pathcat(p, sizeof p, dir, "/initdb") == -1 || access(p, X_OK) == -1)
		return 0;
	if (pathcat(p, sizeof p, dir, "/pg_ctl") == -1 || access(p, X_OK) == -1)
		return 0;
	return 1;
}

/* Find an executable name in $PATH without a shell or execvp (not safe
 * after fork). */
static int
find_in_path(const char *name, char *out, size_t outsz)
{
	const char *path = getenv("PATH"), *p, *q;
	int n;

	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = q + 1) {
		q = strchr(p, ':');
		if (q == NULL)
			q = p + strlen(p);
		/* Only absolute entries: "" or "." would mean the cwd. */
		if (q > p && *p == '/') {
			n = snprintf(out, outsz, "%.*s/%s", (int)(q - p), p,
			    name);
			if (n > 0 && (size_t)n < outsz && access(out, X_OK) == 0)
				return 0;
		}
		if (*q == '\0')
			break;
	}
	return -1;
}

/* pg_config --bindir, when pg_config exists and answers. */
static int
bindir_from_pg_config(char *out, size_t outsz)
{
	char path[PATHBUF], buf[PATHBUF], err[256];
	char *argv[] = { "pg_config", "--bindir", NULL };
	struct spawn sp;
	int status;

	if (find_in_path("pg_config", path, sizeof path) == -1)
		return -1;
	memset(&sp, 0, sizeof sp);
	sp.path = path;
	sp.argv = argv;
	sp.envp = environ;
	sp.keep_stdout = 1;
	sp.out = buf;
	sp.outsz = sizeof buf;
	status = spawn(&sp, err, sizeof err);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	rtrim(buf);
	if (buf[0] != '/' || strlen(buf) >= outsz)
		return -1;
	strcpy(out, buf);
	return 0;
}

/* The highest-numbered /usr/lib/postgresql/N/bin holding initdb. */
static int
bindir_from_libdir(char *out, size_t outsz)
{
	const char *base = "/usr/lib/postgresql";
	char cand[PATHBUF], *end;
	struct dirent *de;
	long best = -1, major, minor;
	DIR *d;

	if ((d = opendir(base)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		/* "15", or "9.6" from the old numbering. */
		errno = 0;
		major = strtol(de->d_name, &end, 10);
		if (end == de->d_name || errno != 0 || major < 0 ||
		    major > 10000)
			continue;
		minor = 0;
		if (*end == '.') {
			minor = strtol(end + 1, &end, 10);
			if (minor < 0 || minor > 99)
				continue;
		}
		if (*end != '\0' || major * 100 + minor <= best)
			continue;
		if (snprintf(cand, sizeof cand, "%s/%s/bin", base,
		    de->d_name) >= (int)sizeof cand || !has_server_bins(cand))
			continue;
		if (strlen(cand) >= outsz)
			continue;
		strcpy(out, cand);
		best = major * 100 + minor;
	}
	closedir(d);
	return best < 0 ? -1 : 0;
}

static int
find_bindir(struct pgembed *pe, char *err, size_t errsz)
{
	char dir[PATHBUF];

	if (bindir_from_pg_config(dir, sizeof dir) == 0 &&
	    has_server_bins(dir)) {
		strcpy(pe->bindir, dir);
		return 0;
	}
	/* pg_config may come from libpq-dev of another major version. */
	if (bindir_from_libdir(pe->bindir, sizeof pe->bindir) == 0)
		return 0;
	return seterr(err, errsz, "PostgreSQL server binaries not found "
	    "(no initdb from pg_config --bindir or in /usr/lib/postgresql/*/bin):"
	    " apt-get install postgresql");
}

static int
find_user(struct pgembed *pe, char *err, size_t errsz)
{
	struct passwd *pw;

	if (geteuid() != 0) {
		pe->switch_user = 0;
		pe->uid = geteuid();
		pe->gid = getegid();
		pw = getpwuid(pe->uid);
		if (pw != NULL && strlen(pw->pw_name) < sizeof pe->run_user)
			strcpy(pe->run_user, pw->pw_name);
		else
			snprintf(pe->run_user, sizeof pe->run_user, "uid %u",
			    (unsigned)pe->uid);
		return 0;
	}
	/* Root: initdb and postgres refuse to run as root. */
	if ((pw = getpwnam("rekon")) == NULL && (pw = getpwnam("postgres")) ==
	    NULL)
		return seterr(err, errsz, "running as root, but neither user "
		    "rekon nor postgres exists to run PostgreSQL as: create one "
		    "(useradd --system --home-dir /var/lib/rekon rekon) or "
		    "apt-get install postgresql");
	if (pw->pw_uid == 0)
		return seterr(err, errsz, "user %s has uid 0; PostgreSQL must "
		    "run as an unprivileged user", pw->pw_name);
	if (strlen(pw->pw_name) >= sizeof pe->run_user)
		return seterr(err, errsz, "user name %s too long", pw->pw_name);
	strcpy(pe->run_user, pw->pw_name);
	pe->uid = pw->pw_uid;
	pe->gid = pw->pw_gid;
	pe->switch_user = 1;
	return 0;
}

int
pgembed_setup(struct pgembed *pe, const char *state_dir, char *err,
    size_t errsz)
{
	int c;

	memset(pe, 0, sizeof *pe);
	if (state_dir == NULL || *state_dir == '\0')
		return seterr(err, errsz, "state_dir is empty");
	if ((c = bad_path_char(state_dir)) != 0)
		return seterr(err, errsz, "state_dir %s: the character 0x%02x "
		    "is not allowed in the embedded PostgreSQL's path "
		    "(no control characters, comma, '\"', '$', '`' or '\\')",
		    state_dir, (unsigned char)c);
	if (abspath(state_dir, pe->state_dir, sizeof pe->state_dir) == -1)
		return seterr(err, errsz, "state_dir %s: cannot make it an "
		    "absolute path (too long, or no working directory)",
		    state_dir);
	/* "/" as state_dir would give "//pg"; avoid the double slash. */
	if (pathcat(pe->pgdir, sizeof pe->pgdir,
	    strcmp(pe->state_dir, "/") == 0 ? "" : pe->state_dir, "/pg") ==
	    -1 ||
	    pathcat(pe->datadir, sizeof pe->datadir, pe->pgdir, "/data") == -1 ||
	    pathcat(pe->sockdir, sizeof pe->sockdir, pe->pgdir, "/run") == -1 ||
	    pathcat(pe->logfile, sizeof pe->logfile, pe->pgdir,
	    "/postgresql.log") == -1)
		return seterr(err, errsz, "state_dir %s: path too long",
		    state_dir);
	if (find_user(pe, err, errsz) == -1)
		return -1;
	if (find_bindir(pe, err, errsz) == -1)
		return -1;
	log_debug("embedded PostgreSQL: %s, binaries in %s, server user %s",
	    pe->pgdir, pe->bindir, pe->run_user);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Directories                                                         */

/*
 * As root: can the server user search every directory on the way to path?
 * A child drops to that user and tries each prefix with access(X_OK), which
 * also honours ACLs and supplementary groups. A missing component ends the
 * walk (we create the rest, searchable). On failure err names the first
 * directory the user cannot pass.
 */
static int
check_reach(const struct pgembed *pe, const char *path, char *err,
    size_t errsz)
{
	gid_t groups[MAX_GROUPS];
	char prefix[PATHBUF];
	struct stat st;
	size_t len, at;
	ssize_t n;
	int p[2], ngroups, status, step;
	pid_t pid;

	if (!pe->switch_user)
		return 0;
	if ((len = strlen(path)) >= sizeof prefix)
		return seterr(err, errsz, "%s: path too long", path);
	ngroups = server_groups(pe, groups, MAX_GROUPS);
	if (pipe_high(p) == -1)
		return seterr(err, errsz, "pipe: %s", strerror(errno));
	fflush(NULL);
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return seterr(err, errsz, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		close(p[0]);
		memcpy(prefix, path, len + 1);
		if (drop_privileges(pe, groups, ngroups, &step) == -1)
			_exit(2);
		/* The root, then each prefix ending before a '/', then path. */
		for (at = 1; at <= len; at++) {
			if (at > 1 && at < len && path[at] != '/')
				continue;
			prefix[at] = '\0';	/* at == 1: "/" */
			if (access(prefix, X_OK) == -1) {
				if (errno == ENOENT)
					_exit(0);
				(void)write(p[1], &at, sizeof at);
				_exit(1);
			}
			prefix[at] = path[at];
		}
		_exit(0);
	}
	close(p[1]);
	do
		n = read(p[0], &at, sizeof at);
	while (n == -1 && errno == EINTR);
	close(p[0]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return seterr(err, errsz, "waitpid: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (n != (ssize_t)sizeof at || at > len)
		return seterr(err, errsz, "cannot check whether %s can reach "
		    "%s (could not switch to that user)", pe->run_user, path);
	memcpy(prefix, path, at);
	prefix[at] = '\0';
	if (stat(prefix, &st) == -1)
		st.st_mode = 0;
	return seterr(err, errsz, "%s cannot reach %s (mode %04o): make it "
	    "searchable (chmod o+x) or choose another state_dir", pe->run_user,
	    prefix, (unsigned)(st.st_mode & 07777));
}

/* The parent of an absolute, clean path ("/" for "/x"); path fits buf. */
static char *
parent_of(const char *path, char *buf, size_t bufsz)
{
	char *slash;

	snprintf(buf, bufsz, "%s", path);
	slash = strrchr(buf, '/');
	if (slash == buf)
		buf[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	return buf;
}

/* mkdir -p for the parents of path (mode 0755: they must be searchable by
 * the server user). */
static int
make_parents(const char *path, char *err, size_t errsz)
{
	char buf[PATHBUF];
	size_t i, len = strlen(path);

	if (len >= sizeof buf)
		return seterr(err, errsz, "%s: path too long", path);
	memcpy(buf, path, len + 1);
	for (i = len; i > 0 && buf[i] != '/'; i--)
		;
	for (size_t j = 1; j < i; j++) {
		if (buf[j] != '/')
			continue;
		buf[j] = '\0';
		if (mkdir(buf, 0755) == -1 && errno != EEXIST)
			return seterr(err, errsz, "mkdir %s: %s", buf,
			    strerror(errno));
		buf[j] = '/';
	}
	buf[i] = '\0';
	if (i > 0 && mkdir(buf, 0755) == -1 && errno != EEXIST)
		return seterr(err, errsz, "mkdir %s: %s", buf, strerror(errno));
	return 0;
}

/*
 * state_dir: created 0750 when missing. As root we give it the server
 * user's group, so that user can pass through to pg/ and nobody else can.
 * An existing state_dir is left alone, except that a root-owned one in
 * group root (or already in the server's group) that the server user cannot
 * search is given that group with g+x: it is ours, and without it the
 * embedded cluster cannot work. Parents are never changed.
 */
static int
make_state_dir(const struct pgembed *pe, char *err, size_t errsz)
{
	char parent[PATHBUF];
	struct stat st;

	if (stat(pe->state_dir, &st) == -1) {
		if (errno != ENOENT)
			return seterr(err, errsz, "%s: %s", pe->state_dir,
			    strerror(errno));
		if (check_reach(pe, parent_of(pe->state_dir, parent,
		    sizeof parent), err, errsz) == -1)
			return -1;
		if (make_parents(pe->state_dir, err, errsz) == -1)
			return -1;
		if (mkdir(pe->state_dir, 0750) == -1 && errno != EEXIST)
			return seterr(err, errsz, "mkdir %s: %s", pe->state_dir,
			    strerror(errno));
		if (chmod(pe->state_dir, 0750) == -1 ||
		    (pe->switch_user &&
		    chown(pe->state_dir, (uid_t)-1, pe->gid) == -1))
			return seterr(err, errsz, "%s: %s", pe->state_dir,
			    strerror(errno));
		log_info("created %s", pe->state_dir);
		if (stat(pe->state_dir, &st) == -1)
			return seterr(err, errsz, "%s: %s", pe->state_dir,
			    strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return seterr(err, errsz, "state_dir %s is not a directory",
		    pe->state_dir);
	if (check_reach(pe, pe->state_dir, err, errsz) == 0)
		return 0;
	/* Fix only our own directory, and only within the groups named. */
	if (!pe->switch_user || st.st_uid != 0 ||
	    (st.st_gid != 0 && st.st_gid != pe->gid))
		return -1;
	if (check_reach(pe, parent_of(pe->state_dir, parent, sizeof parent),
	    err, errsz) == -1)
		return -1;
	if (chown(pe->state_dir, (uid_t)-1, pe->gid) == -1 ||
	    chmod(pe->state_dir, (st.st_mode & 07777) | S_IXGRP) == -1)
		return seterr(err, errsz, "%s: %s", pe->state_dir,
		    strerror(errno));
	log_info("%s: group set to that of %s, with search permission, so "
	    "the server can reach %s", pe->state_dir, pe->run_user, pe->pgdir);
	return check_reach(pe, pe->state_dir, err, errsz);
}

/*
 * One of our directories under state_dir/pg: created 0700 for the server
 * user; when it exists, owner and mode are put right (as root we can; as
 * anyone else a directory of another user is an error).
 */
static int
own_dir(const struct pgembed *pe, const char *path, char *err, size_t errsz)
{
	struct stat st;

	if (mkdir(path, 0700) == 0) {
		if (chmod(path, 0700) == -1 || (pe->switch_user &&
		    chown(path, pe->uid, pe->gid) == -1))
			return seterr(err, errsz, "%s: %s", path,
			    strerror(errno));
		return 0;
	}
	if (errno != EEXIST)
		return seterr(err, errsz, "mkdir %s: %s", path, strerror(errno));
	if (stat(path, &st) == -1)
		return seterr(err, errsz, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return seterr(err, errsz, "%s is not a directory", path);
	if (st.st_uid != pe->uid) {
		if (!pe->switch_user)
			return seterr(err, errsz, "%s belongs to uid %u, not to "
			    "%s who runs the embedded PostgreSQL", path,
			    (unsigned)st.st_uid, pe->run_user);
		if (chown(path, pe->uid, pe->gid) == -1)
			return seterr(err, errsz, "chown %s: %s", path,
			    strerror(errno));
		log_info("%s: owner set to %s", path, pe->run_user);
	}
	if ((st.st_mode & 07777) != 0700 && chmod(path, 0700) == -1)
		return seterr(err, errsz, "chmod %s: %s", path, strerror(errno));
	return 0;
}

/*
 * Is there a cluster (datadir/PG_VERSION)? An existing one must belong to
 * the server user: postgres refuses a data directory of anyone else, and a
 * recursive chown of a database is not a decision to take silently.
 */
static int
cluster_exists(const struct pgembed *pe, int *exists, char *err,
    size_t errsz)
{
	char ver[PATHBUF];
	struct stat st;

	*exists = 0;
	if (pathcat(ver, sizeof ver, pe->datadir, "/PG_VERSION") == -1)
		return seterr(err, errsz, "%s: path too long", pe->datadir);
	if (stat(ver, &st) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		if (errno == EACCES)
			return seterr(err, errsz, "%s: %s (the embedded "
			    "PostgreSQL there belongs to another user: run rekon "
			    "as that user, or as root)", ver, strerror(errno));
		return seterr(err, errsz, "%s: %s", ver, strerror(errno));
	}
	*exists = 1;
	if (stat(pe->datadir, &st) == -1)
		return seterr(err, errsz, "%s: %s", pe->datadir,
		    strerror(errno));
	if (st.st_uid != pe->uid)
		return seterr(err, errsz, "the cluster in %s belongs to uid %u, "
		    "not to %s who runs the embedded PostgreSQL: chown -R %s %s "
		    "(server stopped), or remove it to start afresh",
		    pe->datadir, (unsigned)st.st_uid, pe->run_user,
		    pe->run_user, pe->pgdir);
	return 0;
}

/* The server log is appended to by pg_ctl as the server user. */
static int
own_logfile(const struct pgembed *pe, char *err, size_t errsz)
{
	struct stat st;

	if (lstat(pe->logfile, &st) == -1)
		return errno == ENOENT ? 0 : seterr(err, errsz, "%s: %s",
		    pe->logfile, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return seterr(err, errsz, "%s is not a regular file",
		    pe->logfile);
	if (st.st_uid != pe->uid) {
		if (!pe->switch_user)
			return seterr(err, errsz, "%s belongs to uid %u, not to "
			    "%s", pe->logfile, (unsigned)st.st_uid,
			    pe->run_user);
		if (chown(pe->logfile, pe->uid, pe->gid) == -1)
			return seterr(err, errsz, "chown %s: %s", pe->logfile,
			    strerror(errno));
	}
	if ((st.st_mode & 077) != 0 && chmod(pe->logfile, 0600) == -1)
		return seterr(err, errsz, "chmod %s: %s", pe->logfile,
		    strerror(errno));
	return 0;
}

/* PostgreSQL puts its socket at sockdir/.s.PGSQL.5432 in a sun_path. */
static int
check_sockpath(const struct pgembed *pe, char *err, size_t errsz)
{
	size_t max = sizeof(((struct sockaddr_un *)0)->sun_path) - 1;
	size_t len = strlen(pe->sockdir) + strlen(SOCK_NAME);

	if (len > max)
		return seterr(err, errsz, "the socket path %s%s is %zu bytes, "
		    "over the %zu a Unix socket allows: choose a shorter "
		    "state_dir", pe->sockdir, SOCK_NAME, len, max);
	return 0;
}

/* ------------------------------------------------------------------ */
/* postgresql.conf                                                     */

/* A postgresql.conf string: single quotes and backslashes doubled. */
static int
conf_quote(const char *s, char *out, size_t outsz)
{
	size_t o = 0;

	if (outsz < 3)
		return -1;
	out[o++] = '\'';
	for (; *s != '\0'; s++) {
		if (o + 4 >= outsz)
			return -1;
		if (*s == '\'' || *s == '\\')
			out[o++] = *s;
		out[o++] = *s;
	}
	out[o++] = '\'';
	out[o] = '\0';
	return 0;
}

static int
conf_block(const struct pgembed *pe, char *buf, size_t bufsz)
{
	char dir[2 * PATHBUF + 4];
	int n;

	if (conf_quote(pe->sockdir, dir, sizeof dir) == -1)
		return -1;
	/* port is pinned: the postmaster would take PGPORT from the
	 * environment otherwise, and the conninfo says 5432. */
	n = snprintf(buf, bufsz, CONF_MARK
	    "listen_addresses = ''\n"
	    "port = %d\n"
	    "unix_socket_directories = %s\n"
	    "unix_socket_permissions = 0700\n"
	    "jit = off\n"
	    "shared_buffers = 256MB\n"
	    /* A month's set work: DISTINCT ON and hash joins over a
	     * province's million rows sort in memory; the embedded server
	     * has a handful of connections, all rekon's. */
	    "work_mem = 64MB\n"
	    "maintenance_work_mem = 256MB\n"
	    /* No checkpoint in the middle of a month's imports, and no WAL
	     * for data a batch's own transaction created: nobody replicates
	     * the embedded server (backups are pg_dump). */
	    "max_wal_size = 4GB\n"
	    "checkpoint_timeout = 15min\n"
	    "wal_level = minimal\n"
	    "max_wal_senders = 0\n"
	    "logging_collector = off\n"
	    "fsync = on\n", PGEMBED_PORT, dir);
	return (n < 0 || (size_t)n >= bufsz) ? -1 : 0;
}

static int
read_file(const char *path, char **data, size_t *len, size_t max)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	if ((*data = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, *data + got, (size_t)st.st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	(*data)[got] = '\0';
	*len = got;
	return 0;
}

/* Replace path with data atomically (temporary file, fsync, rename), the
 * new file owned by the server user. */
static int
replace_file(const struct pgembed *pe, const char *path, const char *data,
    size_t len, char *err, size_t errsz)
{
	char tmp[PATHBUF];
	int fd;

	if (pathcat(tmp, sizeof tmp, path, ".rekon-new") == -1)
		return seterr(err, errsz, "%s: path too long", path);
	(void)unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return seterr(err, errsz, "%s: %s", tmp, strerror(errno));
	if ((pe->switch_user && fchown(fd, pe->uid, pe->gid) == -1) ||
	    util_write_all(fd, data, len) == -1 || fsync(fd) == -1) {
		seterr(err, errsz, "%s: %s", tmp, strerror(errno));
		close(fd);
		(void)unlink(tmp);
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		seterr(err, errsz, "%s: %s", path, strerror(errno));
		(void)unlink(tmp);
		return -1;
	}
	return 0;
}

/*
 * postgresql.conf ends with our block, after CONF_MARK; whatever is above
 * it (initdb's file, an operator's edits) is kept. Rewritten only when the
 * block differs, e.g. after state_dir moved.
 */
static int
ensure_conf(const struct pgembed *pe, char *err, size_t errsz)
{
	char path[PATHBUF], block[3 * PATHBUF], *old, *mark, *new;
	size_t len, keep, blen;
	int rc, sep;

	if (pathcat(path, sizeof path, pe->datadir, "/postgresql.conf") == -1)
		return seterr(err, errsz, "%s: path too long", pe->datadir);
	if (conf_block(pe, block, sizeof block) == -1)
		return seterr(err, errsz, "%s: socket path too long",
		    pe->sockdir);
	if (read_file(path, &old, &len, CONF_MAX) == -1)
		return seterr(err, errsz, "%s: %s", path, strerror(errno));
	if (strncmp(old, CONF_MARK, strlen(CONF_MARK)) == 0)
		keep = 0;
	else if ((mark = strstr(old, "\n" CONF_MARK)) != NULL)
		keep = (size_t)(mark - old) + 1;
	else
		keep = len;
	sep = keep > 0 && old[keep - 1] != '\n';
	blen = strlen(block);
	if (keep + blen == len && memcmp(old + keep, block, blen) == 0) {
		free(old);
		return 0;
	}
	if ((new = malloc(keep + 1 + blen + 1)) == NULL) {
		free(old);
		return seterr(err, errsz, "out of memory");
	}
	memcpy(new, old, keep);
	if (sep)
		new[keep] = '\n';
	memcpy(new + keep + sep, block, blen + 1);
	rc = replace_file(pe, path, new, keep + sep + blen, err, errsz);
	free(new);
	free(old);
	if (rc == 0)
		log_info("rekon settings written to %s", path);
	return rc;
}

/* ------------------------------------------------------------------ */
/* initdb, start, stop                                                 */

int
pgembed_initdb(struct pgembed *pe, int *created, char *err, size_t errsz)
{
	/* Collation C: byte order, which for UTF-8 is the code point order
	 * C.UTF-8 sorts by too (the same results), but lets PostgreSQL sort
	 * and build indexes on abbreviated keys; character classes (upper(),
	 * regular expressions) stay UTF-8 through lc_ctype. docs/decisions.md */
	char *argv[] = { "initdb", "-D", pe->datadir, "--encoding=UTF8",
	    "--locale=C.UTF-8", "--lc-collate=C", "--username=" SUPERUSER,
	    "--auth-local=trust",
	    "--auth-host=reject", NULL };
	int exists;

	if (created != NULL)
		*created = 0;
	if (check_sockpath(pe, err, errsz) == -1 ||
	    make_state_dir(pe, err, errsz) == -1 ||
	    cluster_exists(pe, &exists, err, errsz) == -1 ||
	    own_dir(pe, pe->pgdir, err, errsz) == -1 ||
	    own_dir(pe, pe->sockdir, err, errsz) == -1 ||
	    own_dir(pe, pe->datadir, err, errsz) == -1 ||
	    own_logfile(pe, err, errsz) == -1)
		return -1;
	if (!exists) {
		log_info("initdb in %s", pe->datadir);
		if (run_server_tool(pe, "initdb", argv, err, errsz) == -1)
			return -1;
		if (created != NULL)
			*created = 1;
	}
	return ensure_conf(pe, err, errsz);
}

/* The last LOG_TAIL_LINES lines of the server log, indented. */
static void
log_tail(const struct pgembed *pe, char *out, size_t outsz)
{
	char buf[8192], *p;
	struct stat st;
	ssize_t n;
	int fd, lines = 0;

	out[0] = '\0';
	if ((fd = open(pe->logfile, O_RDONLY | O_CLOEXEC)) == -1)
		return;
	if (fstat(fd, &st) == 0 && st.st_size > (off_t)sizeof buf - 1)
		(void)lseek(fd, st.st_size - (off_t)(sizeof buf - 1), SEEK_SET);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	rtrim(buf);
	for (p = buf + strlen(buf); p > buf; p--)
		if (p[-1] == '\n' && ++lines == LOG_TAIL_LINES)
			break;
	indent_lines(p, out, outsz);
}

/* err = msg followed by the tail of the server log; returns -1. */
static int
fail_with_log(const struct pgembed *pe, const char *msg, char *err,
    size_t errsz)
{
	char tail[4096];

	log_tail(pe, tail, sizeof tail);
	if (tail[0] == '\0')
		return seterr(err, errsz, "%s", msg);
	return seterr(err, errsz, "%s\n  last lines of %s:\n  %s", msg,
	    pe->logfile, tail);
}

static void
conn_value(const char *v, char *out, size_t outsz)
{
	size_t o = 0;

	/* libpq: a value with white space, quotes or backslashes (or an
	 * empty one) goes in single quotes, \ and ' escaped by \. */
	if (*v != '\0' && strpbrk(v, " \t\n\r\f\v'\\") == NULL) {
		snprintf(out, outsz, "%s", v);
		return;
	}
	if (outsz < 3) {
		if (outsz > 0)
			out[0] = '\0';
		return;
	}
	out[o++] = '\'';
	for (; *v != '\0' && o + 3 < outsz; v++) {
		if (*v == '\'' || *v == '\\')
			out[o++] = '\\';
		out[o++] = *v;
	}
	out[o++] = '\'';
	out[o] = '\0';
}

static void
conninfo_db(const struct pgembed *pe, const char *dbname, char *buf,
    size_t bufsz)
{
	char host[2 * PATHBUF + 4];

	conn_value(pe->sockdir, host, sizeof host);
	snprintf(buf, bufsz, "host=%s port=%d dbname=%s user=%s", host,
	    PGEMBED_PORT, dbname, SUPERUSER);
}

void
pgembed_conninfo(const struct pgembed *pe, char *buf, size_t bufsz)
{
	conninfo_db(pe, DBNAME, buf, bufsz);
}

/* Wait for a server that runs but may still be starting up. */
static void
wait_ready(const struct pgembed *pe, const char *conninfo)
{
	struct timespec ts = { 0, 250 * 1000 * 1000 };
	int waited = 0;

	while (PQping(conninfo) != PQPING_OK && waited < READY_WAIT_MS &&
	    pgembed_running(pe)) {
		nanosleep(&ts, NULL);
		waited += 250;
	}
}

/* Database rekon, created when missing. Static SQL only. */
static int
ensure_db(const struct pgembed *pe, char *err, size_t errsz)
{
	char ci[2 * PATHBUF + 128];
	const char *state;
	PGconn *conn;
	PGresult *res;
	int rc = -1;

	conninfo_db(pe, "postgres", ci, sizeof ci);
	wait_ready(pe, ci);
	conn = PQconnectdb(ci);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		seterr(err, errsz, "cannot connect to the embedded PostgreSQL "
		    "in %s: %s", pe->sockdir, conn != NULL ?
		    PQerrorMessage(conn) : "out of memory");
		rtrim(err);
		PQfinish(conn);
		return -1;
	}
	res = PQexec(conn, "SELECT 1 FROM pg_database WHERE datname = 'rekon'");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		seterr(err, errsz, "looking for database rekon: %s",
		    PQerrorMessage(conn));
	} else if (PQntuples(res) > 0) {
		rc = 0;
	} else {
		PQclear(res);
		res = PQexec(conn, "CREATE DATABASE rekon");
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			log_info("created database rekon");
			rc = 0;
		} else if (state != NULL && strcmp(state, "42P04") == 0) {
			rc = 0;		/* created meanwhile by another rekon */
		} else
			seterr(err, errsz, "CREATE DATABASE rekon: %s",
			    PQerrorMessage(conn));
	}
	if (rc == -1)
		rtrim(err);
	PQclear(res);
	PQfinish(conn);
	return rc;
}

int
pgembed_start(struct pgembed *pe, char *err, size_t errsz)
{
	char *argv[] = { "pg_ctl", "start", "-D", pe->datadir, "-w", "-t",
	    START_WAIT, "-l", pe->logfile, "-s", NULL };
	char msg[4096];

	if (pgembed_initdb(pe, NULL, err, errsz) == -1)
		return -1;
	if (pgembed_running(pe))
		log_debug("PostgreSQL already running in %s", pe->datadir);
	else {
		if (run_server_tool(pe, "pg_ctl", argv, msg, sizeof msg) == -1)
			return fail_with_log(pe, msg, err, errsz);
		if (pe->quiet)
			log_debug("PostgreSQL started (%s)", pe->datadir);
		else
			log_info("PostgreSQL started (%s)", pe->datadir);
	}
	if (ensure_db(pe, msg, sizeof msg) == -1)
		return fail_with_log(pe, msg, err, errsz);
	return 0;
}

int
pgembed_stop(struct pgembed *pe, char *err, size_t errsz)
{
	char *argv[] = { "pg_ctl", "stop", "-D", pe->datadir, "-m", "fast",
	    "-w", "-t", START_WAIT, "-s", NULL };

	if (!pgembed_running(pe)) {
		log_debug("PostgreSQL is not running in %s", pe->datadir);
		return 0;
	}
	if (run_server_tool(pe, "pg_ctl", argv, err, errsz) == -1) {
		/* It may have gone down by itself meanwhile. */
		return pgembed_running(pe) ? -1 : 0;
	}
	log_info("PostgreSQL stopped (%s)", pe->datadir);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Status                                                              */

/*
 * The pid of the live postmaster owning datadir, else 0: the first line
 * of postmaster.pid, alive by kill(pid, 0) (EPERM: alive, another user's),
 * and — where /proc says — really a postgres, since a pid left by a crash
 * may have been reused.
 */
static pid_t
postmaster_pid(const struct pgembed *pe)
{
	char path[PATHBUF], buf[64], comm[32];
	long pid;
	ssize_t n;
	int fd;

	if (pathcat(path, sizeof path, pe->datadir, "/postmaster.pid") == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, NULL, 10);
	if (pid < 0)
		pid = -pid;	/* a single-user backend writes -pid */
	if (pid <= 1 || pid > INT_MAX)
		return 0;
	if (kill((pid_t)pid, 0) == -1 && errno != EPERM)
		return 0;
	snprintf(path, sizeof path, "/proc/%ld/comm", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		n = read(fd, comm, sizeof comm - 1);
		close(fd);
		if (n > 0) {
			comm[n] = '\0';
			if (strncmp(comm, "post", 4) != 0)
				return 0;
		}
	}
	return (pid_t)pid;
}

int
pgembed_running(const struct pgembed *pe)
{
	return postmaster_pid(pe) != 0;
}

void
pgembed_status(const struct pgembed *pe, struct pgembed_status *st)
{
	char ver[PATHBUF];

	memset(st, 0, sizeof *st);
	snprintf(st->datadir, sizeof st->datadir, "%s", pe->datadir);
	snprintf(st->sockdir, sizeof st->sockdir, "%s", pe->sockdir);
	st->initialized = pathcat(ver, sizeof ver, pe->datadir,
	    "/PG_VERSION") == 0 && access(ver, F_OK) == 0;
	st->pid = postmaster_pid(pe);
	st->running = st->pid != 0;
}

int
pgembed_exec_tool(const struct pgembed *pe, const char *prog,
    char *const argv[])
{
	char path[PATHBUF], **av;
	size_t n;

	if (prog == NULL || *prog == '\0' || strchr(prog, '/') != NULL ||
	    argv == NULL || argv[0] == NULL ||
	    snprintf(path, sizeof path, "%s/%s", pe->bindir, prog) >=
	    (int)sizeof path) {
		errno = EINVAL;
		return -1;
	}
	/* argv[0] becomes the full path: pg_dumpall and friends find their
	 * siblings through it. The copy is never freed: exec or return. */
	for (n = 0; argv[n] != NULL; n++)
		;
	if ((av = calloc(n + 1, sizeof *av)) == NULL)
		return -1;
	memcpy(av, argv, n * sizeof *av);
	av[0] = path;
	fflush(NULL);
	execv(path, av);
	free(av);
	return -1;
}
