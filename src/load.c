/*
 * load.c -- read one exercise through SPI into the core's input: its
 * parameters, axes, recipients, their members, the indicators and every
 * target/result row of the results year.  A few queries per call, whatever
 * the number of chambers or indicators; no arithmetic here.  For run(),
 * each target and result row is also handed to the record of the inputs
 * (record.c), so that the tables are read once for both.
 */
#include "postgres.h"

#include <stdlib.h>

#include "catalog/pg_type_d.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "nodes/params.h"
#include "tcop/dest.h"

#include "cop_pg.h"

/* Run a read-only query with the exercise year(s) as $1 (and $2). */
static uint64
run(const char *sql, int32 year, int32 results_year)
{
	Oid			types[2] = {INT4OID, INT4OID};
	Datum		values[2] = {Int32GetDatum(year), Int32GetDatum(results_year)};
	int			nargs = strstr(sql, "$2") ? 2 : 1;
	int			rc = SPI_execute_with_args(sql, nargs, types, values, NULL, true, 0);

	if (rc != SPI_OK_SELECT)
		elog(ERROR, "cop_alloc: SPI_execute_with_args failed: %s",
			 SPI_result_code_string(rc));
	return SPI_processed;
}

/*
 * The rows of indicators that an act of the COP withdrew, or added after
 * the results year, are not measured that year: the loader skips them
 * (the codes of the COP's versions that are not in force, read in step
 * 5).  A database still at 0.1.0 has no COP versions: it reads
 * cop_alloc.indicator.
 */

/* Column `col` (1-based) of row `row` as text, NULL for SQL NULL. */
static char *
val(uint64 row, int col)
{
	return SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col);
}

/* the first column of the first row of a query without parameters, as text */
static const char *
val_of(const char *sql)
{
	int			rc = SPI_execute(sql, true, 1);
	char	   *v;

	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "cop_alloc: SPI_execute failed: %s", SPI_result_code_string(rc));
	v = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	return v ? v : "";
}

static int
cmp_code(const void *key, const void *elt)
{
	return strcmp((const char *) key, *(char *const *) elt);
}

/* The index of code among codes (sorted by bytes, COLLATE "C"), or -1. */
int
cop_find_code(char **codes, int n, const char *code)
{
	char	  **hit = bsearch(code, codes, n, sizeof(char *), cmp_code);

	return hit ? (int) (hit - codes) : -1;
}

static char *
describe(const char *fmt,...) pg_attribute_printf(1, 2);

static char *
describe(const char *fmt,...)
{
	StringInfoData s;
	va_list		ap;

	initStringInfo(&s);
	for (;;)
	{
		int			needed;

		va_start(ap, fmt);
		needed = appendStringInfoVA(&s, fmt, ap);
		va_end(ap);
		if (needed == 0)
			break;
		enlargeStringInfo(&s, needed);
	}
	return s.data;
}

/*
 * dst = the units of text, or an error naming the value; the description
 * is only formatted when the value is bad.
 */
#define UNITS(dst, text, scale, max, ...) \
	do { \
		const char *_t = (text); \
		int64_t		_v; \
		if (cop_parse_decimal(_t, scale, max, &_v) == COP_OK) \
			(dst) = _v; \
		else \
			(dst) = cop_text_units(_t, scale, max, describe(__VA_ARGS__)); \
	} while (0)

static bool
text_is_true(const char *t)
{
	return t != NULL && t[0] == 't';
}

/* The code index (cop_pg.h): the lookup of the loader and of input_record (record.c). */
uint32
cop_code_hash(const char *s, int len)
{
	return hash_bytes((const unsigned char *) s, len);
}

void
cop_code_index_build(cop_code_index *ix, char **codes, int n)
{
	uint32		size = 16;

	while (size < (uint32) n * 2)
		size *= 2;
	ix->codes = codes;
	ix->slot = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(cop_code_slot) * size);
	ix->mask = size - 1;
	for (uint32 h = 0; h < size; h++)
		ix->slot[h].idx = -1;
	for (int i = 0; i < n; i++)
	{
		int			len = (int) strlen(codes[i]);
		uint32		hash = cop_code_hash(codes[i], len);
		uint32		h;
		cop_code_slot *e;

		for (h = hash & ix->mask; ix->slot[h].idx >= 0; h = (h + 1) & ix->mask)
			;
		e = &ix->slot[h];
		e->hash = hash;
		e->idx = i;
		e->len = len;
		if (len <= COP_CODE_INLINE)
			memcpy(e->key, codes[i], len);
	}
}

