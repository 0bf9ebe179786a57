/*
 * web_int.h — what server.c and pages.c share; not for other modules.
 *
 * Glossary
 *   req        one HTTP request and the answer being built for it
 *   form       the fields of a POST body (urlencoded or multipart), parsed
 *              by libmicrohttpd's post processor
 *   peran      a role (users.h); a route names the roles that may use it,
 *              and anyone else gets the 404 of a page that does not exist
 */
#ifndef REKON_WEB_INT_H
#define REKON_WEB_INT_H

#include <libpq-fe.h>
#include <microhttpd.h>
#include <stddef.h>

#include "html.h"
#include "period.h"
#include "users.h"

#define WEB_FORM_MAX	16		/* fields of a form */
#define WEB_FORM_BYTES	(64 * 1024)	/* all of a form's values */

struct web_form {
	int	 n;
	char	*name[WEB_FORM_MAX];
	char	*value[WEB_FORM_MAX];
	size_t	 len[WEB_FORM_MAX];
	size_t	 bytes;
};

struct web_req {
	struct MHD_Connection	*mc;
	const char		*method;
	char			 path[256];	/* the URL's path */
	PGconn			*c;
	char			 addr[64];	/* the client (web.md) */
	int			 logged_in;
	struct users_user	 user;
	char			 csrf[USERS_TOKEN_HEX];
	char			 session[USERS_TOKEN_HEX];
	/* the body */
	struct MHD_PostProcessor *pp;
	struct web_form		 form;
	char			*body;		/* JSON (the API) */
	size_t			 bodylen;
	int			 too_big;
	/* the answer */
	unsigned		 status;
	const char		*ctype;
	struct html		 page;
	char			 location[256];
	char			 retry_after[16];	/* 429: seconds */
	char			 cookie[2][256];
	int			 ncookie;
	/* an uploaded file, written to inbox/.unggah-XXXXXX as it comes */
	int			 upfd;		/* -1: none (yet) */
	char			 uptmp[4300];
	char			 upname[256];	/* its name, as the browser gave it */
	long long		 upbytes;
	int			 fd;		/* a file to send instead, or -1 */
	long long		 fsize;
	char			 disposition[300];
};

/* What the pages need of the configuration. */
struct web_conf {
	char	 office[256];	/* [region] office */
	char	 region[256];	/* [region] name */
	char	 tz[64];
	char	 outbox[4096];
	char	 inbox[4096];
	long long max_upload;	/* bytes: [limits] max_file_mb */
	int	 tls;		/* serving HTTPS itself: cookies are Secure */
	long	 api_per_minute;	/* [web]: per API client; 0: no limit */
	/* [sk] paraf: the roles that initial, in order, and as a PostgreSQL
	 * array's text for rekon_sk_langkah ("{kabid,sekdis}") */
	const char *paraf[8];
	int	 nparaf;
	char	 paraf_array[128];
};
extern struct web_conf web_conf;

/* server.c */
const char *web_form_get(const struct web_req *r, const char *name);
const char *web_cookie(struct web_req *r, const char *name);
/* maxage -1: for the browser session; 0: delete it */
void	 web_set_cookie(struct web_req *r, const char *name,
	    const char *value, int maxage);
void	 web_redirect(struct web_req *r, const char *to);
void	 web_error(struct web_req *r, unsigned status, const char *message);
/* An audit row for the request's user and address (a failure is logged). */
void	 web_audit(struct web_req *r, const char *action, const char *object,
	    const char *const *ids, int nids);

/* pages.c: the frame of every page, and what the pages share */
void	 web_page_begin(struct web_req *r, const char *title);
void	 web_page_end(struct web_req *r);
/* A query for a page: its result, or NULL after the failure was logged
 * (what: the page's name) and the 503 page written. */
PGresult *web_query(struct web_req *r, const char *what, const char *sql,
	    int nparams, const char *const *params);
/*
 * A table of a query's rows: heads[0..ncols-1] over the first ncols
 * columns of each row, every value escaped; keep (may be NULL) says which
 * rows belong on the page; "Tidak ada data" when none. Returns the rows
 * written.
 */
int	 web_table(struct web_req *r, const char *id, const char *const *heads,
	    int ncols, PGresult *res,
	    int (*keep)(const struct web_req *, PGresult *, int row));
/* The period of ?p= (YYYY-MM), else the first column of latest_sql's row
 * ("" when none): 0, or -1 after the 404 page (a malformed p). */
int	 web_period(struct web_req *r, const char *latest_sql, char period[8]);
/* A period as a page is given it: "YYYY-MM" (lib/period.h), s may be
 * NULL. */
#define web_is_period(s)	period_parse((s), NULL, NULL)

/* <input type="hidden" name=... value=...>, both escaped. */
void	 web_hidden(struct web_req *r, const char *name, const char *value);
typedef void web_page_fn(struct web_req *r);
web_page_fn page_home, page_login_form, page_login, page_logout,
    page_cek_form, page_cek, page_visits, page_visit_add, page_users,
    page_audit, page_css, api_cek;

/* pages_kantor.c */
web_page_fn page_files, page_download, page_batches, page_jobs,
    page_job_request, page_rejected;
/* pages_sk.c */
web_page_fn page_sk, page_sk_step;
/* pages_bulan.c */
web_page_fn page_month;
/* pages_kelurahan.c */
web_page_fn page_kelurahan, page_upload_form, page_upload;

#endif
