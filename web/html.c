/*
 * html.c — a page being written (html.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

static int
grow(struct html *h, size_t more)
{
	char *nb;
	size_t ncap;

	if (h->oom)
		return -1;
	if (h->len + more + 1 <= h->cap)
		return 0;
	for (ncap = h->cap ? h->cap : 4096; ncap < h->len + more + 1;)
		ncap *= 2;
	if ((nb = realloc(h->buf, ncap)) == NULL) {
		h->oom = 1;
		return -1;
	}
	h->buf = nb;
	h->cap = ncap;
	return 0;
}

static void
add(struct html *h, const char *s, size_t n)
{
	if (grow(h, n) == -1)
		return;
	memcpy(h->buf + h->len, s, n);
	h->len += n;
	h->buf[h->len] = '\0';
}

void
html_raw(struct html *h, const char *s)
{
	add(h, s, strlen(s));
}

void
html_text(struct html *h, const char *s)
{
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		const char *e;

		switch (*s) {
		case '&':	e = "&amp;"; break;
		case '<':	e = "&lt;"; break;
		case '>':	e = "&gt;"; break;
		case '"':	e = "&quot;"; break;
		case '\'':	e = "&#39;"; break;
		default:	continue;
		}
		add(h, run, (size_t)(s - run));
		html_raw(h, e);
		run = s + 1;
	}
	add(h, run, (size_t)(s - run));
}

void
html_printf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(h, (size_t)n) == -1)
		return;
	va_start(ap, fmt);
	vsnprintf(h->buf + h->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	h->len += (size_t)n;
}

char *
html_take(struct html *h, size_t *len)
{
	char *b;

	if (h->oom || grow(h, 0) == -1) {
		html_free(h);
		return NULL;
	}
	b = h->buf;
	*len = h->len;
	memset(h, 0, sizeof *h);
	return b;
}

void
html_free(struct html *h)
{
	free(h->buf);
	memset(h, 0, sizeof *h);
}
