/*
 * record.c -- the record of an exercise's inputs: every input as run(year)
 * stores it (sql/functions/40_runs.sql), one line per row, kind TAB key TAB
 * value, the value in the text jsonb gives it.  The rows: the exercise's
 * parameters, its axes, the indicators targeted, and one row per chamber
 * (kind chamber_inputs) holding its association, its exercise_chamber row
 * when it is a recipient, and all its COM targets and results of the
 * results year as objects {indicator: number without trailing zeros, or
 * null}.
 *
 * A recorder is fed the targets and results row by row: by the engine's
 * loader as it reads them for the computation (run_lines(year), which
 * run(year) calls: one read of the tables for both; engine_lines.c), or by
 * a scan of its own (input_record(year), record_fingerprint(year)).  Each
 * row's number is kept as text, in one arena; the rows are then grouped by
 * chamber with a counting sort, and each chamber's document is written
 * straight as text, its keys in the order jsonb keeps them (shorter first,
 * then byte order), so that the document is exactly what jsonb prints for
 * it (test/fingerprint.sql and test/deliberation_runs.sql check it against
 * the documents built in SQL).  Each line is hashed as it is written: its
 * own SHA-256 (the document's digest, under which run() stores it once),
 * which the fingerprint of all of them hashes in turn (inputs_sha256,
 * format 2).  Memory: 12 bytes a row besides its number's text.
 */
#include "postgres.h"

#include <ctype.h>

#include "access/htup_details.h"
#include "catalog/pg_type_d.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/params.h"
#include "tcop/dest.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "cop_pg.h"

PG_FUNCTION_INFO_V1(cop_alloc_input_record);
PG_FUNCTION_INFO_V1(cop_alloc_record_fingerprint);

/*
 * One target or result of a member: its indicator, and where its number's
 * text is in the arena, plus one (0: a NULL number).  12 bytes a row.  In
 * the arena a number is its length, one byte (or 255 and four bytes from
 * 255 on), then its text.
 */
typedef struct figure
{
	int32		member;
	int32		indicator;		/* index into the codes met */
	uint32		number;
} figure;

typedef struct figure_list
{
	figure	   *rows;
	size_t		n;
	size_t		cap;
	size_t	   *start;			/* rows[order[start[m] .. start[m + 1])] are member m's */
	uint32	   *order;
} figure_list;

struct cop_recorder
{
	MemoryContext cxt;			/* where everything below is allocated */
	int32		year;
	int32		results_year;
	char	   *exercise_doc;
	/* the members (each recipient and its associated chambers), code order */
	int			n_members;
	char	  **members;
	char	  **parents;
	cop_code_index member_index;
	int32		last_member;	/* the member of the previous row scanned */
	char	   *last_code;
	int			last_len;
	/* the recipients' exercise_chamber rows, code order */
	int			n_recipients;
	char	  **recipients;
	char	  **recipient_docs;
	/* the indicator codes met, in order of first sight */
	char	  **codes;
	int			n_codes;
	int			cap_codes;
	cop_code_index known;		/* over codes[0 .. indexed) */
	int			indexed;
	int		   *next;			/* next[i]: the code met after code i last time */
	int			last_indicator;
	figure_list targets;
	figure_list results;
	char	   *arena;			/* the numbers' lengths and texts */
	size_t		used;
	size_t		size;
	/* read by cop_recorder_finish: the axes, the indicators targeted */
	uint64		n_axes;
	char	  **axis_keys;
	char	  **axis_docs;
	uint64		n_indicators;
	char	  **indicator_keys;
	char	  **indicator_docs;
	/* cop_recorder_read_stored: the documents the latest run of the year read */
	uint64	   *stored;			/* the first 8 bytes of their digests, 0: empty */
	uint8	  (*stored_digest)[PG_SHA256_DIGEST_LENGTH];
	uint32		stored_mask;
};

/* Run a read-only query with the year as $1; its rows are in SPI_tuptable. */
static uint64
query(const char *sql, int32 year)
{
	if (SPI_execute_with_args(sql, 1, (Oid[]) {INT4OID}, (Datum[]) {Int32GetDatum(year)},
							  NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "cop_alloc: could not read the inputs of an exercise: %s", sql);
	return SPI_processed;
}

/* Column col of every row of the last query, as text (NULL for NULL), in cxt. */
static char **
column_texts(MemoryContext cxt, int col)
{
	MemoryContext old = MemoryContextSwitchTo(cxt);
	char	  **texts = palloc(sizeof(char *) * (SPI_processed + 1));

	for (uint64 i = 0; i < SPI_processed; i++)
		texts[i] = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, col);
	MemoryContextSwitchTo(old);
	return texts;
}

/* a digest's slot in the set of stored ones: its first 8 bytes, never 0 */
static uint64
digest_slot_key(const uint8 *digest)
{
	uint64		k;

	memcpy(&k, digest, sizeof(k));
	return k == 0 ? 1 : k;
}

