/*
 * fingerprint.c -- fingerprint(year): the SHA-256 of the inputs of an
 * exercise in canonical form (run_inputs(year)), computed in one pass into
 * an incremental hash: no text of the whole input is ever built.
 *
 * The canonical text (format "cop_alloc inputs v1", unchanged since 0.1.0,
 * so that the fingerprints of recorded runs stay comparable) is the line
 * "cop_alloc inputs v1", then one line per input row, "kind TAB key TAB
 * value" with key and value as run_inputs gives them (jsonb text), sorted by
 * kind then key in byte order, lines separated by a newline (none after the
 * last).  The few rows of the exercise, its axes, recipients, members and
 * indicators come from run_inputs itself; the targets and results (all but
 * a few of the rows) are read as plain columns, written in the same jsonb
 * text here, sorted in memory and hashed.
 */
#include "postgres.h"

#include "catalog/pg_type_d.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/memutils.h"

#include "cop_pg.h"

PG_FUNCTION_INFO_V1(cop_alloc_fingerprint);

#define FETCH_ROWS 8192

/* The rows of one member table: kind = table name, field = its column. */
typedef struct member_kind
{
	const char *kind;
	const char *field;
} member_kind;

/* in byte order of kind */
static const member_kind member_kinds[] = {
	{"com_target", "target"},
	{"indicator_result", "realized"},
};

typedef struct hasher
{
	pg_cryptohash_ctx *ctx;
} hasher;

static void
hash_bytes(hasher *h, const char *data, size_t len)
{
	if (pg_cryptohash_update(h->ctx, (const uint8 *) data, len) < 0)
		elog(ERROR, "cop_alloc: could not update the SHA-256 of the inputs");
}

/* One row line, preceded by the newline that separates it from the last. */
static void
hash_line(hasher *h, const char *line, size_t len)
{
	hash_bytes(h, "\n", 1);
	hash_bytes(h, line, len);
}

/* Open a read-only cursor on sql with the exercise year as $1. */
static Portal
open_cursor(const char *sql, int32 year)
{
	Oid			type = INT4OID;
	Datum		value = Int32GetDatum(year);
	Portal		portal = SPI_cursor_open_with_args(NULL, sql, 1, &type, &value,
												   NULL, true, 0);

	if (portal == NULL)
		elog(ERROR, "cop_alloc: could not open a cursor: %s",
			 SPI_result_code_string(SPI_result));
	return portal;
}

static int
cmp_lines(const void *a, const void *b, void *arg)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/*
 * The targets (kind com_target, field target) or results (indicator_result,
 * realized) of the members of the exercise, in the results year: each row
 * written as run_inputs writes it,
 *   kind TAB ["member", "indicator"] TAB {"field": number-or-null}
 * (JSON strings escaped as jsonb prints them; numbers trim_scale'd), then
 * sorted and hashed.  The key is a JSON array, which no other key extends,
 * so sorting whole lines sorts by key.
 */
static void
hash_member_rows(hasher *h, int32 year, const member_kind *mk)
{
	const char *kind = mk->kind;
	const char *field = mk->field;
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext,
											  "cop_alloc fingerprint rows",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old;
	char	   *sql = psprintf("SELECT r.chamber_code, r.indicator_code, trim_scale(r.%s)::text"
							   " FROM cop_alloc.exercise e"
							   " JOIN cop_alloc.%s r ON r.year = coalesce(e.results_year, e.year - 1)"
							   " JOIN cop_alloc.chamber c ON c.code = r.chamber_code"
							   " JOIN cop_alloc.exercise_chamber ec"
							   "   ON ec.year = e.year AND ec.chamber_code = coalesce(c.parent_code, c.code)"
							   " WHERE e.year = $1", field, kind);
	Portal		portal = open_cursor(sql, year);
	char	  **lines = NULL;
	uint64		n = 0,
				cap = 0;
	StringInfoData buf;

	initStringInfo(&buf);
	for (;;)
	{
		SPI_cursor_fetch(portal, true, FETCH_ROWS);
		if (SPI_processed == 0)
			break;
		old = MemoryContextSwitchTo(cxt);
		if (n + SPI_processed > cap)
		{
			cap = Max(cap * 2, n + SPI_processed);
			lines = lines ? repalloc_huge(lines, sizeof(char *) * cap)
				: MemoryContextAllocHuge(cxt, sizeof(char *) * cap);
		}
		MemoryContextSwitchTo(old);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			char	   *member = SPI_getvalue(tup, desc, 1);
			char	   *indicator = SPI_getvalue(tup, desc, 2);
			char	   *number = SPI_getvalue(tup, desc, 3);

			CHECK_FOR_INTERRUPTS();
			resetStringInfo(&buf);
			appendStringInfo(&buf, "%s\t[", kind);
			escape_json(&buf, member);
			appendStringInfoString(&buf, ", ");
			escape_json(&buf, indicator);
			appendStringInfo(&buf, "]\t{\"%s\": %s}", field, number ? number : "null");
			lines[n++] = MemoryContextStrdup(cxt, buf.data);
			pfree(member);
			pfree(indicator);
			if (number)
				pfree(number);
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);

	if (n > 1)
		qsort_interruptible(lines, n, sizeof(char *), cmp_lines, NULL);
	for (uint64 i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		hash_line(h, lines[i], strlen(lines[i]));
	}
	MemoryContextDelete(cxt);
	pfree(buf.data);
	pfree(sql);
}

