/*
 * kinds.h — the kinds of input file, their columns and header spellings
 * (inputs.md "Kinds and columns"), and how a header row is recognised.
 *
 * Glossary
 *   column   a canonical column (COL_NIK ...), one per meaning
 *   alias    a header spelling, already folded the way header cells are
 *            (upper case; runs of space _ . / - ( ) become one space)
 *   header   the first row, among the first 20, holding every required column
 */
#ifndef REKON_KINDS_H
#define REKON_KINDS_H

#include <stddef.h>

enum col {
	COL_NIK, COL_NO_KK, COL_NAMA, COL_TGL_LAHIR, COL_JENIS_KELAMIN,
	COL_HUB_KELUARGA, COL_ALAMAT, COL_RT, COL_RW, COL_KECAMATAN,
	COL_KELURAHAN, COL_IDDTKS, COL_DESIL, COL_PADAN_DUKCAPIL,
	COL_JENIS_USULAN, COL_TGL_USULAN, COL_NO_SKTM, COL_ADA_KK, COL_ADA_KTP,
	COL_ADA_SKTM, COL_ADA_REKOMENDASI, COL_ADA_SURAT_SAKIT, COL_HASIL,
	COL_NOKA, COL_KETERANGAN, COL_TMT, COL_STATUS, COL_SEGMEN,
	COL_KD_FASKES, COL_NM_FASKES, COL_TGL_MENINGGAL, COL_KUNCI_A,
	COL_KUNCI_B, COL_KEPUTUSAN,
	COL__COUNT
};

enum kind {
	KIND_DTKS, KIND_USULAN, KIND_FEEDBACK, KIND_PESERTA, KIND_SEGMEN,
	KIND_KEMATIAN, KIND_KEPENDUDUKAN, KIND_KEPUTUSAN, KIND__COUNT
};

/* A header spelling only one kind knows (SIAK's NAMA LGKP is a name only
 * in a population extract). */
struct kind_alias {
	enum col	 col;
	const char	*alias;		/* folded */
};

#define KIND_MAX_COLS 24

struct kind_def {
	enum kind	 kind;
	const char	*name;		/* dtks, usulan, ... */
	const char	*table;		/* its row table */
	enum col	 cols[KIND_MAX_COLS];	/* the kind's columns */
	int		 ncols;
	unsigned long long required;	/* bit per column: must be in the header */
	unsigned long long one_of;	/* at least one of these must be (peserta) */
	const struct kind_alias *own;	/* its own spellings, NULL-ended */
};

const struct kind_def *kind_by_name(const char *name);
const struct kind_def *kind_get(enum kind k);
const char *col_name(enum col c);

/* Which column a header cell means for this kind, or -1. */
int	 kind_match_header(const struct kind_def *k, const char *cell);

/*
 * Map a row's cells to columns. map[col] gets the cell index (leftmost
 * wins when two cells mean one column) or -1. Returns 1 when the row holds
 * every required column of the kind (a header), else 0.
 */
int	 kind_map_header(const struct kind_def *k, char *const *cells,
	    size_t ncells, int map[COL__COUNT]);

/*
 * The kind a header row fits best: for each kind whose required columns
 * the row holds, the columns of that kind it names; the kind naming the
 * most, when it names more than k does (*best_n, *k_n: the counts), else
 * NULL.  peserta and segmen lists share their columns (a segmen list may
 * carry a peserta list's): between the two no kind is better.  Nothing is
 * better than keputusan for a header that holds its columns (kind_best).
 */
const struct kind_def *kind_fits_better(const struct kind_def *k,
	    char *const *cells, size_t ncells, int *k_n, int *best_n);

/* The kind a header row fits best (the most of its columns named, among
 * the kinds whose required columns it holds), or NULL: no kind's header
 * (tied ""), or two kinds or more fit it alike (their names into tied,
 * "feedback, peserta"). A population extract is only told by what only it
 * names (SIAK's spellings): on a tie with another kind it steps back.
 * A header holding KUNCI A, KUNCI B and KEPUTUSAN (which only decisions
 * name) is keputusan whatever else it names: the Calon Ganda sheet also
 * shows each row's NIK, NAMA, TGL LAHIR ..., which a DTKS names too. */
const struct kind_def *kind_best(char *const *cells, size_t ncells,
	    char *tied, size_t tiedsz);

/* The required columns missing from map, as "nik, nama" into buf. */
void	 kind_missing(const struct kind_def *k, const int map[COL__COUNT],
	    char *buf, size_t bufsz);

#endif
