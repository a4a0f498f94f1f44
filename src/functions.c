/*
 * functions.c -- the building blocks as SQL functions: apportion (spec
 * section 3), bounded apportion (section 4), achievement and the
 * axis_achievement aggregate (section 5).  Thin wrappers: arguments are
 * checked and converted exactly, the core computes.
 */
#include "postgres.h"

#include "catalog/pg_type_d.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "cop_pg.h"

PG_FUNCTION_INFO_V1(cop_alloc_apportion);
PG_FUNCTION_INFO_V1(cop_alloc_apportion_bounded);
PG_FUNCTION_INFO_V1(cop_alloc_achievement);
PG_FUNCTION_INFO_V1(cop_alloc_axis_achievement_transfn);
PG_FUNCTION_INFO_V1(cop_alloc_axis_achievement_combinefn);
PG_FUNCTION_INFO_V1(cop_alloc_axis_achievement_serialfn);
PG_FUNCTION_INFO_V1(cop_alloc_axis_achievement_deserialfn);
PG_FUNCTION_INFO_V1(cop_alloc_axis_achievement_finalfn);

/*
 * A one-dimensional numeric array as units.  NULL elements are refused
 * unless has_value is given, where they are reported as absent.
 */
static int
array_units(ArrayType *arr, const char *name, int scale, int64 max,
			int64 **units, bool **has_value)
{
	ArrayIterator it;
	Datum		elem;
	bool		isnull;
	int			n;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", name),
				 errdetail("It has %d dimensions.", ARR_NDIM(arr))));
	n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	*units = palloc0(sizeof(int64) * (n + 1));
	if (has_value)
		*has_value = palloc0(sizeof(bool) * (n + 1));
	/* element by element, interruptible, rather than deconstruct_array */
	it = array_create_iterator(arr, 0, NULL);
	for (int i = 0; array_iterate(it, &elem, &isnull); i++)
	{
		char	   *text;
		int64_t		v;

		CHECK_FOR_INTERRUPTS();
		if (isnull)
		{
			if (has_value == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("%s must not contain NULL", name),
						 errdetail("Element %d is NULL.", i + 1)));
			continue;
		}
		if (has_value)
			(*has_value)[i] = true;
		text = DatumGetCString(DirectFunctionCall1(numeric_out, elem));
		if (cop_parse_decimal(text, scale, max, &v) != COP_OK)
			v = cop_text_units(text, scale, max, psprintf("element %d of %s", i + 1, name));
		(*units)[i] = v;
		pfree(text);
	}
	array_free_iterator(it);
	return n;
}

static Datum
money_array(const int64 *parts, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * (n + 1));

	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		d[i] = cop_units_numeric(parts[i], 2);
	}
	return PointerGetDatum(construct_array(d, n, NUMERICOID, -1, false, TYPALIGN_INT));
}

Datum
cop_alloc_apportion(PG_FUNCTION_ARGS)
{
	int64		total = cop_numeric_units(PG_GETARG_DATUM(0), 2, COP_MAX_CENTS, "total");
	int64	   *w;
	int64	   *parts;
	int			n = array_units(PG_GETARG_ARRAYTYPE_P(1), "weights", 6, COP_MAX_MICRO, &w, NULL);
	cop_allocator al = cop_palloc_allocator(CurrentMemoryContext);
	cop_error	err;
	cop_status	st;

	parts = palloc0(sizeof(int64) * (n + 1));
	st = cop_apportion(total, (int64_t *) w, n, (int64_t *) parts, &err, &al);
	if (st != COP_OK)
		cop_report_simple(st, &err, "apportion");
	PG_RETURN_DATUM(money_array(parts, n));
}

Datum
cop_alloc_apportion_bounded(PG_FUNCTION_ARGS)
{
	int64		total = cop_numeric_units(PG_GETARG_DATUM(0), 2, COP_MAX_CENTS, "total");
	int64	   *w,
			   *lo,
			   *hi,
			   *parts;
	bool	   *has_lo,
			   *has_hi;
	int			n = array_units(PG_GETARG_ARRAYTYPE_P(1), "weights", 6, COP_MAX_MICRO, &w, NULL);
	int			nlo = array_units(PG_GETARG_ARRAYTYPE_P(2), "lower", 2, COP_MAX_CENTS, &lo, &has_lo);
	int			nhi = array_units(PG_GETARG_ARRAYTYPE_P(3), "upper", 2, COP_MAX_CENTS, &hi, &has_hi);
	int64	   *l = palloc0(sizeof(int64) * (n + 1));
	int64	   *h = palloc0(sizeof(int64) * (n + 1));
	cop_allocator al = cop_palloc_allocator(CurrentMemoryContext);
	cop_error	err;
	cop_status	st;

	if ((nlo != 0 && nlo != n) || (nhi != 0 && nhi != n))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("lower and upper must have as many elements as weights, or none"),
				 errdetail("weights has %d elements, lower %d, upper %d.", n, nlo, nhi)));
	for (int i = 0; i < n; i++)
	{
		l[i] = (nlo && has_lo[i]) ? lo[i] : 0;
		h[i] = (nhi && has_hi[i]) ? hi[i] : COP_NO_BOUND;
	}
	parts = palloc0(sizeof(int64) * (n + 1));
	st = cop_apportion_bounded(total, (int64_t *) w, (int64_t *) l, (int64_t *) h, n,
							   (int64_t *) parts, &err, &al);
	if (st != COP_OK)
		cop_report_simple(st, &err, "apportion");
	PG_RETURN_DATUM(money_array(parts, n));
}

