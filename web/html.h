/*
 * html.h — a page being written: a growing buffer and the one place where
 * text from data is HTML-escaped (web.md: "Every text from data is
 * HTML-escaped in one place").
 *
 *   html_raw     markup the program wrote (never data)
 *   html_text    data: & < > " ' escaped, so it is safe in an element and
 *                in a quoted attribute
 *   html_printf  markup with numbers (%d, %lld ...); a %s here must be
 *                markup too: data goes through html_text
 *   html_take    the finished page (the caller frees it); NULL when memory
 *                ran out at any point
 */
#ifndef REKON_HTML_H
#define REKON_HTML_H

#include <stddef.h>

struct html {
	char	*buf;
	size_t	 len, cap;
	int	 oom;
};

void	 html_raw(struct html *h, const char *s);
void	 html_text(struct html *h, const char *s);
void	 html_printf(struct html *h, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
char	*html_take(struct html *h, size_t *len);
void	 html_free(struct html *h);

#endif
