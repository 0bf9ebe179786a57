/*
 * webhook.h — [notify] webhook: tell the office when reports are ready and
 * when a job failed (operations.md, "Network").
 *
 * Two messages, each a JSON object POSTed with Content-Type
 * application/json and a header X-Rekon-Event naming it:
 *
 *   rekonsiliasi   the JSON summary itself, byte for byte what
 *                  rekonsiliasi-P.json holds, after each reconciliation
 *   job_gagal      {"event":"job_gagal","wilayah":…,"job":…,"periode":…,
 *                  "hasil":"GAGAL"|"CRASH","pesan":…,"waktu":ISO 8601}
 *                  after each job that failed or crashed
 *
 * Delivery: a 2xx answer is success.  Anything else (refused, timed out, a
 * 4xx or 5xx) is retried WEBHOOK_ATTEMPTS times in all, waiting 2 s, then
 * 4 s (REKON_TEST_WEBHOOK_BACKOFF_MS replaces the 2 s base, for tests); the
 * connection has a 10 s connect and a 20 s total timeout a try; TLS is
 * verified.  A webhook that still fails is logged with log_warnx and
 * nothing else: it never changes a job's outcome or exit code.  No message
 * holds a NIK, No KK or NOKA (the summary holds figures only; a failed
 * job's message is the job's own error line, which never does either).
 *
 * With [notify] webhook empty, every call here does nothing and returns 0.
 */
#ifndef REKON_WEBHOOK_H
#define REKON_WEBHOOK_H

#include <jansson.h>

struct config;

#define WEBHOOK_ATTEMPTS	3

/* POST summary (as json_summary_build made it).  0, or -1 once logged. */
int	webhook_send_summary(const struct config *cfg, const json_t *summary);

/* POST the failure message of job (usulan, rekonsiliasi, sk, fetch…) for
 * period (may be "").  outcome: GAGAL or CRASH.  0, or -1 once logged. */
int	webhook_send_failure(const struct config *cfg, const char *job,
	    const char *period, const char *outcome, const char *message);

/*
 * The daemon's variant of webhook_send_failure: the POST (with its
 * retries, up to a minute) runs in a detached process, so the main loop
 * never waits on a slow webhook.
 */
void	webhook_send_failure_detached(const struct config *cfg,
	    const char *job, const char *period, const char *outcome,
	    const char *message);

#endif
