/*
 * record.c -- input_record(year): every input of an exercise as run(year)
 * records it in run_input (sql/functions/40_runs.sql): the exercise's
 * parameters, its axes, the indicators targeted, and one row per chamber
 * (kind chamber_inputs) holding its association, its exercise_chamber row
 * when it is a recipient, and all its COM targets and results of the
 * results year as objects {indicator: number without trailing zeros, or
 * null}.
 *
 * The targets and results (all but a few of the rows) are read by one plain
 * scan of each table: each row's chamber and indicator found in a code index
 * (cop_pg.h), its number copied into one arena; the rows are then grouped
 * by chamber with a counting sort and each chamber's document built once,
 * as one jsonb.  Memory: 16 bytes a row besides its number; the
 * documents go to the result as they are built.
 */
#include "postgres.h"

#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/params.h"
#include "tcop/dest.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "cop_pg.h"

PG_FUNCTION_INFO_V1(cop_alloc_input_record);

/*
 * One target or result of a member: where its number is in the arena, in
 * 4-byte units, plus one (0: a NULL number).  12 bytes a row.
 */
typedef struct figure
{
	int32		member;
	int32		indicator;		/* index into the codes seen */
	uint32		number;
} figure;

#define FIGURE_UNIT 4			/* INTALIGN: a numeric's varlena needs no more */

typedef struct figure_receiver
{
	DestReceiver pub;
	MemoryContext cxt;			/* where everything below is allocated */
	cop_code_index members;
	int			n_members;
	/* the indicator codes met, in order of first sight */
	char	  **codes;
	int			n_codes;
	int			cap_codes;
	cop_code_index known;		/* over codes[0 .. indexed) */
	int			indexed;
	int		   *next;			/* next[i]: the code met after code i last time */
	int			last_indicator;
	figure	   *rows;
	size_t		n;
	size_t		cap;
	char	   *arena;			/* the numbers' varlena bytes, INTALIGNed */
	size_t	   *start;			/* group_by_member's index */
	uint32	   *order;
	size_t		used;
	size_t		size;
	int32		last_member;	/* the chamber of the previous row */
	char	   *last_code;
	int			last_len;
} figure_receiver;

/*
 * The index of an indicator code among those met.  A chamber's rows
 * usually list the same indicators in the same order as the previous
 * chamber's: the code that followed the last one is tried first.
 */
static int
indicator_of(figure_receiver *fr, const char *code, int len)
{
	int			guess = fr->last_indicator >= 0 ? fr->next[fr->last_indicator] : -1;
	int			i;
	MemoryContext old;

	if (guess >= 0 && strncmp(fr->codes[guess], code, len) == 0 && fr->codes[guess][len] == '\0')
		i = guess;
	else
	{
		i = fr->indexed > 0 ? cop_code_index_lookup(&fr->known, code, len, cop_code_hash(code, len)) : -1;
		/*
		 * the codes met since the index was last built, fewer than in it
		 * (indicator codes are the catalogue's few dozen: their foreign key)
		 */
		for (int j = fr->indexed; i < 0 && j < fr->n_codes; j++)
			if (strncmp(fr->codes[j], code, len) == 0 && fr->codes[j][len] == '\0')
				i = j;
	}
	if (i < 0)
	{
		/* a new code; the receiver is called in the executor's contexts */
		old = MemoryContextSwitchTo(fr->cxt);
		if (fr->n_codes == fr->cap_codes)
		{
			fr->cap_codes *= 2;
			fr->codes = repalloc(fr->codes, sizeof(char *) * fr->cap_codes);
			fr->next = repalloc(fr->next, sizeof(int) * fr->cap_codes);
			fr->known.codes = fr->codes;
		}
		fr->codes[fr->n_codes] = pnstrdup(code, len);
		fr->next[fr->n_codes] = -1;
		i = fr->n_codes++;
		/* index them again each time they double */
		if (fr->n_codes >= 8 && fr->n_codes >= 2 * fr->indexed)
		{
			cop_code_index_build(&fr->known, fr->codes, fr->n_codes);
			fr->indexed = fr->n_codes;
		}
		MemoryContextSwitchTo(old);
	}
	if (fr->last_indicator >= 0)
		fr->next[fr->last_indicator] = i;
	fr->last_indicator = i;
	return i;
}

