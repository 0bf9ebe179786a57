/*
 * i18n.h — the operator's messages in the operator's language (gettext).
 *
 * The source is English. po/id.po is the complete Indonesian catalogue,
 * compiled by make to locale/id/LC_MESSAGES/rekon.mo beside the binary
 * (build/) and installed under PREFIX/share/locale. The locale chooses, as
 * for every program: LANG=id_ID.UTF-8 (or LC_ALL, LC_MESSAGES, LANGUAGE=id)
 * answers in Indonesian, LANG=C or en_* in English.
 *
 * Only LC_MESSAGES follows the environment (the catalogue is read as
 * UTF-8 whatever LC_CTYPE is). Numbers, dates, character classes and
 * sorting stay C, so every file rekon writes (CSV, JSON, workbooks) is the
 * same whatever the locale.
 *
 * What a clerk, a Kabid or a receptionist reads (the workbooks, the web
 * pages, a refused file's .error.txt, the tindakan of a cek) is Indonesian
 * in the source and never goes through the catalogue: it is Indonesian
 * always. What goes through it: log lines (log_warnx, log_info, ... translate
 * their format), error texts made with util_errf, the command line's own
 * lines, and configuration errors.
 *
 *   i18n_init   choose the language from the environment (once, first
 *               thing in main)
 *   _(s)        s in the chosen language
 *   N_(s)       s marked for the catalogue where it cannot be translated
 *               yet (a static table); _() it where it is printed
 *
 * When LANG asks for Indonesian but the machine has no such locale (Debian
 * generates only the ones chosen in `dpkg-reconfigure locales`), i18n_init
 * still answers in Indonesian: it takes C.UTF-8 for LC_MESSAGES and sets
 * LANGUAGE=id for this process (docs/decisions.md).
 */
#ifndef REKON_I18N_H
#define REKON_I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

void	 i18n_init(void);

#endif
