/*
 * inbox.c — inbox/<kind>/, watched with inotify.
 *
 * A file counts once it is complete: closed after writing (IN_CLOSE_WRITE)
 * or moved in (IN_MOVED_TO), so uploads should write `name.part` and rename.
 * Hidden and partial names are never touched.  Each file is imported, then
 * moved out of the inbox: to archive/<kind>/<P>/ (imported, or already
 * imported before), or to rejected/<kind>/ beside <name>.error.txt.
 *
 * Imports run in the daemon itself, one at a time (a file is one
 * transaction); the reruns they cause go to the scheduler's queue once the
 * inbox has been quiet for quiet_seconds.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "daemon.h"
#include "import.h"
#include "log.h"
#include "period.h"

static int
mkdir_p(const char *path)
{
	char buf[PATH_MAX], *s;

	snprintf(buf, sizeof buf, "%s", path);
	for (s = buf + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(buf, 0750) == -1 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(buf, 0750) == -1 && errno != EEXIST ? -1 : 0;
}

/* Hidden (.x) and partial (x.part, x.tmp) names are uploads in progress. */
static int
wanted(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.' || n == 0)
		return 0;
	if (n >= 5 && strcmp(name + n - 5, ".part") == 0)
		return 0;
	if (n >= 4 && strcmp(name + n - 4, ".tmp") == 0)
		return 0;
	return 1;
}

