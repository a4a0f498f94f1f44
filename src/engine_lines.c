/*
 * engine_lines.c -- engine_lines(year): everything one computation of an
 * exercise gives, from one read of its tables and one run of the core, for
 * run(year), explain(year) and run_lines_live(year): the summary, then the
 * chamber lines with their keys, tunnel base, plain share, bounds, binding
 * and amounts, each with its axis lines as an array of cop_alloc.axis_line
 * (what run_line.axes stores).  One result set whose column "line" says
 * which of the two a row is.
 *
 * run_lines(year), for run(year) only, gives the same lines from the same
 * read of the tables, and records the inputs that read saw (record.c): it
 * stores in input_document each input document the store lacks, a few
 * hundred at a time, and gives on the summary line the inputs'
 * fingerprint and the digests of all of them, in canonical order.  Before
 * computing, it checks on the targets it read that every recipient is
 * measured, which require_checked leaves to it (require_measured).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type_d.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"

#include "cop_pg.h"

PG_FUNCTION_INFO_V1(cop_alloc_engine_lines);
PG_FUNCTION_INFO_V1(cop_alloc_run_lines);

#define MONEY(x) cop_units_numeric((x), 2)

/* the columns of engine_lines, in order */
enum
{
	L_LINE, L_CHAMBER,
	L_KEY_SOURCE, L_OP_KEY, L_PERF_KEY, L_PREVIOUS, L_BEFORE,
	L_LOWER, L_LOWER_SOURCE, L_UPPER, L_UPPER_SOURCE, L_BINDING,
	L_OPERATING, L_ENVELOPE, L_DEDUCTION, L_PERFORMANCE, L_TOTAL, L_MODULATION,	/* cop_chamber_values */
	L_TAX_PRODUCT, L_QUOTE_PART, L_DISTRIBUTABLE, L_OPERATING_PART,	/* cop_summary_values */
	L_PERFORMANCE_PART, L_ALLOCATED, L_RESERVE,
	L_AXES,						/* the chamber's axis lines, cop_alloc.axis_line[] */
	L_FINGERPRINT, L_INPUT_DIGESTS, /* run_lines: the summary's record of the inputs */
	L_NCOLS
};

static void
put_text(Datum *values, bool *nulls, int col, const char *s)
{
	nulls[col] = (s == NULL);
	values[col] = s ? CStringGetTextDatum(s) : (Datum) 0;
}

/*
 * The record's lines as they come (cop_record_emit): every digest joins the
 * list; the documents that the latest run of the year did not read are
 * stored, INSERT_BATCH at a time, unless the store has them already.
 */
#define INSERT_BATCH 256

typedef struct input_store
{
	MemoryContext cxt;			/* where the digests are kept */
	MemoryContext batchcxt;		/* the batch, emptied once inserted */
	SPIPlanPtr	insert;
	Datum	   *digests;
	int			n;
	int			cap;
	Datum		batch[4][INSERT_BATCH];	/* digest, kind, key, value */
	int			n_batch;
} input_store;

static void
store_batch(input_store *st)
{
	static const Oid element_types[4] = {BYTEAOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		args[4];
	int			rc;
	MemoryContext old;

	if (st->n_batch == 0)
		return;
	old = MemoryContextSwitchTo(st->batchcxt);
	for (int k = 0; k < 4; k++)
		args[k] = PointerGetDatum(construct_array(st->batch[k], st->n_batch, element_types[k],
												  -1, false, TYPALIGN_INT));
	MemoryContextSwitchTo(old);
	rc = SPI_execute_plan(st->insert, args, NULL, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "cop_alloc: could not store the input documents: %s", SPI_result_code_string(rc));
	st->n_batch = 0;
	MemoryContextReset(st->batchcxt);
}

static bytea *
digest_bytea(const uint8 *digest)
{
	bytea	   *d = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);

	SET_VARSIZE(d, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	memcpy(VARDATA(d), digest, PG_SHA256_DIGEST_LENGTH);
	return d;
}

static void
store_line(const char *kind, const char *key, const char *value,
		   const uint8 *digest, bool stored, void *arg)
{
	input_store *st = (input_store *) arg;
	MemoryContext old = MemoryContextSwitchTo(st->cxt);

	if (st->n == st->cap)
	{
		st->cap *= 2;
		st->digests = repalloc_huge(st->digests, sizeof(Datum) * st->cap);
	}
	st->digests[st->n++] = PointerGetDatum(digest_bytea(digest));
	if (!stored)
	{
		MemoryContextSwitchTo(st->batchcxt);
		st->batch[0][st->n_batch] = PointerGetDatum(digest_bytea(digest));
		st->batch[1][st->n_batch] = CStringGetTextDatum(kind);
		st->batch[2][st->n_batch] = CStringGetTextDatum(key);
		st->batch[3][st->n_batch] = CStringGetTextDatum(value);
		if (++st->n_batch == INSERT_BATCH)
			store_batch(st);
	}
	MemoryContextSwitchTo(old);
}

/* store the record's documents; its fingerprint, and its digests in *digests */
static char *
store_inputs(cop_recorder *record, MemoryContext cxt, Datum *digests)
{
	static const Oid arg_types[4] = {BYTEAARRAYOID, TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID};
	input_store *st = palloc0(sizeof(input_store));
	char	   *fingerprint;

	st->cxt = cxt;
	st->batchcxt = AllocSetContextCreate(cxt, "cop_alloc input documents", ALLOCSET_DEFAULT_SIZES);
	st->cap = 1024;
	st->digests = palloc(sizeof(Datum) * st->cap);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "cop_alloc: SPI_connect failed");
	st->insert = SPI_prepare("INSERT INTO cop_alloc.input_document (digest, kind, key, value)"
							 " SELECT * FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2),"
							 "                          pg_catalog.unnest($3), pg_catalog.unnest($4))"
							 " ON CONFLICT (digest) DO NOTHING", 4, (Oid *) arg_types);
	if (st->insert == NULL)
		elog(ERROR, "cop_alloc: could not prepare the storing of input documents: %s",
			 SPI_result_code_string(SPI_result));
	fingerprint = MemoryContextStrdup(cxt, cop_recorder_emit(record, store_line, st));
	store_batch(st);
	SPI_finish();
	*digests = PointerGetDatum(construct_array(st->digests, st->n, BYTEAOID, -1, false, TYPALIGN_INT));
	return fingerprint;
}