/*
 * Read the digests of the input documents of the latest run of the year
 * (run_input_set), in the caller's SPI connection: cop_recorder_emit then
 * tells which of its lines that run read already (stored).
 */
void
cop_recorder_read_stored(cop_recorder *r)
{
	MemoryContext old;
	Datum		array;
	bool		isnull;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	uint32		size = 16;

	if (query("SELECT s.digests FROM cop_alloc.run_input_set s"
			  " WHERE s.run_id OPERATOR(pg_catalog.=) (SELECT pg_catalog.max(x.run_id) FROM cop_alloc.run x"
			  "   WHERE x.year OPERATOR(pg_catalog.=) $1)", r->year) == 0)
		return;
	array = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		return;
	old = MemoryContextSwitchTo(r->cxt);
	deconstruct_array(DatumGetArrayTypeP(array), BYTEAOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	while (size < 2 * (uint32) n)
		size *= 2;
	r->stored = palloc0(sizeof(uint64) * size);
	r->stored_digest = palloc(PG_SHA256_DIGEST_LENGTH * size);
	r->stored_mask = size - 1;
	for (int i = 0; i < n; i++)
	{
		bytea	   *d = DatumGetByteaPP(elems[i]);
		uint64		k;
		uint32		h;

		if (nulls[i] || VARSIZE_ANY_EXHDR(d) != PG_SHA256_DIGEST_LENGTH)
			continue;
		k = digest_slot_key((const uint8 *) VARDATA_ANY(d));
		for (h = (uint32) k & r->stored_mask; r->stored[h] != 0; h = (h + 1) & r->stored_mask)
			;
		r->stored[h] = k;
		memcpy(r->stored_digest[h], VARDATA_ANY(d), PG_SHA256_DIGEST_LENGTH);
	}
	MemoryContextSwitchTo(old);
}

/* whether the latest run of the year read the document of that digest */
static bool
is_stored(const cop_recorder *r, const uint8 *digest)
{
	uint64		k;

	if (r->stored == NULL)
		return false;
	k = digest_slot_key(digest);
	for (uint32 h = (uint32) k & r->stored_mask; r->stored[h] != 0; h = (h + 1) & r->stored_mask)
		if (r->stored[h] == k && memcmp(r->stored_digest[h], digest, PG_SHA256_DIGEST_LENGTH) == 0)
			return true;
	return false;
}

static void
figure_list_init(figure_list *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->cap = 1024;
	fl->rows = palloc_extended(sizeof(figure) * fl->cap, MCXT_ALLOC_HUGE);
}

/* numeric_out's text without trailing zeros, as trim_scale() gives it: its length */
static size_t
trimmed_len(const char *number)
{
	size_t		len = strlen(number);

	if (memchr(number, '.', len) != NULL)
	{
		while (number[len - 1] == '0')
			len--;
		if (number[len - 1] == '.')
			len--;
	}
	return len;
}

/*
 * A recipient's exercise_chamber row as the record has it: {"assujettis",
 * then the amounts without trailing zeros, in jsonb's order of keys
 * (shorter first, then byte order), the modulation only where one is set,
 * so that runs without one keep 0.1.0's inputs}.  Columns: code,
 * assujettis, floor_amount, ceiling_amount, modulation_pct,
 * operating_weight, modulation_motive, performance_weight,
 * previous_operating.
 */
static char *
recipient_doc(MemoryContext cxt, MemoryContext tmp, HeapTuple row, TupleDesc desc)
{
	static const char *const keys[] = {NULL, "assujettis", "floor_amount", "ceiling_amount",
		"modulation_pct", "operating_weight", "modulation_motive",
	"performance_weight", "previous_operating"};
	MemoryContext old = MemoryContextSwitchTo(tmp);
	bool		modulated = !heap_attisnull(row, 5, desc) || !heap_attisnull(row, 7, desc);
	StringInfoData buf;
	char	   *doc;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int col = 2; col <= 9; col++)
	{
		char	   *v;

		if (!modulated && (col == 5 || col == 7))
			continue;
		if (col > 2)
			appendStringInfoString(&buf, ", ");
		escape_json(&buf, keys[col - 1]);
		appendStringInfoString(&buf, ": ");
		v = SPI_getvalue(row, desc, col);
		if (v == NULL)
			appendStringInfoString(&buf, "null");
		else if (col == 7)
			escape_json(&buf, v);	/* the motive */
		else if (col == 2)
			appendStringInfoString(&buf, v);	/* assujettis: an integer */
		else
			appendBinaryStringInfo(&buf, v, (int) trimmed_len(v));
	}
	appendStringInfoChar(&buf, '}');
	doc = MemoryContextStrdup(cxt, buf.data);
	MemoryContextSwitchTo(old);
	MemoryContextReset(tmp);
	return doc;
}

/*
 * Start the record of exercise year: its parameters, members and
 * recipients, read in the caller's SPI connection; the recorder lives in a
 * context under parent.  The members (each recipient and its associated
 * chambers, code order) with their parent_code are read here, unless the
 * caller gives them (n_members >= 0: the engine's loader has just read
 * them).  NULL when the exercise does not exist.
 */
