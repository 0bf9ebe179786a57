/*
 * skchain.c — the SK approval chain (see skchain.h).
 */
#include "skchain.h"

#include <openssl/evp.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "i18n.h"

int
skchain_file_sha256(const char *path, char hex[SKCHAIN_HEX], char *err,
    size_t errsz)
{
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	EVP_MD_CTX *d;
	ssize_t got;
	int fd, ok;

	hex[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((d = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(d, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(d);
		close(fd);
		snprintf(err, errsz, _("%s: cannot start a SHA-256"), path);
		return -1;
	}
	while ((got = read(fd, buf, sizeof buf)) > 0)
		EVP_DigestUpdate(d, buf, (size_t)got);
	ok = got == 0 && EVP_DigestFinal_ex(d, md, &n) == 1 && n == 32;
	if (got == -1)
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
	else if (!ok)
		snprintf(err, errsz, _("%s: SHA-256 failed"), path);
	EVP_MD_CTX_free(d);
	close(fd);
	if (!ok)
		return -1;
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}

int
skchain_written(PGconn *c, const char *period, const char *dir,
    const char *isi, const char *why, char *err, size_t errsz)
{
	char path[4200], sha[SKCHAIN_HEX];
	const char *p[4] = { period, sha, isi, why };
	PGresult *r;
	int back;

	snprintf(path, sizeof path, "%s/sk-lampiran-%s.xlsx", dir, period);
	if (skchain_file_sha256(path, sha, err, errsz) == -1)
		return -1;
	if ((r = db_exec(c, err, errsz, "SELECT rekon_sk_berkas($1, $2, $3, $4)",
	    4, p)) == NULL)
		return -1;
	back = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	return back;
}

int
skchain_state(PGconn *c, const char *period, const char *const *paraf,
    int nparaf, struct skchain *ch, char *err, size_t errsz)
{
	const char *p[1] = { period };
	PGresult *r;
	char *u;

	memset(ch, 0, sizeof *ch);
	if ((r = db_exec(c, err, errsz, "SELECT n_paraf, disetujui, ditutup OR"
	    " EXISTS (SELECT 1 FROM periode WHERE period = $1 AND closed_at IS"
	    " NOT NULL), coalesce(isi, '') FROM rekon_sk_rantai($1)", 1,
	    p)) == NULL)
		return -1;
	ch->n_paraf = atoi(PQgetvalue(r, 0, 0));
	ch->approved = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
	ch->closed = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
	ch->started = ch->n_paraf > 0 || ch->approved;
	snprintf(ch->isi, sizeof ch->isi, "%s", PQgetvalue(r, 0, 3));
	PQclear(r);
	if (ch->closed)
		snprintf(ch->state, sizeof ch->state, "DITUTUP");
	else if (ch->approved)
		snprintf(ch->state, sizeof ch->state, "DISETUJUI");
	else if (ch->n_paraf == 0)
		snprintf(ch->state, sizeof ch->state, "DRAF");
	else {
		snprintf(ch->state, sizeof ch->state, "PARAF_%s",
		    ch->n_paraf <= nparaf ? paraf[ch->n_paraf - 1] : "?");
		for (u = ch->state; *u != '\0'; u++)
			*u = (char)toupper((unsigned char)*u);
	}
	return 0;
}

int
skchain_draft(PGconn *c, const char *period, const char *why, char *err,
    size_t errsz)
{
	const char *p[2] = { period, why };

	return db_cmd(c, err, errsz, "INSERT INTO sk_langkah (period, langkah,"
	    " catatan) VALUES ($1, 'DRAF', $2)", 2, p);
}

int
skchain_closed(PGconn *c, const char *period, const char *user,
    const char *role, const char *how, char *err, size_t errsz)
{
	const char *p[4] = { period, role, user, how };

	return db_cmd(c, err, errsz, "INSERT INTO sk_langkah (period, langkah,"
	    " peran, pengguna, catatan) VALUES ($1, 'DITUTUP', $2, $3, $4)", 4, p);
}
