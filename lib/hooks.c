/* hooks.c — see hooks.h. */
#include "hooks.h"

#include <stdlib.h>

static const char *const names[] = {
	[HOOK_NOW] = "REKON_NOW",
	[HOOK_QUIET_SECONDS] = "REKON_QUIET_SECONDS",
	[HOOK_CRASH_JOB] = "REKON_TEST_CRASH_JOB",
	[HOOK_JOB_SECONDS] = "REKON_TEST_JOB_SECONDS",
	[HOOK_HOLD_LOCK_SECONDS] = "REKON_TEST_HOLD_LOCK_SECONDS",
	[HOOK_FETCH_DELAY_MS] = "REKON_TEST_FETCH_DELAY_MS",
	[HOOK_WEBHOOK_BACKOFF_MS] = "REKON_TEST_WEBHOOK_BACKOFF_MS",
	[HOOK_HANG_ON_USR2] = "REKON_TEST_HANG_ON_USR2",
};

const char *
hook_str(enum hook h)
{
	const char *s = getenv(names[h]);

	return s != NULL && *s != '\0' ? s : NULL;
}

long long
hook_num(enum hook h, long long dflt)
{
	const char *s = hook_str(h);

	return s != NULL ? strtoll(s, NULL, 10) : dflt;
}