cop_recorder *
cop_recorder_begin(int32 year, MemoryContext parent,
				   char **members, char **parents, int n_members)
{
	MemoryContext cxt;
	MemoryContext old;
	cop_recorder *r;
	bool		isnull;
	Datum		ry;

	if (query("SELECT e.results_year, cop_alloc.exercise_input(e.year)::pg_catalog.text"
			  " FROM cop_alloc.exercise e WHERE e.year OPERATOR(pg_catalog.=) $1", year) == 0)
		return NULL;
	cxt = AllocSetContextCreate(parent, "cop_alloc record", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);
	r = palloc0(sizeof(cop_recorder));
	r->cxt = cxt;
	r->year = year;
	ry = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	r->results_year = isnull ? cop_default_results_year(year) : DatumGetInt32(ry);
	r->exercise_doc = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	MemoryContextSwitchTo(old);

	/* the members (each recipient and its associated chambers), code order */
	if (n_members >= 0)
	{
		r->n_members = n_members;
		r->members = members;
		r->parents = parents;
	}
	else
	{
		r->n_members = (int) query("SELECT c.code, c.parent_code FROM cop_alloc.chamber c"
								   " WHERE EXISTS (SELECT FROM cop_alloc.exercise_chamber r"
								   "   WHERE r.year OPERATOR(pg_catalog.=) $1"
								   "     AND r.chamber_code OPERATOR(pg_catalog.=) coalesce(c.parent_code, c.code))"
								   " ORDER BY c.code COLLATE \"C\"", year);
		r->members = column_texts(cxt, 1);
		r->parents = column_texts(cxt, 2);
	}

	/* the recipients' exercise_chamber rows, code order */
	r->n_recipients = (int) query("SELECT ec.chamber_code, ec.assujettis, ec.floor_amount, ec.ceiling_amount,"
								  " ec.modulation_pct, ec.operating_weight, ec.modulation_motive,"
								  " ec.performance_weight, ec.previous_operating"
								  " FROM cop_alloc.exercise_chamber ec WHERE ec.year OPERATOR(pg_catalog.=) $1"
								  " ORDER BY ec.chamber_code COLLATE \"C\"", year);
	r->recipients = column_texts(cxt, 1);
	r->recipient_docs = MemoryContextAlloc(cxt, sizeof(char *) * (r->n_recipients + 1));
	{
		MemoryContext tmp = AllocSetContextCreate(CurrentMemoryContext, "cop_alloc record row",
												  ALLOCSET_SMALL_SIZES);

		for (int c = 0; c < r->n_recipients; c++)
			r->recipient_docs[c] = recipient_doc(cxt, tmp, SPI_tuptable->vals[c], SPI_tuptable->tupdesc);
		MemoryContextDelete(tmp);
	}
	SPI_freetuptable(SPI_tuptable);

	old = MemoryContextSwitchTo(cxt);
	cop_code_index_build(&r->member_index, r->members, r->n_members);
	r->last_member = -1;
	r->cap_codes = 64;
	r->codes = palloc(sizeof(char *) * r->cap_codes);
	r->next = palloc(sizeof(int) * r->cap_codes);
	r->last_indicator = -1;
	figure_list_init(&r->targets);
	figure_list_init(&r->results);
	r->size = 8192;
	r->arena = palloc_extended(r->size, MCXT_ALLOC_HUGE);
	MemoryContextSwitchTo(old);
	return r;
}

int32
cop_recorder_results_year(const cop_recorder *r)
{
	return r->results_year;
}

/* The member numbered by code (len bytes, hash cop_code_hash), or -1. */
int
cop_recorder_member(cop_recorder *r, const char *code, int len, uint32 hash)
{
	/* rows usually come chamber by chamber: try the last one first */
	if (r->last_code == NULL || len != r->last_len || memcmp(code, r->last_code, len) != 0)
	{
		r->last_member = cop_code_index_lookup(&r->member_index, code, len, hash);
		r->last_code = r->last_member >= 0 ? r->members[r->last_member] : NULL;
		r->last_len = len;
	}
	return r->last_member;
}

/*
 * The index of an indicator code among those met.  A chamber's rows
 * usually list the same indicators in the same order as the previous
 * chamber's: the code that followed the last one is tried first.
 */