Datum
cop_alloc_fingerprint(PG_FUNCTION_ARGS)
{
	static const char header[] = "cop_alloc inputs v1";
	int32		year = PG_GETARG_INT32(0);
	hasher		h;
	Portal		portal;
	int			next = 0;
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	char		hex[2 * PG_SHA256_DIGEST_LENGTH + 1];

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "cop_alloc: SPI_connect failed");
	if (SPI_execute_with_args("SELECT FROM cop_alloc.exercise e WHERE e.year = $1", 1,
							  (Oid[]) {INT4OID}, (Datum[]) {Int32GetDatum(year)},
							  NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "cop_alloc: could not read the exercise");
	if (SPI_processed == 0)
	{
		SPI_finish();
		PG_RETURN_NULL();
	}

	h.ctx = pg_cryptohash_create(PG_SHA256);
	if (pg_cryptohash_init(h.ctx) < 0)
		elog(ERROR, "cop_alloc: could not start the SHA-256 of the inputs");
	hash_bytes(&h, header, sizeof(header) - 1);

	/*
	 * run_inputs without the member rows, in canonical order; the targets
	 * (kind com_target) and results (indicator_result) go in where their
	 * kind sorts.
	 */
	portal = open_cursor("SELECT i.kind, i.kind || E'\\t' || i.key || E'\\t' || i.value::text"
						 " FROM cop_alloc.run_inputs($1, false) i"
						 " ORDER BY i.kind COLLATE \"C\", i.key COLLATE \"C\"", year);
	for (;;)
	{
		SPITupleTable *batch;
		uint64		nrows;

		SPI_cursor_fetch(portal, true, FETCH_ROWS);
		/* hash_member_rows reads through SPI too: keep this batch's rows */
		batch = SPI_tuptable;
		nrows = SPI_processed;
		if (nrows == 0)
			break;
		for (uint64 r = 0; r < nrows; r++)
		{
			char	   *kind = SPI_getvalue(batch->vals[r], batch->tupdesc, 1);
			char	   *line = SPI_getvalue(batch->vals[r], batch->tupdesc, 2);

			CHECK_FOR_INTERRUPTS();
			while (next < lengthof(member_kinds) && strcmp(member_kinds[next].kind, kind) < 0)
				hash_member_rows(&h, year, &member_kinds[next++]);
			hash_line(&h, line, strlen(line));
			pfree(kind);
			pfree(line);
		}
		SPI_freetuptable(batch);
	}
	SPI_cursor_close(portal);
	while (next < lengthof(member_kinds))
		hash_member_rows(&h, year, &member_kinds[next++]);

	if (pg_cryptohash_final(h.ctx, digest, sizeof(digest)) < 0)
		elog(ERROR, "cop_alloc: could not finish the SHA-256 of the inputs");
	pg_cryptohash_free(h.ctx);
	SPI_finish();

	hex_encode((const char *) digest, sizeof(digest), hex);
	hex[sizeof(hex) - 1] = '\0';
	PG_RETURN_TEXT_P(cstring_to_text(hex));
}