/* the index of code s (len bytes, hash hash) among the codes, or -1 */
int
cop_code_index_lookup(const cop_code_index *ix, const char *s, int len, uint32 hash)
{
	uint32		h;

	for (h = hash & ix->mask; ix->slot[h].idx >= 0; h = (h + 1) & ix->mask)
	{
		const cop_code_slot *e = &ix->slot[h];

		if (e->hash == hash && e->len == len &&
			memcmp(len <= COP_CODE_INLINE ? e->key : ix->codes[e->idx], s, len) == 0)
			return e->idx;
	}
	return -1;
}

/*
 * The receiver of queries 6 and 7: target rows become cop_rows as they
 * come out of the executor; result rows then fill in their target's
 * realized value.  Rows are matched to their chamber PENDING at a time:
 * the hash-table slot of each is prefetched when the row arrives and read
 * when the batch is full, so that the cache misses of a large table of
 * chambers overlap instead of adding up.
 */
#define PENDING 16

typedef struct pending_row
{
	char	   *code;			/* the chamber's code, in batchcxt */
	int			len;
	uint32		hash;
	int			ind;			/* the indicator, or -1 if not in force */
	char	   *indicator;		/* its code, when not in force */
	char	   *value;			/* numeric_out of the target or result, NULL for NULL */
} pending_row;

typedef struct row_receiver
{
	DestReceiver pub;
	const cop_exercise *ex;
	bool		results;		/* false: com_target rows; true: results */
	cop_row    *rows;
	size_t		n;
	size_t		cap;
	cop_row_index *index;		/* the targets by (member, indicator) */
	cop_code_index members;
	cop_code_index indicators;
	cop_code_index out_of_force;	/* the COP's codes not in force */
	cop_recorder *record;		/* the rows go to it too, when not NULL */
	pending_row pending[PENDING];
	int			n_pending;
	MemoryContext batchcxt;		/* the pending rows' strings, reset now and then */
	uint64		since_reset;
	size_t		next_guess;		/* results: the target row after the last one matched */
} row_receiver;

/* match the pending rows to their chambers and store them */
static void
flush_pending(row_receiver *rr)
{
	const cop_exercise *ex = rr->ex;

	for (int j = 0; j < rr->n_pending; j++)
	{
		const pending_row *p = &rr->pending[j];
		int			m = cop_code_index_lookup(&rr->members, p->code, p->len, p->hash);
		int			ind = p->ind;

		if (m < 0)
			continue;			/* not a member of this exercise */
		if (rr->record)
			cop_recorder_figure(rr->record, rr->results, m,
								ind >= 0 ? ex->indicator_codes[ind] : p->indicator,
								ind >= 0 ? (int) strlen(ex->indicator_codes[ind]) : (int) strlen(p->indicator),
								p->value);
		if (p->value == NULL)
			continue;			/* a NULL result is no result */
		if (ind < 0 && cop_code_index_lookup(&rr->out_of_force, p->indicator, strlen(p->indicator),
											 cop_code_hash(p->indicator, strlen(p->indicator))) >= 0)
			continue;			/* not measured in the results year */
		if (ind < 0)
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("indicator \"%s\" of chamber \"%s\" in %d does not exist",
							p->indicator, ex->member_codes[m], ex->results_year),
					 errdetail("A row of cop_alloc.%s names it, but cop_alloc.indicator has no such code.",
							   rr->results ? "indicator_result" : "com_target"),
					 errhint("Rows loaded under session_replication_role = replica skip the foreign keys: add the indicator or delete the row.")));
		if (!rr->results)
		{
			cop_row    *r;

			if (rr->n == rr->cap)
			{
				rr->cap *= 2;
				rr->rows = repalloc_huge(rr->rows, sizeof(cop_row) * rr->cap);
			}
			r = &rr->rows[rr->n++];
			r->member = m;
			r->indicator = ind;
			r->has_realized = false;
			r->realized = 0;
			UNITS(r->target, p->value, 6, COP_MAX_MICRO,
				  "target of chamber \"%s\" for indicator \"%s\" in %d",
				  ex->member_codes[m], ex->indicator_codes[ind], ex->results_year);
		}
		else
		{
			size_t		k = rr->next_guess;

			/*
			 * results usually come in the targets' order: try the next one
			 * first; a result without a target counts for nothing
			 */
			if ((k < rr->n && rr->rows[k].member == m && rr->rows[k].indicator == ind) ||
				cop_find_row(rr->rows, rr->index, m, ind, &k))
			{
				cop_row    *r = &rr->rows[k];

				UNITS(r->realized, p->value, 6, COP_MAX_MICRO,
					  "result of chamber \"%s\" for indicator \"%s\" in %d",
					  ex->member_codes[m], ex->indicator_codes[ind], ex->results_year);
				r->has_realized = true;
				rr->next_guess = k + 1;
			}
		}
	}
	rr->since_reset += rr->n_pending;
	rr->n_pending = 0;
	if (rr->since_reset >= 4096)
	{
		MemoryContextReset(rr->batchcxt);
		rr->since_reset = 0;
	}
}