static bool
figure_receive(TupleTableSlot *slot, DestReceiver *self)
{
	figure_receiver *fr = (figure_receiver *) self;
	text	   *chamber;
	text	   *indicator;
	const char *code;
	int			len;
	figure	   *f;

	CHECK_FOR_INTERRUPTS();
	slot_getallattrs(slot);
	chamber = DatumGetTextPP(slot->tts_values[0]);
	code = VARDATA_ANY(chamber);
	len = VARSIZE_ANY_EXHDR(chamber);
	/* rows usually come chamber by chamber: try the last one first */
	if (fr->last_code == NULL || len != fr->last_len || memcmp(code, fr->last_code, len) != 0)
	{
		fr->last_member = cop_code_index_lookup(&fr->members, code, len, cop_code_hash(code, len));
		fr->last_code = fr->last_member >= 0 ? fr->members.codes[fr->last_member] : NULL;
		fr->last_len = len;
	}
	if (fr->last_member < 0)
		return true;			/* not a member of the exercise */

	if (fr->n == fr->cap)
	{
		if (fr->cap >= PG_UINT32_MAX / 2)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many COM targets or results in one exercise to record its inputs"),
					 errhint("A run records at most 2147483647 targets and as many results.")));
		fr->cap *= 2;
		fr->rows = repalloc_huge(fr->rows, sizeof(figure) * fr->cap);
	}
	f = &fr->rows[fr->n++];
	f->member = fr->last_member;
	indicator = DatumGetTextPP(slot->tts_values[1]);
	f->indicator = indicator_of(fr, VARDATA_ANY(indicator), VARSIZE_ANY_EXHDR(indicator));
	if (slot->tts_isnull[2])
		f->number = 0;
	else
	{
		Numeric		num = DatumGetNumeric(slot->tts_values[2]);
		size_t		size = VARSIZE(num);
		size_t		room = TYPEALIGN(FIGURE_UNIT, size);

		if (fr->used + room > fr->size)
		{
			fr->size = Max(fr->size * 2, fr->used + room);
			if (fr->size / FIGURE_UNIT >= PG_UINT32_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("too many COM targets or results in one exercise to record its inputs"),
						 errhint("A run records at most 16 GB of their numbers.")));
			fr->arena = repalloc_huge(fr->arena, fr->size);
		}
		memcpy(fr->arena + fr->used, num, size);
		f->number = (uint32) (fr->used / FIGURE_UNIT) + 1;
		fr->used += room;
	}
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

/* rows[order[start[m] .. start[m + 1])] are member m's: a counting sort */
static void
group_by_member(figure_receiver *fr)
{
	size_t	   *next;

	fr->start = palloc0(sizeof(size_t) * (fr->n_members + 1));
	fr->order = palloc_extended(sizeof(uint32) * (fr->n + 1), MCXT_ALLOC_HUGE);
	for (size_t k = 0; k < fr->n; k++)
		fr->start[fr->rows[k].member + 1]++;
	for (int m = 0; m < fr->n_members; m++)
		fr->start[m + 1] += fr->start[m];
	next = palloc(sizeof(size_t) * (fr->n_members + 1));
	memcpy(next, fr->start, sizeof(size_t) * (fr->n_members + 1));
	for (size_t k = 0; k < fr->n; k++)
		fr->order[next[fr->rows[k].member]++] = (uint32) k;
	pfree(next);
}

/* key: {indicator: number or null, ...} of member m, into the document */
static void
push_member_object(JsonbParseState **state, const char *key, figure_receiver *fr, int m)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = (int) strlen(key);
	pushJsonbValue(state, WJB_KEY, &k);
	pushJsonbValue(state, WJB_BEGIN_OBJECT, NULL);
	for (size_t j = fr->start[m]; j < fr->start[m + 1]; j++)
	{
		const figure *f = &fr->rows[fr->order[j]];
		JsonbValue	v;

		k.val.string.val = fr->codes[f->indicator];
		k.val.string.len = (int) strlen(fr->codes[f->indicator]);
		pushJsonbValue(state, WJB_KEY, &k);
		if (f->number == 0)
			v.type = jbvNull;
		else
		{
			v.type = jbvNumeric;
			v.val.numeric = (Numeric) (fr->arena + (size_t) (f->number - 1) * FIGURE_UNIT);
		}
		pushJsonbValue(state, WJB_VALUE, &v);
	}
	pushJsonbValue(state, WJB_END_OBJECT, NULL);
}

