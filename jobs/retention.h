/*
 * retention.h — the retention job (retensi, job.h runs it as job_retention): archived input files older than
 * [limits] retention_months are deleted (operations.md; UU 27/2022 asks
 * that personal data not be kept longer than needed).
 *
 * The contract:
 * - archive/<kind>/<P>/: every regular file of a period P before the
 *   cutoff month (the current month in region.timezone minus
 *   retention_months) goes; a period folder left empty is removed, the
 *   kind folder stays.  A name in archive/<kind>/ that is not a YYYY-MM
 *   folder is left alone, with one warning per run naming it.
 * - rejected/<kind>/: every regular file (a refused file and its
 *   .error.txt alike) whose mtime is older than now minus retention_months
 *   calendar months goes.
 * - Symbolic links are never followed: folders are opened with O_NOFOLLOW
 *   (the archive and rejected folders themselves too), entries looked at
 *   with AT_SYMLINK_NOFOLLOW and deleted with unlinkat relative to their
 *   folder.  A symbolic link, anything else that is not a regular file,
 *   and hidden or partial names (.x, x.part, x.tmp, ~$x) are left alone.
 * - retention_months = 0 keeps everything.  Only the known kinds'
 *   folders are looked at.  The database is not touched: `rekon batch drop
 *   ID` removes a batch's rows.
 * - The logs get one line per period folder (and per rejected kind folder
 *   that lost files) with a count, never a file's name or contents.
 * - A folder that cannot be read or a file that cannot be deleted is a
 *   warning; the rest is still done, and the run ends with EX_IOERR and
 *   the first such name in its message.
 * - The clock is the real one (time(NULL)): the daemon's test clock
 *   (REKON_NOW) moves when the job runs, never what it deletes.
 */
#ifndef REKON_RETENTION_H
#define REKON_RETENTION_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct config;

/* What one run deleted (a dry run: would delete). */
struct retention_result {
	long long	archive;	/* files of archive/ */
	long long	rejected;	/* files of rejected/ */
	char		cutoff[8];	/* periods before it went; "" for 0 */
	long		audit;		/* the web front's audit rows */
	long		kunjungan;	/* ... and its visits */
	long long	batches;	/* batches whose rows went (issue 22) */
	long long	rows;		/* their accepted and rejected rows */
	long long	periods;	/* periods whose per-row results went */
	long long	results;	/* those results' rows */
};

/*
 * One run at time now.  dry_run: nothing is deleted, out gets what would
 * be.  out (may be NULL): one line per file.  Returns EX_OK, EX_IOERR (a
 * folder unreadable or a file not deleted: the rest was done) or
 * EX_CONFIG (no current month in region.timezone); msg says what was done.
 */
int	retention_run(const struct config *cfg, time_t now, int dry_run,
	    FILE *out, struct retention_result *res, char *msg, size_t msgsz);

#endif