static cop_direction
direction_of(Datum d)
{
	char	   *label = DatumGetCString(DirectFunctionCall1(enum_out, d));
	cop_direction dir;

	if (cop_parse_direction(label, &dir) == COP_OK)
		return dir;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown direction \"%s\"", label)));
	pg_unreachable();
}

Datum
cop_alloc_achievement(PG_FUNCTION_ARGS)
{
	int64		v = cop_numeric_units(PG_GETARG_DATUM(0), 6, COP_MAX_MICRO, "realized");
	int64		t = cop_numeric_units(PG_GETARG_DATUM(1), 6, COP_MAX_MICRO, "target");
	int64_t		ppm;
	bool		applicable;
	cop_status	st;

	st = cop_indicator_achievement(v, t, direction_of(PG_GETARG_DATUM(2)), &ppm, &applicable);
	if (st != COP_OK)
		cop_report_simple(st, NULL, "achievement");
	if (!applicable)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(cop_units_numeric(ppm, 6));
}

/* ---- the axis_achievement aggregate ---- */

static cop_axis_acc *
acc_new(FunctionCallInfo fcinfo)
{
	MemoryContext aggcxt;
	cop_axis_acc *acc;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "axis_achievement called in non-aggregate context");
	acc = cop_palloc16(aggcxt, sizeof(cop_axis_acc), MCXT_ALLOC_ZERO);
	return acc;
}

Datum
cop_alloc_axis_achievement_transfn(PG_FUNCTION_ARGS)
{
	cop_axis_acc *acc = PG_ARGISNULL(0) ? acc_new(fcinfo) : (cop_axis_acc *) PG_GETARG_POINTER(0);
	int64		t,
				v,
				w;
	int64_t		ppm;
	bool		applicable;
	cop_status	st;

	if (PG_ARGISNULL(2))
		PG_RETURN_POINTER(acc);	/* no target row: nothing to measure */
	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("axis_achievement needs a direction and a weight for every row")));
	t = cop_numeric_units(PG_GETARG_DATUM(2), 6, COP_MAX_MICRO, "target");
	w = cop_numeric_units(PG_GETARG_DATUM(4), 6, COP_MAX_MICRO, "weight");
	if (t == 0 || w == 0)
		PG_RETURN_POINTER(acc);	/* not applicable, or ignored */
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("missing result in axis_achievement"),
				 errdetail("A row has target %s and no realized value.",
						   cop_units_text(t, 6)),
				 errhint("Pass coalesce(realized, 0) to count it as zero, or filter the row out to exclude it.")));
	v = cop_numeric_units(PG_GETARG_DATUM(1), 6, COP_MAX_MICRO, "realized");
	st = cop_indicator_achievement(v, t, direction_of(PG_GETARG_DATUM(3)), &ppm, &applicable);
	if (st == COP_OK)
		st = cop_axis_acc_add(acc, ppm, w);
	if (st != COP_OK)
		cop_report_simple(st, NULL, "axis_achievement");
	PG_RETURN_POINTER(acc);
}

Datum
cop_alloc_axis_achievement_combinefn(PG_FUNCTION_ARGS)
{
	cop_axis_acc *a,
			   *b;

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(PG_ARGISNULL(0) ? NULL : PG_GETARG_POINTER(0));
	b = (cop_axis_acc *) PG_GETARG_POINTER(1);
	a = PG_ARGISNULL(0) ? acc_new(fcinfo) : (cop_axis_acc *) PG_GETARG_POINTER(0);
	if (cop_axis_acc_merge(a, b) != COP_OK)
		cop_report_simple(COP_EOVERFLOW, NULL, "axis_achievement");
	PG_RETURN_POINTER(a);
}

Datum
cop_alloc_axis_achievement_serialfn(PG_FUNCTION_ARGS)
{
	cop_axis_acc *acc = (cop_axis_acc *) PG_GETARG_POINTER(0);
	bytea	   *out = palloc(VARHDRSZ + sizeof(cop_axis_acc));

	SET_VARSIZE(out, VARHDRSZ + sizeof(cop_axis_acc));
	memcpy(VARDATA(out), acc, sizeof(cop_axis_acc));
	PG_RETURN_BYTEA_P(out);
}

Datum
cop_alloc_axis_achievement_deserialfn(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	cop_axis_acc *acc;

	if (VARSIZE_ANY_EXHDR(in) != sizeof(cop_axis_acc))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid axis_achievement state")));
	acc = acc_new(fcinfo);
	memcpy(acc, VARDATA_ANY(in), sizeof(cop_axis_acc));
	PG_RETURN_POINTER(acc);
}

Datum
cop_alloc_axis_achievement_finalfn(PG_FUNCTION_ARGS)
{
	cop_axis_acc empty = {0, 0};
	cop_axis_acc *acc = PG_ARGISNULL(0) ? &empty : (cop_axis_acc *) PG_GETARG_POINTER(0);
	int64_t		ppm;

	if (cop_axis_acc_final(acc, &ppm) != COP_OK)
		cop_report_simple(COP_EOVERFLOW, NULL, "axis_achievement");
	PG_RETURN_DATUM(cop_units_numeric(ppm, 6));
}