static int
indicator_of(cop_recorder *r, const char *code, int len)
{
	int			guess = r->last_indicator >= 0 ? r->next[r->last_indicator] : -1;
	int			i;
	MemoryContext old;

	if (guess >= 0 && strncmp(r->codes[guess], code, len) == 0 && r->codes[guess][len] == '\0')
		i = guess;
	else
	{
		i = r->indexed > 0 ? cop_code_index_lookup(&r->known, code, len, cop_code_hash(code, len)) : -1;
		/*
		 * the codes met since the index was last built, fewer than in it
		 * (indicator codes are the catalogue's few dozen: their foreign key)
		 */
		for (int j = r->indexed; i < 0 && j < r->n_codes; j++)
			if (strncmp(r->codes[j], code, len) == 0 && r->codes[j][len] == '\0')
				i = j;
	}
	if (i < 0)
	{
		/* a new code; the recorder is called in the executor's contexts */
		old = MemoryContextSwitchTo(r->cxt);
		if (r->n_codes == r->cap_codes)
		{
			r->cap_codes *= 2;
			r->codes = repalloc(r->codes, sizeof(char *) * r->cap_codes);
			r->next = repalloc(r->next, sizeof(int) * r->cap_codes);
			r->known.codes = r->codes;
		}
		r->codes[r->n_codes] = pnstrdup(code, len);
		r->next[r->n_codes] = -1;
		i = r->n_codes++;
		/* index them again each time they double */
		if (r->n_codes >= 8 && r->n_codes >= 2 * r->indexed)
		{
			cop_code_index_build(&r->known, r->codes, r->n_codes);
			r->indexed = r->n_codes;
		}
		MemoryContextSwitchTo(old);
	}
	if (r->last_indicator >= 0)
		r->next[r->last_indicator] = i;
	r->last_indicator = i;
	return i;
}

/*
 * A target (result false) or a result of member m (-1: no member, the row
 * is not recorded) on an indicator (ilen bytes): number is its numeric's
 * text as numeric_out prints it, or NULL.  Kept without trailing zeros.
 */
void
cop_recorder_figure(cop_recorder *r, bool result, int member,
					const char *indicator, int ilen, const char *number)
{
	figure_list *fl = result ? &r->results : &r->targets;
	figure	   *f;

	if (member < 0)
		return;
	if (fl->n == fl->cap)
	{
		if (fl->cap >= PG_UINT32_MAX / 2)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many COM targets or results in one exercise to record its inputs"),
					 errhint("A run records at most 2147483647 targets and as many results.")));
		fl->cap *= 2;
		fl->rows = repalloc_huge(fl->rows, sizeof(figure) * fl->cap);
	}
	f = &fl->rows[fl->n++];
	f->member = member;
	f->indicator = indicator_of(r, indicator, ilen);
	if (number == NULL)
		f->number = 0;
	else
	{
		size_t		len;

		/* numbers as jsonb can hold them: no NaN, no infinity */
		if (!(isdigit((unsigned char) number[0]) || (number[0] == '-' && isdigit((unsigned char) number[1]))))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s of chamber \"%s\" for indicator \"%s\" in %d is %s",
							result ? "result" : "target", r->members[member],
							r->codes[f->indicator], r->results_year, number),
					 errhint("A target or result is a finite number.")));
		/* without trailing zeros, as trim_scale() gives it */
		len = trimmed_len(number);
		if (r->used + len + 5 > r->size)
		{
			r->size = Max(r->size * 2, r->used + len + 5);
			if (r->size >= PG_UINT32_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("too many COM targets or results in one exercise to record its inputs"),
						 errhint("A run records at most 4 GB of their numbers.")));
			r->arena = repalloc_huge(r->arena, r->size);
		}
		f->number = (uint32) r->used + 1;
		if (len < 255)
			r->arena[r->used++] = (char) len;
		else
		{
			uint32		len32 = (uint32) len;

			r->arena[r->used++] = (char) 255;
			memcpy(r->arena + r->used, &len32, sizeof(len32));
			r->used += sizeof(len32);
		}
		memcpy(r->arena + r->used, number, len);
		r->used += len;
	}
}

/* ---- input_record's own scan of the targets and results ---- */

typedef struct figure_receiver
{
	DestReceiver pub;
	cop_recorder *r;
	bool		results;
	MemoryContext rowcxt;		/* each row's text, emptied every 4 096 rows */
	uint32		rows;
} figure_receiver;

static bool
figure_receive(TupleTableSlot *slot, DestReceiver *self)
{
	figure_receiver *fr = (figure_receiver *) self;
	text	   *chamber;
	text	   *indicator;
	int			m;
	MemoryContext old;

	CHECK_FOR_INTERRUPTS();
	slot_getallattrs(slot);
	chamber = DatumGetTextPP(slot->tts_values[0]);
	m = cop_recorder_member(fr->r, VARDATA_ANY(chamber), VARSIZE_ANY_EXHDR(chamber),
							cop_code_hash(VARDATA_ANY(chamber), VARSIZE_ANY_EXHDR(chamber)));
	if (m < 0)
		return true;			/* not a member of the exercise */
	indicator = DatumGetTextPP(slot->tts_values[1]);
	/* the number's text lives until the recorder has copied it */
	old = MemoryContextSwitchTo(fr->rowcxt);
	cop_recorder_figure(fr->r, fr->results, m, VARDATA_ANY(indicator), VARSIZE_ANY_EXHDR(indicator),
						slot->tts_isnull[2] ? NULL
						: DatumGetCString(DirectFunctionCall1(numeric_out, slot->tts_values[2])));
	MemoryContextSwitchTo(old);
	if (++fr->rows % 4096 == 0)
		MemoryContextReset(fr->rowcxt);
	return true;
}