/*
 * For run(year): whether every recipient is measured, which require_checked
 * leaves to this check on the rows just read (cop_every_recipient_measured)
 * instead of probing com_target chamber by chamber.  Where one is not, and
 * the performance part is decided (before, it is only a warning), the
 * tables are checked in full: require_checked raises what check_exercise
 * lists, in the snapshot the rows were read in (it is STABLE).
 */
static void
require_measured(const cop_exercise *ex)
{
	cop_allocator al = cop_palloc_allocator(CurrentMemoryContext);
	bool		all;
	cop_status	st;

	if (!ex->in.params.performance_decided)
		return;
	st = cop_every_recipient_measured(&ex->in, &all, &al);
	if (st != COP_OK)
		cop_report_simple(st, NULL, "the recipients measured");
	if (all)
		return;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "cop_alloc: SPI_connect failed");
	if (SPI_execute_with_args("SELECT cop_alloc.require_checked($1)", 1, (Oid[]) {INT4OID},
							  (Datum[]) {Int32GetDatum(ex->year)}, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "cop_alloc: could not check exercise %d", ex->year);
	SPI_finish();
}

static Datum
engine_lines(FunctionCallInfo fcinfo, bool with_inputs)
{
	ReturnSetInfo *rsinfo;
	cop_exercise ex;
	cop_output	out;
	const cop_summary *s = &out.summary;
	int			nc,
				na;
	int64	   *keys;
	int64	   *before;
	cop_allocator al;
	cop_error	err;
	cop_status	st;
	Datum		values[L_NCOLS];
	bool		nulls[L_NCOLS];
	Oid			axis_line_type;
	TupleDesc	axis_desc;
	Datum	   *axis_lines;
	Datum	   *weights;
	MemoryContext rowcxt;
	cop_recorder *record = NULL;
	char	   *fingerprint = NULL;
	Datum		digests = (Datum) 0;

	/* everything but the result lives in a context of its own, freed before returning */
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "cop_alloc engine_lines",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);

	cop_load_recorded(PG_GETARG_INT32(0), &ex, with_inputs ? &record : NULL);
	if (with_inputs)
		require_measured(&ex);
	memset(&out, 0, sizeof(out));
	cop_compute_or_report(&ex, &ex.in, &out);
	/* the rows are computed: their memory goes before the record's is used */
	MemoryContextDelete(ex.rows_cxt);
	ex.rows_cxt = NULL;
	ex.in.rows = NULL;
	ex.in.row_index = NULL;
	InitMaterializedSRF(fcinfo, 0);
	rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	if (rsinfo->setDesc->natts != (with_inputs ? L_NCOLS : L_FINGERPRINT))
		elog(ERROR, "cop_alloc: %s returns %d columns, not %d",
			 with_inputs ? "run_lines" : "engine_lines", rsinfo->setDesc->natts,
			 with_inputs ? L_NCOLS : L_FINGERPRINT);

	/* the record of the inputs: it holds the most memory, and goes first */
	if (record)
	{
		fingerprint = store_inputs(record, cxt, &digests);
		cop_recorder_free(record);
	}
	nc = ex.in.n_chambers;
	na = ex.in.n_axes;

	/* the plain share before equalisation: apportion(O, operating keys) */
	keys = palloc0(sizeof(int64) * (nc + 1));
	before = palloc0(sizeof(int64) * (nc + 1));
	for (int c = 0; c < nc; c++)
		keys[c] = ex.in.chambers[c].op_key;
	al = cop_palloc_allocator(CurrentMemoryContext);
	st = cop_apportion(s->operating_part, (int64_t *) keys, nc, (int64_t *) before, &err, &al);
	if (st != COP_OK)
		cop_report_simple(st, &err, "apportion");

	/*
	 * each chamber line carries its axis lines as an array of
	 * cop_alloc.axis_line (what run() stores in run_line.axes); the axis
	 * weights without trailing zeros, as run.parameters has them
	 */
	axis_line_type = get_element_type(TupleDescAttr(rsinfo->setDesc, L_AXES)->atttypid);
	if (!OidIsValid(axis_line_type))
		elog(ERROR, "column axes of engine_lines is not an array");
	axis_desc = lookup_rowtype_tupdesc_copy(axis_line_type, -1);
	axis_lines = palloc(sizeof(Datum) * (na + 1));
	rowcxt = AllocSetContextCreate(cxt, "cop_alloc engine line", ALLOCSET_SMALL_SIZES);
	weights = palloc(sizeof(Datum) * (na + 1));
	for (int a = 0; a < na; a++)
		weights[a] = DirectFunctionCall1(numeric_trim_scale,
										 cop_units_numeric(ex.in.axis_weight_ppm[a], 6));

	memset(nulls, true, sizeof(nulls));
	values[L_LINE] = CStringGetTextDatum("summary");
	nulls[L_LINE] = false;
	cop_summary_values(s, &values[L_TAX_PRODUCT]);
	for (int k = L_TAX_PRODUCT; k <= L_RESERVE; k++)
		nulls[k] = false;
	if (with_inputs)
	{
		put_text(values, nulls, L_FINGERPRINT, fingerprint);
		values[L_INPUT_DIGESTS] = digests;
		nulls[L_INPUT_DIGESTS] = false;
	}
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);

	for (int c = 0; c < nc; c++)
	{
		const cop_chamber_out *o = &out.chambers[c];
		const cop_chamber *ch = &ex.in.chambers[c];

		CHECK_FOR_INTERRUPTS();
		/* the line's values live until the tuplestore has its copy */
		MemoryContextSwitchTo(rowcxt);
		memset(nulls, true, sizeof(nulls));
		put_text(values, nulls, L_LINE, "chamber");
		put_text(values, nulls, L_CHAMBER, ex.chamber_codes[c]);
		put_text(values, nulls, L_KEY_SOURCE,
				 ex.keys[c].has_operating_weight ? "operating_weight" : "assujettis");
		values[L_OP_KEY] = cop_units_numeric(ch->op_key, 6);
		values[L_PERF_KEY] = cop_units_numeric(ch->perf_key, 6);
		nulls[L_OP_KEY] = nulls[L_PERF_KEY] = false;
		if (ch->has_previous)
		{
			values[L_PREVIOUS] = MONEY(ch->previous_operating);
			nulls[L_PREVIOUS] = false;
		}
		values[L_BEFORE] = MONEY(before[c]);
		values[L_LOWER] = MONEY(o->lower);
		nulls[L_BEFORE] = nulls[L_LOWER] = false;
		put_text(values, nulls, L_LOWER_SOURCE, cop_bound_source_name(o->lower_source, false));
		if (o->upper != COP_NO_BOUND)
		{
			values[L_UPPER] = MONEY(o->upper);
			nulls[L_UPPER] = false;
		}
		put_text(values, nulls, L_UPPER_SOURCE, cop_bound_source_name(o->upper_source, true));
		put_text(values, nulls, L_BINDING,
				 o->binding == COP_BINDING_LOWER ? "lower" :
				 o->binding == COP_BINDING_UPPER ? "upper" : "none");
		cop_chamber_values(o, &values[L_OPERATING]);
		for (int k = L_OPERATING; k <= L_MODULATION; k++)
			nulls[k] = false;
		for (int a = 0; a < na; a++)
		{
			const cop_axis_out *x = &out.axes[(Size) c * na + a];
			Datum		fields[5];
			bool		no_nulls[5] = {false, false, false, false, false};

			fields[0] = Int32GetDatum(ex.axis_nos[a]);
			fields[1] = weights[a];
			fields[2] = MONEY(x->stake);
			fields[3] = cop_units_numeric(x->achievement, 6);
			fields[4] = MONEY(x->deduction);
			axis_lines[a] = HeapTupleGetDatum(heap_form_tuple(axis_desc, fields, no_nulls));
		}
		values[L_AXES] = PointerGetDatum(construct_array(axis_lines, na, axis_line_type, -1, false, TYPALIGN_DOUBLE));
		nulls[L_AXES] = false;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(cxt);
		MemoryContextReset(rowcxt);
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
	return (Datum) 0;
}

Datum
cop_alloc_engine_lines(PG_FUNCTION_ARGS)
{
	return engine_lines(fcinfo, false);
}

Datum
cop_alloc_run_lines(PG_FUNCTION_ARGS)
{
	return engine_lines(fcinfo, true);
}
