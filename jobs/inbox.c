/*
 * inbox.c — the inbox's files (see inbox.h): which are wanted, the import
 * options for one, where it goes after its import, and the inbox job
 * (`rekon run inbox`) that imports every waiting file now.
 */
#include "inbox.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "fetch.h"
#include "job.h"
#include "log.h"
#include "period.h"
#include "util.h"

/* ~$x.xlsx is the lock file Excel keeps beside a workbook it has open. */
int
inbox_wanted(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.' || n == 0 || strncmp(name, "~$", 2) == 0)
		return 0;
	if (n >= 5 && strcmp(name + n - 5, ".part") == 0)
		return 0;
	if (n >= 4 && strcmp(name + n - 4, ".tmp") == 0)
		return 0;
	if (n >= 11 && strcmp(name + n - 11, INBOX_SIDECAR) == 0)
		return 0;
	return 1;
}

/*
 * A file uploaded through the web front has a sidecar, NAME.pengunggah,
 * written before NAME was renamed into the inbox: "key=value" lines,
 * pengguna (the user), and for a kelurahan user kecamatan and kelurahan
 * (folded), and periode when the user chose one.
 */
static void
read_sidecar(const char *path, struct import_opts *o, char *period,
    size_t periodsz)
{
	char side[PATH_MAX], line[256], *eq;
	FILE *fp;

	snprintf(side, sizeof side, "%s%s", path, INBOX_SIDECAR);
	if ((fp = fopen(side, "r")) == NULL)
		return;
	while (fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq++ = '\0';
		if (strcmp(line, "pengguna") == 0)
			snprintf(o->pengunggah, sizeof o->pengunggah, "%s", eq);
		else if (strcmp(line, "kecamatan") == 0)
			snprintf(o->kec, sizeof o->kec, "%s", eq);
		else if (strcmp(line, "kelurahan") == 0)
			snprintf(o->kel, sizeof o->kel, "%s", eq);
		else if (strcmp(line, "periode") == 0 && period_parse(eq, NULL,
		    NULL))
			snprintf(period, periodsz, "%s", eq);
	}
	fclose(fp);
	/* Both or neither: a place with half of it constrains nothing. */
	if (o->kec[0] == '\0' || o->kel[0] == '\0')
		o->kec[0] = o->kel[0] = '\0';
}