static void
figure_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
figure_nothing(DestReceiver *self)
{
}

/* read the targets and results of the results year, each by a plain scan */
static void
cop_recorder_scan(cop_recorder *r)
{
	figure_receiver fr;

	memset(&fr, 0, sizeof(fr));
	fr.rowcxt = AllocSetContextCreate(CurrentMemoryContext, "cop_alloc record rows",
									  ALLOCSET_DEFAULT_SIZES);
	fr.pub.receiveSlot = figure_receive;
	fr.pub.rStartup = figure_startup;
	fr.pub.rShutdown = figure_nothing;
	fr.pub.rDestroy = figure_nothing;
	fr.pub.mydest = DestNone;
	fr.r = r;
	cop_receive("SELECT t.chamber_code, t.indicator_code, t.target"
				" FROM cop_alloc.com_target t WHERE t.year OPERATOR(pg_catalog.=) $1",
				r->results_year, (DestReceiver *) &fr);
	fr.results = true;
	cop_receive("SELECT r.chamber_code, r.indicator_code, r.realized"
				" FROM cop_alloc.indicator_result r WHERE r.year OPERATOR(pg_catalog.=) $1",
				r->results_year, (DestReceiver *) &fr);
	MemoryContextDelete(fr.rowcxt);
}

/* ---- the lines ---- */

/* counting sort of a list's rows by member */
static void
group_by_member(const cop_recorder *r, figure_list *fl)
{
	size_t	   *next;

	fl->start = palloc0(sizeof(size_t) * (r->n_members + 1));
	fl->order = palloc_extended(sizeof(uint32) * (fl->n + 1), MCXT_ALLOC_HUGE);
	for (size_t k = 0; k < fl->n; k++)
		fl->start[fl->rows[k].member + 1]++;
	for (int m = 0; m < r->n_members; m++)
		fl->start[m + 1] += fl->start[m];
	next = palloc(sizeof(size_t) * (r->n_members + 1));
	memcpy(next, fl->start, sizeof(size_t) * (r->n_members + 1));
	for (size_t k = 0; k < fl->n; k++)
		fl->order[next[fl->rows[k].member]++] = (uint32) k;
	pfree(next);
}

/*
 * After the last row: read the exercise's axes and the indicators
 * targeted, as in force in the results year (in the caller's SPI
 * connection).  The rows are grouped by chamber later, by
 * cop_recorder_emit: the engine's own rows are freed by then.
 */
void
cop_recorder_finish(cop_recorder *r)
{
	MemoryContext old = MemoryContextSwitchTo(r->cxt);
	bool	   *targeted = palloc0(sizeof(bool) * (r->n_codes + 1));
	uint64		n;

	for (size_t j = 0; j < r->targets.n; j++)
		targeted[r->targets.rows[j].indicator] = true;
	MemoryContextSwitchTo(old);

	r->n_axes = query("SELECT pg_catalog.jsonb_build_array(a.axis_no)::pg_catalog.text,"
					  " pg_catalog.jsonb_build_object('weight', pg_catalog.trim_scale(a.weight))::pg_catalog.text"
					  " FROM cop_alloc.exercise_axis a WHERE a.year OPERATOR(pg_catalog.=) $1"
					  " ORDER BY pg_catalog.jsonb_build_array(a.axis_no)::pg_catalog.text COLLATE \"C\"", r->year);
	r->axis_keys = column_texts(r->cxt, 1);
	r->axis_docs = column_texts(r->cxt, 2);

	n = query("SELECT i.code, pg_catalog.jsonb_build_array(i.code)::pg_catalog.text,"
			  " pg_catalog.jsonb_build_object('axis_no', i.axis_no, 'direction', i.direction,"
			  " 'weight', pg_catalog.trim_scale(i.weight))::pg_catalog.text"
			  " FROM cop_alloc.catalogue_in_force($1) i"
			  " ORDER BY pg_catalog.jsonb_build_array(i.code)::pg_catalog.text COLLATE \"C\"", r->results_year);
	old = MemoryContextSwitchTo(r->cxt);
	r->indicator_keys = palloc(sizeof(char *) * (n + 1));
	r->indicator_docs = palloc(sizeof(char *) * (n + 1));
	for (uint64 i = 0; i < n; i++)
	{
		char	   *code = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		int			t;

		for (t = 0; t < r->n_codes; t++)
			if (targeted[t] && strcmp(r->codes[t], code) == 0)
				break;
		if (t < r->n_codes)
		{
			r->indicator_keys[r->n_indicators] = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
			r->indicator_docs[r->n_indicators++] = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 3);
		}
	}
	MemoryContextSwitchTo(old);
}