static bool
row_receive(TupleTableSlot *slot, DestReceiver *self)
{
	row_receiver *rr = (row_receiver *) self;
	MemoryContext old;
	pending_row *p;
	text	   *code;

	slot_getallattrs(slot);
	if (rr->results && slot->tts_isnull[2] && rr->record == NULL)
		return true;			/* a NULL result is no result */
	old = MemoryContextSwitchTo(rr->batchcxt);
	p = &rr->pending[rr->n_pending++];
	code = DatumGetTextPP(slot->tts_values[0]);
	p->len = VARSIZE_ANY_EXHDR(code);
	p->code = palloc(p->len + 1);
	memcpy(p->code, VARDATA_ANY(code), p->len);
	p->hash = cop_code_hash(p->code, p->len);
#if defined(__GNUC__) || defined(__clang__)
	__builtin_prefetch(&rr->members.slot[p->hash & rr->members.mask]);
#endif
	code = DatumGetTextPP(slot->tts_values[1]);
	p->ind = cop_code_index_lookup(&rr->indicators, VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code),
							   cop_code_hash(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code)));
	p->indicator = p->ind < 0 ? text_to_cstring(code) : NULL;
	p->value = slot->tts_isnull[2] ? NULL
		: DatumGetCString(DirectFunctionCall1(numeric_out, slot->tts_values[2]));
	MemoryContextSwitchTo(old);
	if (rr->n_pending == PENDING)
		flush_pending(rr);
	return true;
}

/*
 * Run a read-only query with one int parameter $1 into a receiver of our
 * own: the rows reach it as the executor makes them, never materialized.
 */
void
cop_receive(const char *sql, int32 param, DestReceiver *dest)
{
	SPIExecuteOptions opts;
	ParamListInfo params = makeParamList(1);
	int			rc;

	params->params[0].value = Int32GetDatum(param);
	params->params[0].isnull = false;
	params->params[0].pflags = PARAM_FLAG_CONST;
	params->params[0].ptype = INT4OID;
	params->numParams = 1;
	memset(&opts, 0, sizeof(opts));
	opts.params = params;
	opts.read_only = true;
	opts.dest = dest;
	rc = SPI_execute_extended(sql, &opts);
	/* with a receiver of our own, SPI reports SPI_OK_UTILITY */
	if (rc != SPI_OK_SELECT && rc != SPI_OK_UTILITY)
		elog(ERROR, "cop_alloc: SPI_execute_extended failed: %s",
			 SPI_result_code_string(rc));
}

/* Run a read-only query of the results year into the receiver. */
static void
receive(row_receiver *rr, const char *sql)
{
	cop_receive(sql, rr->ex->results_year, (DestReceiver *) rr);
}

static void
row_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
row_shutdown(DestReceiver *self)
{
	flush_pending((row_receiver *) self);
}

static void
row_destroy(DestReceiver *self)
{
}

