/*
 * hooks.h — the hidden settings the tests use, every one of them: read
 * from the environment, ignored when unset or empty.  Nothing else in
 * rekon reads an environment variable of its own.
 *
 *   REKON_NOW=EPOCH                 the daemon's clock starts at EPOCH (an
 *                                   offset is kept: it moves on)
 *   REKON_QUIET_SECONDS=N           the daemon's inbox quiet time before
 *                                   reruns (default 60)
 *   REKON_TEST_CRASH_JOB=NAME       the daemon's child running job NAME
 *                                   kills itself with SIGKILL (CRASH records)
 *   REKON_TEST_JOB_SECONDS=N        a daemon's job child sleeps N seconds
 *                                   before its work (a stop while a job runs)
 *   REKON_TEST_HOLD_LOCK_SECONDS=N  a job sleeps N seconds holding its
 *                                   (job, period) lock (runs serialize)
 *   REKON_TEST_FETCH_DELAY_MS=N     fetch's wait between retries (default
 *                                   2000)
 *   REKON_TEST_WEBHOOK_BACKOFF_MS=N the webhook's first back-off
 *   REKON_TEST_HANG_ON_USR2=1       the daemon's main loop hangs for good
 *                                   on SIGUSR2: no more WATCHDOG=1 (the
 *                                   watchdog test, make test-systemd).
 *                                   Unset, SIGUSR2 is not caught at all
 */
#ifndef REKON_HOOKS_H
#define REKON_HOOKS_H

enum hook {
	HOOK_NOW,
	HOOK_QUIET_SECONDS,
	HOOK_CRASH_JOB,
	HOOK_JOB_SECONDS,
	HOOK_HOLD_LOCK_SECONDS,
	HOOK_FETCH_DELAY_MS,
	HOOK_WEBHOOK_BACKOFF_MS,
	HOOK_HANG_ON_USR2
};

/* The hook's value, or NULL when unset or empty. */
const char	*hook_str(enum hook h);
/* The hook's value as a number, or dflt when unset or empty. */
long long	 hook_num(enum hook h, long long dflt);

#endif
