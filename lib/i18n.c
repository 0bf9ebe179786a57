/* i18n.c — see i18n.h. */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define I18N_DOMAIN	"rekon"

/* The first of LC_ALL, LC_MESSAGES, LANG that is set, as setlocale reads
 * them; NULL when none is. */
static const char *
env_messages_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++)
		if ((v = getenv(vars[i])) != NULL && v[0] != '\0')
			return v;
	return NULL;
}

/* The catalogue's folder: locale/ beside the binary (the build tree), else
 * ../share/locale from it (PREFIX/bin/rekon), else /usr/share/locale. */
static void
locale_dir(char *out, size_t outsz)
{
	char exe[PATH_MAX], *slash;
	struct stat st;
	ssize_t n;

	snprintf(out, outsz, "/usr/share/locale");
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) <= 0)
		return;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return;
	*slash = '\0';
	snprintf(out, outsz, "%s/locale/id/LC_MESSAGES/" I18N_DOMAIN ".mo", exe);
	if (stat(out, &st) == 0) {
		snprintf(out, outsz, "%s/locale", exe);
		return;
	}
	snprintf(out, outsz, "%s/../share/locale/id/LC_MESSAGES/" I18N_DOMAIN
	    ".mo", exe);
	if (stat(out, &st) == 0)
		snprintf(out, outsz, "%s/../share/locale", exe);
	else
		snprintf(out, outsz, "/usr/share/locale");
}

void
i18n_init(void)
{
	char dir[PATH_MAX + 64];
	const char *want;

	if (setlocale(LC_MESSAGES, "") == NULL) {
		/* Asked for a locale the machine has not generated. */
		want = env_messages_locale();
		setlocale(LC_MESSAGES, "C.UTF-8");
		if (want != NULL && strncmp(want, "id", 2) == 0 &&
		    getenv("LANGUAGE") == NULL)
			setenv("LANGUAGE", "id", 1);
	}
	locale_dir(dir, sizeof dir);
	bindtextdomain(I18N_DOMAIN, dir);
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	textdomain(I18N_DOMAIN);
}