/*
 * The amounts of a recipient that exercise_chamber may leave NULL, by the
 * names of its columns, in their order: the loader reads them, simulate
 * overrides them.
 */
void
cop_chamber_amounts(cop_keys *k, cop_chamber *ch, cop_amount out[COP_N_AMOUNTS])
{
	const cop_amount amounts[COP_N_AMOUNTS] = {
		{"assujettis", 6, COP_MAX_MICRO, &k->has_assujettis, &k->assujettis},
		{"operating_weight", 6, COP_MAX_MICRO, &k->has_operating_weight, &k->operating_weight},
		{"performance_weight", 6, COP_MAX_MICRO, &k->has_performance_weight, &k->performance_weight},
		{"floor_amount", 2, COP_MAX_CENTS, &ch->has_floor, &ch->floor_amount},
		{"ceiling_amount", 2, COP_MAX_CENTS, &ch->has_ceiling, &ch->ceiling_amount},
		{"previous_operating", 2, COP_MAX_CENTS, &ch->has_previous, &ch->previous_operating},
		{"modulation_pct", 6, COP_MAX_MICRO, &ch->has_modulation, &ch->modulation_ppm},
	};

	memcpy(out, amounts, sizeof(amounts));
}

/* The keys of recipient c (cop_chamber_keys), or an error naming it. */
void
cop_resolve_keys(const cop_exercise *ex, int c, cop_chamber *ch)
{
	if (cop_chamber_keys(&ex->keys[c], ch) != COP_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("chamber \"%s\" has no operating key in exercise %d",
						ex->chamber_codes[c], ex->year),
				 errhint("Set assujettis or operating_weight.")));
}

/*
 * Row-level security shows a chamber's role only its own COM targets and
 * results (README, "Security"): a distribution computed from them would be
 * wrong, so the engine refuses.  A database still at 0.1.0 has no policy.
 */
static void
refuse_partial_view(int32 year)
{
	if (strcmp(val_of("SELECT pg_catalog.row_security_active('cop_alloc.com_target'::pg_catalog.regclass)"
					  " OR pg_catalog.row_security_active('cop_alloc.indicator_result'::pg_catalog.regclass)"), "t") != 0)
		return;
	if (strcmp(val_of("SELECT cop_alloc.sees_all_chambers(CURRENT_USER)"), "t") == 0)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("role \"%s\" does not see every chamber's COM targets and results: exercise %d cannot be computed from them",
					GetUserNameFromId(GetUserId(), false), year),
			 errdetail("Row-level security on cop_alloc.com_target and cop_alloc.indicator_result shows a chamber's role the rows of its chamber and of the chambers associated to it, and a role enrolled for no party none."),
			 errhint("Read the published distribution (cop_alloc.published_distribution); roles enrolled for finance, assembly, ministry or reader compute it.")));
}

void
cop_load_exercise(int32 year, cop_exercise *ex)
{
	cop_load_recorded(year, ex, NULL);
}

/*
 * cop_load_exercise, and when record is not NULL the record of the
 * exercise's inputs from the same rows (record.c): *record is set to it,
 * in the caller's memory context.
 */