/* Move from to dir/name, not over an older file of the same name. */
static int
move_into(const char *from, const char *dir, const char *name, char *to,
    size_t tosz)
{
	struct stat sb;
	int i;

	if (util_mkdirs(dir, 0750) == -1) {
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

/* What the clerk reads first in NAME.error.txt: in plain Indonesian, by
 * why the file was not imported; the operator's details follow. */
static const char *
reject_words(enum import_status st)
{
	switch (st) {
	case IMPORT_WRONG_KIND:
		return "Berkas ini tidak diimpor: kolom-kolomnya lebih cocok untuk"
		    " jenis data lain daripada jenis folder ini. Periksa berkasnya,"
		    " lalu taruh di folder jenis yang benar.";
	case IMPORT_CLOSED:
		return "Berkas ini tidak diimpor: periodenya sudah ditutup (SK-nya"
		    " sudah ditandatangani). Kirim berkas ini untuk periode"
		    " berikutnya.";
	case IMPORT_REFUSED:
		return "Berkas ini tidak diimpor: rekon tidak dapat memakainya"
		    " seperti adanya. Rinciannya di bawah; perbaiki berkasnya,"
		    " lalu kirim lagi.";
	default:
		return "Berkas ini tidak diimpor. Rinciannya di bawah.";
	}
}

static void
reject(const struct config *cfg, int k, const char *path, const char *name,
    enum import_status st, const char *why)
{
	char dir[PATH_MAX], to[PATH_MAX], txt[PATH_MAX + 16];
	FILE *fp;

	snprintf(dir, sizeof dir, "%s/%s", cfg->paths.rejected,
	    config_source_kinds[k]);
	if (move_into(path, dir, name, to, sizeof to) == -1)
		return;
	snprintf(txt, sizeof txt, "%s.error.txt", to);
	if ((fp = fopen(txt, "w")) == NULL) {
		log_warn("%s", txt);
		return;
	}
	fprintf(fp, "%s\n\nRincian (untuk operator): %s\n", reject_words(st), why);
	fclose(fp);
	log_warnx("%s %s refused, moved to %s: %s", config_source_kinds[k],
	    name, to, why);
}

void
inbox_import_opts(const struct config *cfg, PGconn *c, int k, const char *name,
    const char *path, struct import_opts *o)
{
	const struct config_source *src;

	static char period[8];

	memset(o, 0, sizeof *o);
	o->kind = config_source_kinds[k];
	period[0] = '\0';
	read_sidecar(path, o, period, sizeof period);
	if (period[0] != '\0')
		o->period = period;
	o->timezone = cfg->region.timezone;
	o->max_bytes = cfg->limits.max_file_mb * 1024 * 1024;
	o->max_field_bytes = (size_t)cfg->limits.max_field_bytes;
	o->max_columns = (int)cfg->limits.max_columns;
	/* A segmen list fetched from a [source.NAME]: its segmen and label
	 * go with it (fetch.h). */
	if ((src = fetch_source_of(c, cfg, k, name, path)) != NULL &&
	    src->segmen >= 0) {
		o->segmen = config_segmen_names[src->segmen];
		o->label = src->label;
	}
}

int
inbox_file_outcome(const struct config *cfg, time_t now, int k, const char *name,
    int st, char period[8], long long batch, long accepted, long rejected,
    const char *msg)
{
	char path[PATH_MAX], dir[PATH_MAX], to[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s/%s", cfg->paths.inbox,
	    config_source_kinds[k], name);
	/* The sidecar's content is on the batch now; it goes with the file
	 * (a file left in the inbox keeps it). */
	if (st != IMPORT_DBERROR) {
		char side[PATH_MAX + 16];

		snprintf(side, sizeof side, "%s%s", path, INBOX_SIDECAR);
		if (unlink(side) == -1 && errno != ENOENT)
			log_warn("%s", side);
	}
	switch (st) {
	case IMPORT_OK:
	case IMPORT_SKIPPED:
		if (strcmp(period, "-") == 0 && !period_from_filename(name, period) &&
		    !period_at(cfg->region.timezone, now, period))
			snprintf(period, 8, "lain");
		snprintf(dir, sizeof dir, "%s/%s/%s", cfg->paths.archive,
		    config_source_kinds[k], period);
		if (move_into(path, dir, name, to, sizeof to) == -1)
			return 0;
		if (st == IMPORT_SKIPPED) {
			log_info("%s", msg);
			return 0;
		}
		log_info("%s %s imported for %s (batch %lld: %ld accepted,"
		    " %ld rejected), archived", config_source_kinds[k], name,
		    period, batch, accepted, rejected);
		return 1;
	case IMPORT_DBERROR:
		/* Not the file's fault: it stays, and is tried at the next start. */
		log_warnx("%s: %s (left in the inbox)", name, msg);
		return 0;
	default:
		reject(cfg, k, path, name, st, msg);
		return 0;
	}
}

/*
 * `rekon run inbox`: every file waiting in inbox/<kind>/ imported now, in
 * this process, in name order per kind, and archived or rejected as the
 * daemon does.  The reruns the daemon would queue are not run: say which.
 */
int
job_inbox(struct session *s, const struct job_args *a, struct job_result *res)
{
	const struct config *cfg = &s->cfg;
	FILE *out = a->out;
	struct import_opts o;
	struct import_result ir;
	struct dirent **names;
	struct stat sb;
	enum import_status st;
	char path[PATH_MAX], period[8], err[8192];
	int k, i, n, imported = 0, skipped = 0, refused = 0, left = 0;

	if (out != NULL)
		fprintf(out, "inbox:\n");

	for (k = 0; k < SOURCE__COUNT; k++) {
		snprintf(path, sizeof path, "%s/%s", cfg->paths.inbox,
		    config_source_kinds[k]);
		if ((n = scandir(path, &names, NULL, alphasort)) == -1)
			continue;	/* no such kind folder yet: nothing waits */
		for (i = 0; i < n; i++) {
			const char *name = names[i]->d_name;

			snprintf(path, sizeof path, "%s/%s/%s", cfg->paths.inbox,
			    config_source_kinds[k], name);
			if (!inbox_wanted(name) || stat(path, &sb) == -1 ||
			    !S_ISREG(sb.st_mode)) {
				free(names[i]);
				continue;
			}
			inbox_import_opts(cfg, s->conn, k, name, path, &o);
			memset(&ir, 0, sizeof ir);
			err[0] = '\0';
			session_yield(s);
			st = import_file(s->conn, path, &o, &ir, err, sizeof err);
			snprintf(period, sizeof period, "%s",
			    ir.period[0] != '\0' ? ir.period : "-");
			if (inbox_file_outcome(cfg, time(NULL), k, name, (int)st, period,
			    ir.batch_id, ir.accepted, ir.rejected, err) == 1) {
				imported++;
				if (out != NULL)
					fprintf(out, "  %s %s: imported for %s (batch %lld:"
					    " %ld accepted, %ld rejected)\n",
					    config_source_kinds[k], name, period,
					    ir.batch_id, ir.accepted, ir.rejected);
			} else if (st == IMPORT_SKIPPED)
				skipped++;
			else if (st == IMPORT_DBERROR)
				left++;
			else if (st != IMPORT_OK)
				refused++;
			free(names[i]);
		}
		free(names);
	}
	snprintf(res->msg, sizeof res->msg, "%d imported, %d already imported, %d refused"
	    " (moved to %s), %d left in the inbox", imported, skipped, refused,
	    cfg->paths.rejected, left);
	if (out != NULL)
		fprintf(out, "  %s\n", res->msg);
	if (imported > 0 && out != NULL)
		fprintf(out, "  the outputs of the periods imported into are not"
		    " rerun: run 'rekon run all --period P' for each\n");
	return left > 0 ? EX_UNAVAILABLE : EX_OK;
}
