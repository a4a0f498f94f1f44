/*
 * digest.c -- the aggregate cop_alloc.inputs_sha256(format, kind, key,
 * value): the fingerprint of a set of input rows, computed incrementally
 * (no text of the whole input is ever built).  Each row is the line "kind
 * TAB key TAB value", the value as jsonb prints it; the rows are sorted by
 * kind then key in byte order.  The result is, in hex, the SHA-256 of:
 *   format 1 (what 0.1.0 hashed, one row per table row): the text of the
 *     line "cop_alloc inputs v1", then each row's line, lines separated by
 *     a newline (none after the last);
 *   format 2 (the documents runs store since 0.2.0): the line "cop_alloc
 *     inputs v2" (no newline), then each row's own SHA-256, 32 bytes, which
 *     is the document's digest in input_document: the fingerprint of a run
 *     is the SHA-256 of that header and of its list of digests
 *     (run_input_set), and each digest that of its document.
 * The rows must come in that order (ORDER BY kind COLLATE "C", key COLLATE
 * "C", or input_record(year), which emits them so): a row out of order, or
 * a key given twice, is an error, never a different fingerprint
 * (sql/functions/40_runs.sql).
 */
#include "postgres.h"

#include "common/cryptohash.h"
#include "common/sha2.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "cop_pg.h"

PG_FUNCTION_INFO_V1(cop_alloc_inputs_sha256_step);
PG_FUNCTION_INFO_V1(cop_alloc_inputs_sha256_final);

#define FIRST_FORMAT 1
#define LAST_FORMAT 2

typedef struct inputs_state
{
	pg_cryptohash_ctx *ctx;
	pg_cryptohash_ctx *row;		/* format 2: each row's own SHA-256 */
	int32		format;
	StringInfoData line;
	StringInfoData last;		/* the previous row's kind NUL key */
	int			last_kind_len;
} inputs_state;

static void
hash_text(inputs_state *s, const char *data, size_t len)
{
	if (pg_cryptohash_update(s->ctx, (const uint8 *) data, len) < 0)
		elog(ERROR, "cop_alloc: could not update the SHA-256 of the inputs");
}

static const char *
arg_text(FunctionCallInfo fcinfo, int arg, const char *name)
{
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the %s of an input row must not be null", name),
				 errhint("inputs_sha256 hashes the rows of input_record(year) or of cop_alloc.run_input.")));
	return text_to_cstring(PG_GETARG_TEXT_PP(arg));
}

Datum
cop_alloc_inputs_sha256_step(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	MemoryContext old;
	inputs_state *s;
	int32		format;
	const char *kind;
	const char *key;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "cop_alloc: inputs_sha256_step called outside an aggregate");
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the format of the inputs must not be null")));
	format = PG_GETARG_INT32(1);
	if (PG_ARGISNULL(0))
	{
		char		header[64];

		if (format < FIRST_FORMAT || format > LAST_FORMAT)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown input format %d", format),
					 errhint("Format 1 is what runs made by 0.1.0 recorded, format 2 what later runs record.")));
		old = MemoryContextSwitchTo(aggcxt);
		s = palloc0(sizeof(inputs_state));
		s->format = format;
		initStringInfo(&s->line);
		initStringInfo(&s->last);
		s->last_kind_len = -1;
		MemoryContextSwitchTo(old);
		s->ctx = pg_cryptohash_create(PG_SHA256);
		if (pg_cryptohash_init(s->ctx) < 0)
			elog(ERROR, "cop_alloc: could not start the SHA-256 of the inputs");
		snprintf(header, sizeof(header), "cop_alloc inputs v%d", format);
		hash_text(s, header, strlen(header));
		if (format >= 2)
			s->row = pg_cryptohash_create(PG_SHA256);
	}
	else
	{
		s = (inputs_state *) PG_GETARG_POINTER(0);
		if (format != s->format)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("input format %d and %d in one fingerprint", s->format, format)));
	}
	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the value of an input row must not be null")));
	kind = arg_text(fcinfo, 2, "kind");
	key = arg_text(fcinfo, 3, "key");
	if (s->last_kind_len >= 0)
	{
		int			c = strcmp(kind, s->last.data);

		if (c == 0)
			c = strcmp(key, s->last.data + s->last_kind_len + 1);
		if (c <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("input row %s %s comes %s", kind, key,
							c == 0 ? "twice" : "out of order"),
					 errhint("Give the rows ORDER BY kind COLLATE \"C\", key COLLATE \"C\", each key once.")));
	}
	resetStringInfo(&s->last);
	appendStringInfoString(&s->last, kind);
	s->last_kind_len = s->last.len;
	appendStringInfoChar(&s->last, '\0');
	appendStringInfoString(&s->last, key);
	resetStringInfo(&s->line);
	if (s->format == 1)
		appendStringInfoChar(&s->line, '\n');
	appendStringInfoString(&s->line, kind);
	appendStringInfoChar(&s->line, '\t');
	appendStringInfoString(&s->line, key);
	appendStringInfoChar(&s->line, '\t');
	appendStringInfoString(&s->line,
						   DatumGetCString(DirectFunctionCall1(jsonb_out, PG_GETARG_DATUM(4))));
	if (s->format == 1)
		hash_text(s, s->line.data, s->line.len);
	else
	{
		uint8		digest[PG_SHA256_DIGEST_LENGTH];

		if (pg_cryptohash_init(s->row) < 0 ||
			pg_cryptohash_update(s->row, (const uint8 *) s->line.data, s->line.len) < 0 ||
			pg_cryptohash_final(s->row, digest, sizeof(digest)) < 0)
			elog(ERROR, "cop_alloc: could not compute the SHA-256 of an input row");
		hash_text(s, (const char *) digest, sizeof(digest));
	}
	PG_RETURN_POINTER(s);
}

Datum
cop_alloc_inputs_sha256_final(PG_FUNCTION_ARGS)
{
	inputs_state *s;
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	char		hex[2 * PG_SHA256_DIGEST_LENGTH + 1];

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();		/* no row: no fingerprint */
	s = (inputs_state *) PG_GETARG_POINTER(0);
	if (s->ctx == NULL)
		elog(ERROR, "cop_alloc: inputs_sha256 finished twice");
	if (pg_cryptohash_final(s->ctx, digest, sizeof(digest)) < 0)
		elog(ERROR, "cop_alloc: could not finish the SHA-256 of the inputs");
	pg_cryptohash_free(s->ctx);
	s->ctx = NULL;
	if (s->row != NULL)
		pg_cryptohash_free(s->row);
	s->row = NULL;
	hex_encode((const char *) digest, sizeof(digest), hex);
	hex[sizeof(hex) - 1] = '\0';
	PG_RETURN_TEXT_P(cstring_to_text(hex));
}