void
cop_load_recorded(int32 year, cop_exercise *ex, cop_recorder **record)
{
	MemoryContext outer = CurrentMemoryContext;
	MemoryContext old;
	cop_params *p = &ex->params;
	cop_chamber *chambers;
	cop_member *members;
	cop_indicator *indicators;
	bool		at_010;			/* the database is still at 0.1.0 (no COP versions) */
	cop_row    *rows;
	int64_t    *axis_w;
	uint64		n,
				i;
	size_t		nrows = 0;
	char	   *t;
	char	  **out_of_force;
	int			n_out_of_force;
	char	  **member_parents;

	memset(ex, 0, sizeof(*ex));
	ex->year = year;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "cop_alloc: SPI_connect failed");
	refuse_partial_view(year);

	/* 1. the exercise's parameters */
	n = run("SELECT e.tax_product, e.quote_part, e.quote_part_min, e.operating_pct,"
			" e.minister_authorized, e.performance_decided,"
			" e.results_year, e.tolerance, e.missing_result,"
			" e.max_decrease_pct, e.max_increase_pct"
			" FROM cop_alloc.exercise e WHERE e.year = $1", year, 0);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("exercise %d does not exist", year),
				 errhint("Insert it into cop_alloc.exercise.")));
	p->tax_product = cop_text_units(val(0, 1), 2, COP_MAX_CENTS,
									describe("tax product of exercise %d", year));
	p->quote_part = cop_text_units(val(0, 2), 2, COP_MAX_CENTS,
								   describe("quote-part of exercise %d", year));
	if ((t = val(0, 3)) != NULL)
	{
		p->has_quote_part_min = true;
		UNITS(p->quote_part_min, t, 2, COP_MAX_CENTS,
			  "quote-part minimum of exercise %d", year);
	}
	p->operating_ppm = cop_text_units(val(0, 4), 6, COP_PPM,
									  describe("operating percentage of exercise %d", year));
	p->minister_authorized = text_is_true(val(0, 5));
	p->performance_decided = text_is_true(val(0, 6));
	ex->results_year = (t = val(0, 7)) != NULL ? pg_strtoint32(t) : cop_default_results_year(year);
	p->tolerance_ppm = cop_text_units(val(0, 8), 6, COP_PPM,
									  describe("tolerance of exercise %d", year));
	p->missing_result = cop_missing_policy_or_error(val(0, 9), year);
	if ((t = val(0, 10)) != NULL)
	{
		p->has_max_decrease = true;
		UNITS(p->max_decrease_ppm, t, 6, COP_PPM,
			  "max_decrease_pct of exercise %d", year);
	}
	if ((t = val(0, 11)) != NULL)
	{
		p->has_max_increase = true;
		UNITS(p->max_increase_ppm, t, 6, COP_MAX_PCT_PPM,
			  "max_increase_pct of exercise %d", year);
	}

	/* 2. the axes and their weights, in axis order */
	n = run("SELECT a.axis_no, a.weight FROM cop_alloc.exercise_axis a"
			" WHERE a.year = $1 ORDER BY a.axis_no", year, 0);
	old = MemoryContextSwitchTo(outer);
	ex->axis_nos = palloc0(sizeof(int32) * (n + 1));
	axis_w = palloc0(sizeof(int64_t) * (n + 1));
	MemoryContextSwitchTo(old);
	for (i = 0; i < n; i++)
	{
		ex->axis_nos[i] = pg_strtoint32(val(i, 1));
		axis_w[i] = cop_text_units(val(i, 2), 6, COP_PPM,
								   describe("weight of axis %d in exercise %d",
											ex->axis_nos[i], year));
	}
	ex->in.n_axes = (int) n;
	ex->in.axis_weight_ppm = axis_w;

	/*
	 * 3. the recipients, in code order.  The base of the tunnel is
	 * exercise_chamber.previous_operating (spec §4), which carry_forward(year)
	 * writes from the publication of year - 1.  0.1.0 read that publication
	 * itself where previous_operating was NULL, and had no modulation: a
	 * database still at 0.1.0 (this library installed, ALTER EXTENSION UPDATE
	 * not yet run) keeps its figures until the update writes those bases.
	 */
#define RECIPIENTS(more, join) \
	"SELECT ec.chamber_code, c.parent_code, ec.assujettis, ec.operating_weight," \
	" ec.performance_weight, ec.floor_amount, ec.ceiling_amount, " more \
	" FROM cop_alloc.exercise_chamber ec" \
	" JOIN cop_alloc.chamber c ON c.code = ec.chamber_code" join \
	" WHERE ec.year = $1 ORDER BY ec.chamber_code COLLATE \"C\""
	at_010 = run("SELECT FROM pg_catalog.pg_extension x"
				 " WHERE x.extname = 'cop_alloc' AND x.extversion = '0.1.0'", year, 0) > 0;
	if (at_010)
		n = run(RECIPIENTS("coalesce(ec.previous_operating, po.operating), NULL, NULL",
						   " LEFT JOIN cop_alloc.published_operating po"
						   " ON po.year = $1 - 1 AND po.chamber_code = ec.chamber_code"),
				year, 0);
	else
		n = run(RECIPIENTS("ec.previous_operating, ec.modulation_pct, ec.modulation_motive", ""),
				year, 0);