static void
figure_receiver_init(figure_receiver *fr, char **member_codes, int n_members)
{
	memset(fr, 0, sizeof(*fr));
	fr->cxt = CurrentMemoryContext;
	fr->pub.receiveSlot = figure_receive;
	fr->pub.rStartup = figure_startup;
	fr->pub.rShutdown = figure_nothing;
	fr->pub.rDestroy = figure_nothing;
	fr->pub.mydest = DestNone;
	cop_code_index_build(&fr->members, member_codes, n_members);
	fr->n_members = n_members;
	fr->cap_codes = 64;
	fr->codes = palloc(sizeof(char *) * fr->cap_codes);
	fr->next = palloc(sizeof(int) * fr->cap_codes);
	fr->last_indicator = -1;
	fr->cap = 1024;
	fr->rows = palloc_extended(sizeof(figure) * fr->cap, MCXT_ALLOC_HUGE);
	fr->size = 8192;
	fr->arena = palloc_extended(fr->size, MCXT_ALLOC_HUGE);
}

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

/* "[" JSON string "]": a key as jsonb_build_array(code)::text prints it */
static char *
code_key(const char *code)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '[');
	escape_json(&buf, code);
	appendStringInfoChar(&buf, ']');
	return buf.data;
}

static void
put_row(ReturnSetInfo *rsinfo, const char *kind, const char *key, Datum value)
{
	Datum		values[3] = {CStringGetTextDatum(kind), CStringGetTextDatum(key), value};
	bool		nulls[3] = {false, false, false};

	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/* the rows kind, key (column 1), value (column 2) of the last query */
static void
put_rows(ReturnSetInfo *rsinfo, const char *kind, uint64 n)
{
	for (uint64 i = 0; i < n; i++)
	{
		bool		isnull;
		Datum		value = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull);

		put_row(rsinfo, kind, SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1), value);
	}
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

/*
 * input_record(year) RETURNS TABLE (kind text, key text, value jsonb): see
 * its comment in sql/functions/40_runs.sql.  The rows come in canonical
 * order, by kind then key in byte order, the order inputs_sha256 hashes
 * them in.  No rows when the exercise does not exist.
 */
