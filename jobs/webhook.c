/*
 * webhook.c — POST the JSON summary and job failures to [notify] webhook.
 * The contract is in webhook.h.
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "json_summary.h"
#include "hooks.h"
#include "log.h"
#include "webhook.h"
#include "i18n.h"

#define CONNECT_TIMEOUT_S	10
#define TOTAL_TIMEOUT_S		20
#define BACKOFF_BASE_MS		2000

static long
backoff_base_ms(void)
{
	return (long)hook_num(HOOK_WEBHOOK_BACKOFF_MS, BACKOFF_BASE_MS);
}

/* The answer's body is not ours to keep: read and drop it. */
static size_t
discard_body(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* One try: 0 on a 2xx answer, else -1 with the reason in err. */
static int
post_once(const char *url, const char *event, const char *body, char *err,
    size_t errsz)
{
	char curlerr[CURL_ERROR_SIZE] = "", hdr[64];
	struct curl_slist *h = NULL;
	long status = 0;
	CURLcode rc;
	CURL *c;

	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errsz, _("cannot start libcurl"));
		return -1;
	}
	snprintf(hdr, sizeof hdr, "X-Rekon-Event: %s", event);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, hdr);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "rekon");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)TOTAL_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curlerr);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_body);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	if (rc != CURLE_OK) {
		snprintf(err, errsz, "%s", curlerr[0] ? curlerr : curl_easy_strerror(rc));
		return -1;
	}
	if (status < 200 || status > 299) {
		snprintf(err, errsz, _("HTTP status %ld"), status);
		return -1;
	}
	return 0;
}

/* Every try, with back-off between them; the last failure is logged. */
static int
post_json(const struct config *cfg, const char *event, const char *body)
{
	const char *url = cfg->notify.webhook;
	long wait_ms = backoff_base_ms();
	char err[CURL_ERROR_SIZE + 64];
	struct timespec ts;
	int i;

	if (url == NULL || *url == '\0')
		return 0;
	for (i = 1; i <= WEBHOOK_ATTEMPTS; i++) {
		if (post_once(url, event, body, err, sizeof err) == 0)
			return 0;
		if (i == WEBHOOK_ATTEMPTS)
			break;
		log_debug("webhook %s: try %d failed: %s; again in %ld ms", event,
		    i, err, wait_ms);
		ts.tv_sec = wait_ms / 1000;
		ts.tv_nsec = (wait_ms % 1000) * 1000000L;
		nanosleep(&ts, NULL);
		wait_ms *= 2;
	}
	log_warnx("webhook %s: not delivered after %d tries: %s (the job's"
	    " outcome is unchanged)", event, WEBHOOK_ATTEMPTS, err);
	return -1;
}

int
webhook_send_summary(const struct config *cfg, const json_t *summary)
{
	char *text, *body = NULL;
	int rc;

	if (cfg->notify.webhook == NULL || *cfg->notify.webhook == '\0')
		return 0;
	/* As json_summary_write writes the file, final newline included. */
	if ((text = json_dumps(summary, JSON_INDENT(2) |
	    JSON_REAL_PRECISION(15))) == NULL || asprintf(&body, "%s\n",
	    text) == -1) {
		free(text);
		log_warnx("webhook rekonsiliasi: out of memory");
		return -1;
	}
	free(text);
	rc = post_json(cfg, "rekonsiliasi", body);
	free(body);
	return rc;
}

static char *
failure_body(const struct config *cfg, const char *job, const char *period,
    const char *outcome, const char *message)
{
	char when[40];
	json_t *o;
	char *body;

	json_summary_time(time(NULL), cfg->region.timezone, when, sizeof when);
	if ((o = json_object()) == NULL)
		return NULL;
	json_object_set_new(o, "event", json_string("job_gagal"));
	json_object_set_new(o, "wilayah", json_string(cfg->region.name ?
	    cfg->region.name : ""));
	json_object_set_new(o, "job", json_string(job));
	json_object_set_new(o, "periode", json_string(period ? period : ""));
	json_object_set_new(o, "hasil", json_string(outcome));
	/* json_string refuses invalid UTF-8: keep the message readable anyway. */
	json_object_set_new(o, "pesan", json_stringn_nocheck(message ? message : "",
	    message ? strlen(message) : 0));
	json_object_set_new(o, "waktu", json_string(when));
	body = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return body;
}

int
webhook_send_failure(const struct config *cfg, const char *job,
    const char *period, const char *outcome, const char *message)
{
	char *body;
	int rc;

	if (cfg->notify.webhook == NULL || *cfg->notify.webhook == '\0')
		return 0;
	if ((body = failure_body(cfg, job, period, outcome, message)) == NULL) {
		log_warnx("webhook job_gagal: out of memory");
		return -1;
	}
	rc = post_json(cfg, "job_gagal", body);
	free(body);
	return rc;
}

void
webhook_send_failure_detached(const struct config *cfg, const char *job,
    const char *period, const char *outcome, const char *message)
{
	pid_t pid;
	int st;

	if (cfg->notify.webhook == NULL || *cfg->notify.webhook == '\0')
		return;
	fflush(NULL);	/* or the children write our buffered output again */
	if ((pid = fork()) == -1) {
		log_warn("webhook job_gagal: fork");
		return;
	}
	if (pid == 0) {
		/* A grandchild, so that nobody has to wait for it. */
		if (fork() == 0) {
			(void)webhook_send_failure(cfg, job, period, outcome, message);
			fflush(NULL);
			_exit(0);
		}
		_exit(0);
	}
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
}
