/*
 * convert.c -- exact conversions between PostgreSQL numerics and the
 * core's integer units (spec section 2), and the palloc allocator.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "cop_pg.h"

/*
 * Parse a decimal's text into units of 10^-scale, or raise an error that
 * names `what` (e.g. "target of chamber \"NORD\" for indicator \"I1\"").
 */
int64
cop_text_units(const char *text, int scale, int64 max, const char *what)
{
	int64_t		v = 0;
	cop_status	st = cop_parse_decimal(text, scale, max, &v);

	switch (st)
	{
		case COP_OK:
			return v;
		case COP_ENAN:
		case COP_EINFINITE:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("%s must be a finite number", what),
					 psprintf("The value is %s.", text), NULL);
		case COP_ENEGATIVE:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("%s must not be negative", what),
					 psprintf("The value is %s.", text), NULL);
		case COP_ESCALE:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("%s has more than %d decimals", what, scale),
					 psprintf("The value is %s; it is refused, not rounded.", text), NULL);
		case COP_ERANGE:
			cop_fail(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
					 psprintf("%s is out of range", what),
					 psprintf("The value is %s; the largest accepted is %s.",
							  text, cop_units_text(max, scale)), NULL);
		default:
			cop_fail(ERRCODE_INVALID_TEXT_REPRESENTATION,
					 psprintf("%s is not a decimal number", what),
					 psprintf("The value is \"%s\".", text), NULL);
	}
	pg_unreachable();
}

int64
cop_numeric_units(Datum num, int scale, int64 max, const char *what)
{
	char	   *text = DatumGetCString(DirectFunctionCall1(numeric_out, num));
	int64		v = cop_text_units(text, scale, max, what);

	pfree(text);
	return v;
}

char *
cop_units_text(int64 units, int scale)
{
	char		buf[48];

	cop_format_decimal(units, scale, buf, sizeof(buf));
	return pstrdup(buf);
}

/*
 * A numeric with exactly `scale` decimals ("0.00", "0.925000"): units /
 * 10^scale, built from the integer without going through text.
 */
Datum
cop_units_numeric(int64 units, int scale)
{
	return NumericGetDatum(int64_div_fast_to_numeric(units, scale));
}

/*
 * 16-byte aligned memory for the core's 128-bit values (palloc gives 8):
 * the chunk's own address is kept just below the aligned block.
 */
void *
cop_palloc16(MemoryContext cxt, size_t size, int flags)
{
	char	   *raw = MemoryContextAllocExtended(cxt, size + 16, flags);
	uintptr_t	aligned;

	if (raw == NULL)
		return NULL;
	aligned = ((uintptr_t) raw + 16) & ~(uintptr_t) 15;
	((void **) aligned)[-1] = raw;
	return (void *) aligned;
}

void
cop_pfree16(void *ptr)
{
	if (ptr != NULL)
		pfree(((void **) ptr)[-1]);
}

static void *
palloc_alloc(void *ctx, size_t size)
{
	return cop_palloc16((MemoryContext) ctx, size,
						MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void
palloc_release(void *ctx, void *ptr)
{
	(void) ctx;
	cop_pfree16(ptr);
}

/*
 * The core's interrupt check: cancel, statement_timeout and terminate take
 * effect here (CHECK_FOR_INTERRUPTS does not return then; the core's
 * scratch memory goes with the memory context).
 */
static bool
palloc_interrupted(void *ctx)
{
	(void) ctx;
	CHECK_FOR_INTERRUPTS();
	return false;
}

cop_allocator
cop_palloc_allocator(MemoryContext cxt)
{
	cop_allocator al = {palloc_alloc, palloc_release, cxt, palloc_interrupted};

	return al;
}