int
inbox_init(struct daemon *d)
{
	const struct config *cfg = &d->cli->cfg;
	char path[PATH_MAX];
	int k;

	if ((d->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		log_warn("inotify_init1");
		return -1;
	}
	for (k = 0; k < KINDS; k++) {
		snprintf(path, sizeof path, "%s/%s", cfg->paths.archive,
		    config_source_kinds[k]);
		if (mkdir_p(path) == -1)
			log_warn("%s", path);
		snprintf(path, sizeof path, "%s/%s", cfg->paths.rejected,
		    config_source_kinds[k]);
		if (mkdir_p(path) == -1)
			log_warn("%s", path);
		snprintf(path, sizeof path, "%s/%s", cfg->paths.inbox,
		    config_source_kinds[k]);
		if (mkdir_p(path) == -1) {
			log_warn("%s", path);
			return -1;
		}
		if ((d->wd[k] = inotify_add_watch(d->inotify_fd, path,
		    IN_CLOSE_WRITE | IN_MOVED_TO)) == -1) {
			log_warn("inotify %s", path);
			return -1;
		}
	}
	return 0;
}

/* Move from to dir/name, not over an older file of the same name. */
static int
move_into(const char *from, const char *dir, const char *name, char *to,
    size_t tosz)
{
	struct stat sb;
	int i;

	if (mkdir_p(dir) == -1) {
		log_warn("%s", dir);
		return -1;
	}
	snprintf(to, tosz, "%s/%s", dir, name);
	for (i = 1; stat(to, &sb) == 0 && i < 1000; i++)
		snprintf(to, tosz, "%s/%s.%d", dir, name, i);
	if (rename(from, to) == -1) {
		log_warn("rename %s to %s", from, to);
		return -1;
	}
	return 0;
}

static void
reject(struct daemon *d, int k, const char *path, const char *name,
    const char *why)
{
	char dir[PATH_MAX], to[PATH_MAX], txt[PATH_MAX + 16];
	FILE *fp;

	snprintf(dir, sizeof dir, "%s/%s", d->cli->cfg.paths.rejected,
	    config_source_kinds[k]);
	if (move_into(path, dir, name, to, sizeof to) == -1)
		return;
	snprintf(txt, sizeof txt, "%s.error.txt", to);
	if ((fp = fopen(txt, "w")) == NULL) {
		log_warn("%s", txt);
		return;
	}
	fprintf(fp, "%s\n", why);
	fclose(fp);
	log_warnx("%s %s refused, moved to %s: %s", config_source_kinds[k],
	    name, to, why);
}

/* Note the reruns a successful import asks for; they wait for quiet. */
static void
mark_dirty(struct daemon *d, int k, const char *period)
{
	const char *kind = config_source_kinds[k];
	int i;

	for (i = 0; i < d->ndirty; i++)
		if (strcmp(d->dirty[i].period, period) == 0)
			break;
	if (i == d->ndirty) {
		if (d->ndirty == DIRTY_MAX)
			return;
		d->ndirty++;
		snprintf(d->dirty[i].period, sizeof d->dirty[i].period, "%s", period);
		d->dirty[i].usulan = d->dirty[i].rekon = 0;
	}
	if (strcmp(kind, "usulan") == 0 || strcmp(kind, "dtks") == 0)
		d->dirty[i].usulan = 1;
	if (strcmp(kind, "usulan") != 0)
		d->dirty[i].rekon = 1;
	clock_gettime(CLOCK_MONOTONIC, &d->quiet_until);
	d->quiet_until.tv_sec += d->quiet_seconds;
}

static void
inbox_file(struct daemon *d, int k, const char *name)
{
	const struct config *cfg = &d->cli->cfg;
	struct import_opts o = { 0 };
	struct import_result res;
	enum import_status st;
	char path[PATH_MAX], dir[PATH_MAX], to[PATH_MAX], err[8192];
	struct stat sb;

	if (!wanted(name))
		return;
	snprintf(path, sizeof path, "%s/%s/%s", cfg->paths.inbox,
	    config_source_kinds[k], name);
	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
		return;		/* gone already, or a directory */
	daemon_status("impor %s", name);
	o.kind = config_source_kinds[k];
	o.timezone = cfg->region.timezone;
	o.max_bytes = cfg->limits.max_file_mb * 1024 * 1024;
	o.max_field_bytes = (size_t)cfg->limits.max_field_bytes;
	o.max_columns = (int)cfg->limits.max_columns;
	if (PQstatus(d->cli->conn) != CONNECTION_OK)
		PQreset(d->cli->conn);
	memset(&res, 0, sizeof res);
	st = import_file(d->cli->conn, path, &o, &res, err, sizeof err);
	switch (st) {
	case IMPORT_OK:
	case IMPORT_SKIPPED:
		if (res.period[0] == '\0' && !period_from_filename(name, res.period) &&
		    !period_at(cfg->region.timezone, daemon_now(d), res.period))
			snprintf(res.period, sizeof res.period, "lain");
		snprintf(dir, sizeof dir, "%s/%s/%s", cfg->paths.archive,
		    config_source_kinds[k], res.period);
		if (move_into(path, dir, name, to, sizeof to) == -1)
			break;
		if (st == IMPORT_SKIPPED)
			log_info("%s", err);
		else {
			log_info("%s %s imported for %s (batch %lld: %ld accepted,"
			    " %ld rejected), archived", config_source_kinds[k], name,
			    res.period, res.batch_id, res.accepted, res.rejected);
			mark_dirty(d, k, res.period);
		}
		break;
	case IMPORT_DBERROR:
		/* Not the file's fault: it stays, and is tried at the next start. */
		log_warnx("%s: %s (left in the inbox)", name, err);
		break;
	default:
		reject(d, k, path, name, err);
		break;
	}
	daemon_status("siap");
}

static int
kind_of_wd(const struct daemon *d, int wd)
{
	int k;

	for (k = 0; k < KINDS; k++)
		if (d->wd[k] == wd)
			return k;
	return -1;
}

void
inbox_scan(struct daemon *d)
{
	struct dirent **names;
	char path[PATH_MAX];
	int k, i, n;

	for (k = 0; k < KINDS; k++) {
		snprintf(path, sizeof path, "%s/%s", d->cli->cfg.paths.inbox,
		    config_source_kinds[k]);
		if ((n = scandir(path, &names, NULL, alphasort)) == -1) {
			log_warn("%s", path);
			continue;
		}
		for (i = 0; i < n; i++) {
			inbox_file(d, k, names[i]->d_name);
			free(names[i]);
		}
		free(names);
	}
}

void
inbox_event(struct daemon *d)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	char *p;
	int k;

	while ((n = read(d->inotify_fd, buf, sizeof buf)) > 0) {
		for (p = buf; p < buf + n; p += sizeof *ev + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->mask & IN_Q_OVERFLOW) {
				inbox_scan(d);	/* events lost: look at everything */
				continue;
			}
			if (ev->len == 0 || (ev->mask & IN_ISDIR) ||
			    (k = kind_of_wd(d, ev->wd)) == -1)
				continue;
			inbox_file(d, k, ev->name);
		}
	}
}

void
inbox_quiet_check(struct daemon *d)
{
	struct timespec now;
	int i;

	if (d->ndirty == 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < d->quiet_until.tv_sec || (now.tv_sec ==
	    d->quiet_until.tv_sec && now.tv_nsec < d->quiet_until.tv_nsec))
		return;
	for (i = 0; i < d->ndirty; i++) {
		if (d->dirty[i].usulan)
			sched_enqueue(d, "usulan", d->dirty[i].period, "inbox", 0);
		if (d->dirty[i].rekon) {
			sched_enqueue(d, "rekonsiliasi", d->dirty[i].period, "inbox", 0);
			sched_enqueue(d, "sk", d->dirty[i].period, "inbox", 0);
		}
	}
	d->ndirty = 0;
}