Datum
cop_alloc_input_record(PG_FUNCTION_ARGS)
{
	int32		year = PG_GETARG_INT32(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext cxt;
	MemoryContext doccxt;
	MemoryContext old;
	int32		results_year;
	char	  **codes;
	char	  **parents;
	char	  **recipients;
	Datum	   *recipient_docs;
	int			n,
				n_recipients;
	figure_receiver targets,
				results;
	bool	   *targeted;
	uint64		nrows;
	char		key[16];
	Datum		exercise_doc;
	chamber_entry *entries;
	int			n_entries = 0;

	InitMaterializedSRF(fcinfo, 0);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "cop_alloc: SPI_connect failed");
	/* everything below lives until the end of the call */
	cxt = AllocSetContextCreate(CurrentMemoryContext, "cop_alloc input_record",
								ALLOCSET_DEFAULT_SIZES);
	doccxt = AllocSetContextCreate(cxt, "cop_alloc input_record document",
								   ALLOCSET_DEFAULT_SIZES);

	/* the exercise's parameters */
	if (query("SELECT e.results_year, cop_alloc.exercise_input(e.year) FROM cop_alloc.exercise e"
			  " WHERE e.year OPERATOR(pg_catalog.=) $1", year) == 0)
	{
		SPI_finish();
		return (Datum) 0;
	}
	{
		bool		ry_null,
					doc_null;
		Datum		ry = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &ry_null);
		Datum		doc = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &doc_null);

		results_year = ry_null ? cop_default_results_year(year) : DatumGetInt32(ry);
		old = MemoryContextSwitchTo(cxt);
		exercise_doc = PointerGetDatum(PG_DETOAST_DATUM_COPY(doc));
		MemoryContextSwitchTo(old);
	}

	/* the members (each recipient and its associated chambers), code order */
	nrows = query("SELECT c.code, c.parent_code FROM cop_alloc.chamber c"
				  " WHERE EXISTS (SELECT FROM cop_alloc.exercise_chamber r"
				  "   WHERE r.year OPERATOR(pg_catalog.=) $1"
				  "     AND r.chamber_code OPERATOR(pg_catalog.=) coalesce(c.parent_code, c.code))"
				  " ORDER BY c.code COLLATE \"C\"", year);
	n = (int) nrows;
	codes = column_texts(cxt, 1);
	parents = column_texts(cxt, 2);

	/*
	 * the recipients' exercise_chamber rows, code order (the modulation only
	 * where one is set, so that runs without one keep 0.1.0's inputs)
	 */
	nrows = query("SELECT ec.chamber_code, pg_catalog.jsonb_build_object("
				  "'assujettis', ec.assujettis,"
				  " 'operating_weight', pg_catalog.trim_scale(ec.operating_weight),"
				  " 'performance_weight', pg_catalog.trim_scale(ec.performance_weight),"
				  " 'floor_amount', pg_catalog.trim_scale(ec.floor_amount),"
				  " 'ceiling_amount', pg_catalog.trim_scale(ec.ceiling_amount),"
				  " 'previous_operating', pg_catalog.trim_scale(ec.previous_operating))"
				  " OPERATOR(pg_catalog.||) CASE WHEN ec.modulation_pct IS NULL AND ec.modulation_motive IS NULL"
				  "   THEN '{}'::pg_catalog.jsonb"
				  "   ELSE pg_catalog.jsonb_build_object('modulation_pct', pg_catalog.trim_scale(ec.modulation_pct),"
				  "                                      'modulation_motive', ec.modulation_motive) END"
				  " FROM cop_alloc.exercise_chamber ec WHERE ec.year OPERATOR(pg_catalog.=) $1"
				  " ORDER BY ec.chamber_code COLLATE \"C\"", year);
	n_recipients = (int) nrows;
	recipients = column_texts(cxt, 1);
	old = MemoryContextSwitchTo(cxt);
	recipient_docs = palloc(sizeof(Datum) * (n_recipients + 1));
	for (int r = 0; r < n_recipients; r++)
	{
		bool		isnull;

		recipient_docs[r] = PointerGetDatum(PG_DETOAST_DATUM_COPY(
			SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &isnull)));
	}

	/* the targets and results of the results year */
	figure_receiver_init(&targets, codes, n);
	MemoryContextSwitchTo(old);
	cop_receive("SELECT t.chamber_code, t.indicator_code, pg_catalog.trim_scale(t.target)"
				" FROM cop_alloc.com_target t WHERE t.year OPERATOR(pg_catalog.=) $1",
				results_year, (DestReceiver *) &targets);
	old = MemoryContextSwitchTo(cxt);
	figure_receiver_init(&results, codes, n);
	MemoryContextSwitchTo(old);
	cop_receive("SELECT r.chamber_code, r.indicator_code, pg_catalog.trim_scale(r.realized)"
				" FROM cop_alloc.indicator_result r WHERE r.year OPERATOR(pg_catalog.=) $1",
				results_year, (DestReceiver *) &results);
	old = MemoryContextSwitchTo(cxt);
	group_by_member(&targets);
	group_by_member(&results);
	MemoryContextSwitchTo(old);

	/*
	 * one document per member or recipient: members and recipients are both
	 * in code order (a recipient is its own member unless its association is
	 * broken, which check_exercise reports); the documents go out in the
	 * order of their keys
	 */
	old = MemoryContextSwitchTo(cxt);
	entries = palloc(sizeof(chamber_entry) * (n + n_recipients + 1));
	for (int m = 0, r = 0; m < n || r < n_recipients;)
	{
		int			cmp = m >= n ? 1 : r >= n_recipients ? -1 : strcmp(codes[m], recipients[r]);
		chamber_entry *e = &entries[n_entries++];

		e->key = code_key(cmp <= 0 ? codes[m] : recipients[r]);
		e->member = cmp <= 0 ? m++ : -1;
		e->recipient = cmp >= 0 ? r++ : -1;
	}
	qsort(entries, n_entries, sizeof(chamber_entry), cmp_entry_key);
	MemoryContextSwitchTo(old);
	for (int j = 0; j < n_entries; j++)
	{
		const chamber_entry *e = &entries[j];
		JsonbParseState *state = NULL;
		JsonbValue	k,
					v;
		JsonbValue *doc;

		CHECK_FOR_INTERRUPTS();
		old = MemoryContextSwitchTo(doccxt);
		pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
		k.type = jbvString;
		if (e->member >= 0)
		{
			k.val.string.val = "parent_code";
			k.val.string.len = strlen("parent_code");
			pushJsonbValue(&state, WJB_KEY, &k);
			if (parents[e->member])
			{
				v.type = jbvString;
				v.val.string.val = parents[e->member];
				v.val.string.len = strlen(parents[e->member]);
			}
			else
				v.type = jbvNull;
			pushJsonbValue(&state, WJB_VALUE, &v);
			push_member_object(&state, "com_target", &targets, e->member);
			push_member_object(&state, "indicator_result", &results, e->member);
		}
		if (e->recipient >= 0)
		{
			Jsonb	   *ec = DatumGetJsonbP(recipient_docs[e->recipient]);

			k.val.string.val = "exercise_chamber";
			k.val.string.len = strlen("exercise_chamber");
			pushJsonbValue(&state, WJB_KEY, &k);
			v.type = jbvBinary;
			v.val.binary.data = &ec->root;
			v.val.binary.len = VARSIZE(ec) - VARHDRSZ;
			pushJsonbValue(&state, WJB_VALUE, &v);
		}
		doc = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
		put_row(rsinfo, "chamber_inputs", e->key, JsonbPGetDatum(JsonbValueToJsonb(doc)));
		MemoryContextSwitchTo(old);
		MemoryContextReset(doccxt);
	}

	/* the exercise's parameters, then its axes */
	snprintf(key, sizeof(key), "[%d]", year);
	put_row(rsinfo, "exercise", key, exercise_doc);
	nrows = query("SELECT pg_catalog.jsonb_build_array(a.axis_no)::text,"
				  " pg_catalog.jsonb_build_object('weight', pg_catalog.trim_scale(a.weight))"
				  " FROM cop_alloc.exercise_axis a WHERE a.year OPERATOR(pg_catalog.=) $1"
				  " ORDER BY pg_catalog.jsonb_build_array(a.axis_no)::text COLLATE \"C\"", year);
	put_rows(rsinfo, "exercise_axis", nrows);

	/* the indicators targeted, as in force in the results year */
	old = MemoryContextSwitchTo(cxt);
	targeted = palloc0(sizeof(bool) * (targets.n_codes + 1));
	for (size_t j = 0; j < targets.n; j++)
		targeted[targets.rows[j].indicator] = true;
	MemoryContextSwitchTo(old);
	nrows = query("SELECT i.code, pg_catalog.jsonb_build_object('axis_no', i.axis_no, 'direction', i.direction,"
				  " 'weight', pg_catalog.trim_scale(i.weight))"
				  " FROM cop_alloc.catalogue_in_force($1) i"
				  " ORDER BY pg_catalog.jsonb_build_array(i.code)::text COLLATE \"C\"", results_year);
	for (uint64 i = 0; i < nrows; i++)
	{
		char	   *code = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		bool		isnull;
		int			t;

		for (t = 0; t < targets.n_codes; t++)
			if (targeted[t] && strcmp(targets.codes[t], code) == 0)
				break;
		if (t < targets.n_codes)
			put_row(rsinfo, "indicator", code_key(code),
					SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull));
	}

	MemoryContextDelete(cxt);
	SPI_finish();
	return (Datum) 0;
}