/* a chamber's row: its key, and its member and recipient indexes or -1 */
typedef struct chamber_entry
{
	char	   *key;
	int			member;
	int			recipient;
} chamber_entry;

static int
cmp_entry_key(const void *a, const void *b)
{
	return strcmp(((const chamber_entry *) a)->key, ((const chamber_entry *) b)->key);
}

/* jsonb's order of object keys: the shorter first, then byte order */
static int
jsonb_key_cmp(const char *a, const char *b)
{
	size_t		la = strlen(a),
				lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return memcmp(a, b, la);
}

static const char **sort_codes;	/* for cmp_rank */

static int
cmp_rank(const void *a, const void *b)
{
	return jsonb_key_cmp(sort_codes[*(const int *) a], sort_codes[*(const int *) b]);
}

typedef struct line_hasher
{
	const cop_recorder *r;
	pg_cryptohash_ctx *all;		/* the fingerprint */
	pg_cryptohash_ctx *one;		/* a line's digest */
	StringInfoData line;
} line_hasher;

static void
hash_update(pg_cryptohash_ctx *ctx, const char *data, size_t len)
{
	if (pg_cryptohash_update(ctx, (const uint8 *) data, len) < 0)
		elog(ERROR, "cop_alloc: could not update the SHA-256 of the inputs");
}

/* line->line holds "kind TAB key TAB value": hash it and hand it over */
static void
emit_line(line_hasher *h, int kind_len, int key_len,
		  cop_record_emit emit, void *arg)
{
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	char	   *kind = h->line.data;
	char	   *key = h->line.data + kind_len + 1;
	char	   *value = key + key_len + 1;

	if (pg_cryptohash_init(h->one) < 0)
		elog(ERROR, "cop_alloc: could not start the SHA-256 of an input");
	hash_update(h->one, h->line.data, h->line.len);
	if (pg_cryptohash_final(h->one, digest, sizeof(digest)) < 0)
		elog(ERROR, "cop_alloc: could not finish the SHA-256 of an input");
	/* format 2: the fingerprint hashes the digests, not the text again */
	hash_update(h->all, (const char *) digest, sizeof(digest));
	kind[kind_len] = '\0';
	key[key_len] = '\0';
	emit(kind, key, value, digest, is_stored(h->r, digest), arg);
}

/* start a line: kind TAB key TAB, the value to be appended */
static void
start_line(line_hasher *h, const char *kind, const char *key, int *kind_len, int *key_len)
{
	resetStringInfo(&h->line);
	appendStringInfoString(&h->line, kind);
	*kind_len = h->line.len;
	appendStringInfoChar(&h->line, '\t');
	appendStringInfoString(&h->line, key);
	*key_len = h->line.len - *kind_len - 1;
	appendStringInfoChar(&h->line, '\t');
}

/* a number of the arena: its length, then its text at *text */
static inline uint32
number_text(const char *at, const char **text)
{
	uint32		len = (uint8) at[0];

	if (len < 255)
	{
		*text = at + 1;
		return len;
	}
	memcpy(&len, at + 1, sizeof(len));
	*text = at + 1 + sizeof(len);
	return len;
}

/*
 * "key": {indicator: number or null, ...} of member m, in jsonb's key
 * order.  The object's length is counted first, and the text copied in
 * place: about a million numbers at 10 000 chambers.
 */
static void
append_figures(cop_recorder *r, StringInfo buf, const char *key, const figure_list *fl,
			   int m, const int *rank, char **json_keys, const int *json_key_lens)
{
	size_t		from = fl->start[m],
				to = fl->start[m + 1];
	uint32		sorted[64];
	uint32	   *idx = (to - from) <= lengthof(sorted) ? sorted
		: palloc(sizeof(uint32) * (to - from));
	size_t		n = 0;
	size_t		need = 2;		/* the braces */
	char	   *p;

	/* insertion sort by the indicators' rank: a chamber has a few dozen */
	for (size_t j = from; j < to; j++)
	{
		uint32		k = fl->order[j];
		size_t		q = n++;
		const char *text;

		while (q > 0 && rank[fl->rows[idx[q - 1]].indicator] > rank[fl->rows[k].indicator])
		{
			idx[q] = idx[q - 1];
			q--;
		}
		idx[q] = k;
		need += 2 + json_key_lens[fl->rows[k].indicator] +
			(fl->rows[k].number == 0 ? 4 : number_text(r->arena + fl->rows[k].number - 1, &text));
	}
	escape_json(buf, key);
	appendBinaryStringInfo(buf, ": ", 2);
	if (need > (size_t) (MaxAllocSize - buf->len - 1))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the inputs of chamber \"%s\" are too long to record", r->members[m])));
	enlargeStringInfo(buf, (int) need);
	p = buf->data + buf->len;
	*p++ = '{';
	for (size_t j = 0; j < n; j++)
	{
		const figure *f = &fl->rows[idx[j]];

		if (j > 0)
		{
			*p++ = ',';
			*p++ = ' ';
		}
		memcpy(p, json_keys[f->indicator], json_key_lens[f->indicator]);
		p += json_key_lens[f->indicator];
		if (f->number == 0)
		{
			memcpy(p, "null", 4);
			p += 4;
		}
		else
		{
			const char *text;
			uint32		len = number_text(r->arena + f->number - 1, &text);

			memcpy(p, text, len);
			p += len;
		}
	}
	*p++ = '}';
	*p = '\0';
	buf->len = (int) (p - buf->data);
	if (idx != sorted)
		pfree(idx);
}