#undef RECIPIENTS
	old = MemoryContextSwitchTo(outer);
	ex->chamber_codes = palloc0(sizeof(char *) * (n + 1));
	ex->keys = palloc0(sizeof(cop_keys) * (n + 1));
	ex->parent_codes = palloc0(sizeof(char *) * (n + 1));
	chambers = palloc0(sizeof(cop_chamber) * (n + 1));
	MemoryContextSwitchTo(old);
	for (i = 0; i < n; i++)
	{
		cop_chamber *ch = &chambers[i];
		cop_keys   *k = &ex->keys[i];
		char	   *code = val(i, 1);
		cop_amount	amounts[COP_N_AMOUNTS];

		CHECK_FOR_INTERRUPTS();
		ex->chamber_codes[i] = MemoryContextStrdup(outer, code);
		if ((t = val(i, 2)) != NULL)
		{
			ch->associated = true;
			ex->parent_codes[i] = MemoryContextStrdup(outer, t);
		}
		cop_chamber_amounts(k, ch, amounts);
		for (int a = 0; a < COP_N_AMOUNTS; a++)
		{
			if ((t = val(i, 3 + a)) == NULL)	/* columns 3 to 9 */
				continue;
			*amounts[a].has = true;
			UNITS(*amounts[a].units, t, amounts[a].scale, amounts[a].max,
				  "%s of chamber \"%s\" in exercise %d", amounts[a].column, code, year);
		}
		cop_resolve_keys(ex, (int) i, ch);
		ch->has_modulation_motive = cop_motive_given(val(i, 10));
	}
	ex->in.n_chambers = (int) n;
	ex->in.chambers = chambers;

	/* 4. the members: each recipient and the chambers associated to it */
	n = run("SELECT c.code, coalesce(c.parent_code, c.code), c.parent_code"
			" FROM cop_alloc.chamber c"
			" JOIN cop_alloc.exercise_chamber ec"
			"   ON ec.year = $1 AND ec.chamber_code = coalesce(c.parent_code, c.code)"
			" ORDER BY c.code COLLATE \"C\"", year, 0);
	old = MemoryContextSwitchTo(outer);
	ex->member_codes = palloc0(sizeof(char *) * (n + 1));
	member_parents = palloc0(sizeof(char *) * (n + 1));
	members = palloc0(sizeof(cop_member) * (n + 1));
	MemoryContextSwitchTo(old);
	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		ex->member_codes[i] = MemoryContextStrdup(outer, val(i, 1));
		if ((t = val(i, 3)) != NULL)
			member_parents[i] = MemoryContextStrdup(outer, t);
		members[i].recipient = cop_find_code(ex->chamber_codes, ex->in.n_chambers, val(i, 2));
		if (members[i].recipient < 0)
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("chamber \"%s\" of exercise %d has no recipient", ex->member_codes[i], year),
					 errhint("Check cop_alloc.chamber.parent_code and cop_alloc.exercise_chamber: rows loaded under session_replication_role = replica skip their checks.")));
	}
	ex->in.n_members = (int) n;
	ex->in.members = members;

	/*
	 * 5. the indicators in force for the results year (the COP as amended),
	 * in code order, each mapped to its exercise axis
	 */
	n = run(at_010 ? "SELECT i.code, i.axis_no, i.direction, i.weight FROM cop_alloc.indicator i"
			" ORDER BY i.code COLLATE \"C\""
			: "SELECT i.code, i.axis_no, i.direction, i.weight FROM cop_alloc.catalogue_in_force($2) i"
			" ORDER BY i.code COLLATE \"C\"", year, ex->results_year);
	old = MemoryContextSwitchTo(outer);
	ex->indicator_codes = palloc0(sizeof(char *) * (n + 1));
	indicators = palloc0(sizeof(cop_indicator) * (n + 1));
	MemoryContextSwitchTo(old);
	for (i = 0; i < n; i++)
	{
		char	   *code = val(i, 1);
		int32		axis = pg_strtoint32(val(i, 2));
		int			a;

		ex->indicator_codes[i] = MemoryContextStrdup(outer, code);
		indicators[i].axis = -1;
		for (a = 0; a < ex->in.n_axes; a++)
			if (ex->axis_nos[a] == axis)
				indicators[i].axis = a;
		t = val(i, 3);
		if (cop_parse_direction(t, &indicators[i].direction) != COP_OK)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown direction \"%s\" of indicator \"%s\"", t, code),
					 errhint("Use higher or lower.")));
		indicators[i].weight = cop_text_units(val(i, 4), 6, COP_MAX_MICRO,
											  describe("weight of indicator \"%s\"", code));
	}
	ex->in.n_indicators = (int) n;
	ex->in.indicators = indicators;
	n = at_010 ? 0 : run("SELECT v.code FROM cop_alloc.cop_indicator_version v"
						 " EXCEPT SELECT f.code FROM cop_alloc.catalogue_in_force($2) f", year, ex->results_year);
	old = MemoryContextSwitchTo(outer);
	out_of_force = palloc0(sizeof(char *) * (n + 1));
	for (i = 0; i < n; i++)
		out_of_force[i] = val(i, 1);
	MemoryContextSwitchTo(old);
	n_out_of_force = (int) n;

	/* the record of the inputs, from the rows read below (run) */
	if (record)
	{
		*record = cop_recorder_begin(year, outer, ex->member_codes, member_parents, ex->in.n_members);
		if (*record == NULL || cop_recorder_results_year(*record) != ex->results_year)
			elog(ERROR, "cop_alloc: the engine and the record of exercise %d read different exercises", year);
		cop_recorder_read_stored(*record);
	}

	/*
	 * 6. every target of the results year, then 7. every result, each
	 * received row by row from a plain scan (no join, no copy of the result
	 * set) and matched in memory; rows of chambers that are no member of a
	 * recipient are skipped.
	 */
	{
		row_receiver rr;
		cop_allocator al;
		cop_status	st;

		memset(&rr, 0, sizeof(rr));
		rr.pub.receiveSlot = row_receive;
		rr.pub.rStartup = row_startup;
		rr.pub.rShutdown = row_shutdown;
		rr.pub.rDestroy = row_destroy;
		rr.pub.mydest = DestNone;
		rr.ex = ex;
		rr.cap = 1024;
		ex->rows_cxt = AllocSetContextCreate(outer, "cop_alloc target rows", ALLOCSET_DEFAULT_SIZES);
		rr.rows = MemoryContextAllocHuge(ex->rows_cxt, sizeof(cop_row) * rr.cap);
		cop_code_index_build(&rr.members, ex->member_codes, ex->in.n_members);
		cop_code_index_build(&rr.indicators, ex->indicator_codes, ex->in.n_indicators);
		cop_code_index_build(&rr.out_of_force, out_of_force, n_out_of_force);
		rr.record = record ? *record : NULL;
		rr.batchcxt = AllocSetContextCreate(CurrentMemoryContext, "cop_alloc rows",
											ALLOCSET_DEFAULT_SIZES);
		receive(&rr, "SELECT t.chamber_code, t.indicator_code, t.target"
				" FROM cop_alloc.com_target t WHERE t.year = $1");
		flush_pending(&rr);		/* rShutdown did, unless the executor skipped it */

		/* index the targets by (member, indicator): the exercise's one row index */
		rr.index = MemoryContextAllocZero(ex->rows_cxt, sizeof(cop_row_index));
		al = cop_palloc_allocator(ex->rows_cxt);
		st = cop_index_rows(rr.rows, rr.n, ex->in.n_members, rr.index, &al);
		if (st != COP_OK)
			cop_report_simple(st, NULL, "the row index");
		ex->in.row_index = rr.index;

		rr.results = true;
		receive(&rr, "SELECT r.chamber_code, r.indicator_code, r.realized"
				" FROM cop_alloc.indicator_result r WHERE r.year = $1");
		flush_pending(&rr);
		MemoryContextDelete(rr.batchcxt);
		rows = rr.rows;
		nrows = rr.n;
	}
	ex->in.n_rows = nrows;
	ex->in.rows = rows;
	ex->in.params = *p;
	if (record)
		cop_recorder_finish(*record);

	SPI_finish();
}
