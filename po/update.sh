#!/bin/sh
# po/update.sh [--pot FILE] — the message catalogue's template from the
# sources: every string a log verb (lib/log.h), util_errf, the parsers' error
# helpers, _() and N_() are given. With --pot FILE it is written there
# (the tests compare po/id.po against it); without, po/rekon.pot is written
# and po/id.po merged with it (msgmerge), so new messages show up there
# untranslated. See i18n.h and docs/decisions.md.
set -e
cd "$(dirname "$0")/.."
POT=po/rekon.pot
[ "${1:-}" = --pot ] && POT=$2
# shellcheck disable=SC2046
xgettext --from-code=UTF-8 --language=C --no-wrap --sort-by-file \
	--package-name=rekon --msgid-bugs-address=rekon@localhost --add-comments=TRANSLATORS: \
	-k_ -kN_ -kngettext:1,2 -klog_warn -klog_warnx -klog_info -kfatal -kfatalx \
	-kutil_errf:3 -kperr_line:3 -kseterr:3 -ksrc_fail:2 -kxp_fail:3 \
	--flag=log_warn:1:c-format --flag=log_warnx:1:c-format \
	--flag=log_info:1:c-format --flag=fatal:1:c-format --flag=fatalx:1:c-format \
	--flag=util_errf:3:c-format --flag=perr_line:3:c-format \
	--flag=seterr:3:c-format --flag=src_fail:2:c-format --flag=xp_fail:3:c-format \
	-o "$POT" $(git ls-files 'lib/*.c' 'jobs/*.c' 'jobs/*/*.c' 'daemon/*.c' \
	    'web/*.c' 'cli/*.c' 2>/dev/null || ls lib/*.c jobs/*.c jobs/*/*.c daemon/*.c web/*.c cli/*.c)
# The creation date changes every run: keep the file stable.
sed -i '/^"POT-Creation-Date:/d' "$POT"
[ "${1:-}" = --pot ] && exit 0
if [ -f po/id.po ]; then
	msgmerge --quiet --no-wrap --update --backup=none --no-fuzzy-matching po/id.po "$POT"
	# A message the sources no longer give goes (git keeps its history).
	msgattrib --no-wrap --no-obsolete -o po/id.po po/id.po
else
	msginit --no-translator --no-wrap --locale=id_ID.UTF-8 -i "$POT" -o po/id.po
fi