/*
 * Hand every line to emit in canonical order (by kind, then key, in byte
 * order): kind, key, the value as jsonb prints it, and the SHA-256 of the
 * line "kind TAB key TAB value".  Returns the fingerprint of them all
 * (inputs_sha256, format 2), in hex, in the caller's context.  No SPI.
 */
char *
cop_recorder_emit(cop_recorder *r, cop_record_emit emit, void *arg)
{
	MemoryContext old = MemoryContextSwitchTo(r->cxt);
	line_hasher h;
	chamber_entry *entries;
	int			n_entries = 0;
	int		   *by_rank;
	int		   *rank;
	char	  **json_keys;
	int		   *json_key_lens;
	const char *header = "cop_alloc inputs v2";
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	char		hex[2 * PG_SHA256_DIGEST_LENGTH + 1];
	int			kind_len,
				key_len;
	char		key[16];

	group_by_member(r, &r->targets);
	group_by_member(r, &r->results);
	h.r = r;
	h.all = pg_cryptohash_create(PG_SHA256);
	h.one = pg_cryptohash_create(PG_SHA256);
	if (pg_cryptohash_init(h.all) < 0)
		elog(ERROR, "cop_alloc: could not start the SHA-256 of the inputs");
	hash_update(h.all, header, strlen(header));
	initStringInfo(&h.line);

	/* each indicator's rank in jsonb's order of keys */
	by_rank = palloc(sizeof(int) * (r->n_codes + 1));
	rank = palloc(sizeof(int) * (r->n_codes + 1));
	for (int i = 0; i < r->n_codes; i++)
		by_rank[i] = i;
	sort_codes = (const char **) r->codes;
	qsort(by_rank, r->n_codes, sizeof(int), cmp_rank);
	for (int i = 0; i < r->n_codes; i++)
		rank[by_rank[i]] = i;
	/* each indicator's key as the documents print it: "code": */
	json_keys = palloc(sizeof(char *) * (r->n_codes + 1));
	json_key_lens = palloc(sizeof(int) * (r->n_codes + 1));
	for (int i = 0; i < r->n_codes; i++)
	{
		StringInfoData k;

		initStringInfo(&k);
		escape_json(&k, r->codes[i]);
		appendStringInfoString(&k, ": ");
		json_keys[i] = k.data;
		json_key_lens[i] = k.len;
	}

	/*
	 * one document per member or recipient: members and recipients are both
	 * in code order (a recipient is its own member unless its association is
	 * broken, which check_exercise reports); the documents go out in the
	 * order of their keys
	 */
	entries = palloc(sizeof(chamber_entry) * (r->n_members + r->n_recipients + 1));
	for (int m = 0, c = 0; m < r->n_members || c < r->n_recipients;)
	{
		int			cmp = m >= r->n_members ? 1 : c >= r->n_recipients ? -1 : strcmp(r->members[m], r->recipients[c]);
		chamber_entry *e = &entries[n_entries++];
		StringInfoData buf;

		initStringInfo(&buf);
		appendStringInfoChar(&buf, '[');
		escape_json(&buf, cmp <= 0 ? r->members[m] : r->recipients[c]);
		appendStringInfoChar(&buf, ']');
		e->key = buf.data;
		e->member = cmp <= 0 ? m++ : -1;
		e->recipient = cmp >= 0 ? c++ : -1;
	}
	qsort(entries, n_entries, sizeof(chamber_entry), cmp_entry_key);

	/* keys in jsonb's order: com_target, parent_code, exercise_chamber, indicator_result */
	for (int j = 0; j < n_entries; j++)
	{
		const chamber_entry *e = &entries[j];
		StringInfo	buf = &h.line;

		CHECK_FOR_INTERRUPTS();
		start_line(&h, "chamber_inputs", e->key, &kind_len, &key_len);
		appendStringInfoChar(buf, '{');
		if (e->member >= 0)
		{
			append_figures(r, buf, "com_target", &r->targets, e->member, rank, json_keys, json_key_lens);
			appendStringInfoString(buf, ", \"parent_code\": ");
			if (r->parents[e->member])
				escape_json(buf, r->parents[e->member]);
			else
				appendStringInfoString(buf, "null");
		}
		if (e->recipient >= 0)
		{
			if (e->member >= 0)
				appendStringInfoString(buf, ", ");
			appendStringInfoString(buf, "\"exercise_chamber\": ");
			appendStringInfoString(buf, r->recipient_docs[e->recipient]);
		}
		if (e->member >= 0)
		{
			appendStringInfoString(buf, ", ");
			append_figures(r, buf, "indicator_result", &r->results, e->member, rank, json_keys, json_key_lens);
		}
		appendStringInfoChar(buf, '}');
		emit_line(&h, kind_len, key_len, emit, arg);
	}

	/* the exercise's parameters, its axes, the indicators targeted */
	snprintf(key, sizeof(key), "[%d]", r->year);
	start_line(&h, "exercise", key, &kind_len, &key_len);
	appendStringInfoString(&h.line, r->exercise_doc);
	emit_line(&h, kind_len, key_len, emit, arg);
	for (uint64 i = 0; i < r->n_axes; i++)
	{
		start_line(&h, "exercise_axis", r->axis_keys[i], &kind_len, &key_len);
		appendStringInfoString(&h.line, r->axis_docs[i]);
		emit_line(&h, kind_len, key_len, emit, arg);
	}
	for (uint64 i = 0; i < r->n_indicators; i++)
	{
		start_line(&h, "indicator", r->indicator_keys[i], &kind_len, &key_len);
		appendStringInfoString(&h.line, r->indicator_docs[i]);
		emit_line(&h, kind_len, key_len, emit, arg);
	}

	if (pg_cryptohash_final(h.all, digest, sizeof(digest)) < 0)
		elog(ERROR, "cop_alloc: could not finish the SHA-256 of the inputs");
	pg_cryptohash_free(h.all);
	pg_cryptohash_free(h.one);
	hex_encode((const char *) digest, sizeof(digest), hex);
	hex[sizeof(hex) - 1] = '\0';
	MemoryContextSwitchTo(old);
	return pstrdup(hex);
}

void
cop_recorder_free(cop_recorder *r)
{
	MemoryContextDelete(r->cxt);
}

/* input_record's rows: kind, key, and the value as jsonb */
typedef struct input_rows
{
	ReturnSetInfo *rsinfo;
	MemoryContext rowcxt;		/* one row's values and their parsing, emptied after it */
} input_rows;

static void
put_input_row(const char *kind, const char *key, const char *value,
			  const uint8 *digest, bool stored, void *arg)
{
	input_rows *ir = (input_rows *) arg;
	MemoryContext old = MemoryContextSwitchTo(ir->rowcxt);
	Datum		values[3] = {CStringGetTextDatum(kind), CStringGetTextDatum(key),
	DirectFunctionCall1(jsonb_in, CStringGetDatum(value))};
	bool		nulls[3] = {false, false, false};

	tuplestore_putvalues(ir->rsinfo->setResult, ir->rsinfo->setDesc, values, nulls);
	MemoryContextSwitchTo(old);
	MemoryContextReset(ir->rowcxt);
}

/*
 * The record of exercise year from a scan of its own, each line handed to
 * emit: its fingerprint, in the caller's context; NULL when the exercise
 * does not exist.
 */
static char *
record_by_own_scan(int32 year, cop_record_emit emit, void *arg)
{
	MemoryContext caller = CurrentMemoryContext;
	cop_recorder *r;
	char	   *fingerprint = NULL;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "cop_alloc: SPI_connect failed");
	r = cop_recorder_begin(year, CurrentMemoryContext, NULL, NULL, -1);
	if (r != NULL)
	{
		cop_recorder_scan(r);
		cop_recorder_finish(r);
		fingerprint = MemoryContextStrdup(caller, cop_recorder_emit(r, emit, arg));
		cop_recorder_free(r);
	}
	SPI_finish();
	return fingerprint;
}

/*
 * input_record(year) RETURNS TABLE (kind text, key text, value jsonb): see
 * its comment in sql/functions/40_runs.sql.  The rows come in canonical
 * order, by kind then key in byte order, the order inputs_sha256 hashes
 * them in.  No rows when the exercise does not exist.
 */
Datum
cop_alloc_input_record(PG_FUNCTION_ARGS)
{
	input_rows	ir;

	InitMaterializedSRF(fcinfo, 0);
	ir.rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ir.rowcxt = AllocSetContextCreate(CurrentMemoryContext, "cop_alloc input_record row",
									  ALLOCSET_DEFAULT_SIZES);
	(void) record_by_own_scan(PG_GETARG_INT32(0), put_input_row, &ir);
	MemoryContextDelete(ir.rowcxt);
	return (Datum) 0;
}

static void
emit_nothing(const char *kind, const char *key, const char *value,
			 const uint8 *digest, bool stored, void *arg)
{
}

/*
 * record_fingerprint(year): the fingerprint of input_record(year), from
 * the text of its rows.  NULL when the exercise does not exist.
 */
Datum
cop_alloc_record_fingerprint(PG_FUNCTION_ARGS)
{
	char	   *fingerprint = record_by_own_scan(PG_GETARG_INT32(0), emit_nothing, NULL);

	if (fingerprint == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(fingerprint));
}
