/*
 * simulate.c -- what-if distributions without writing anything:
 * simulate(year, overrides jsonb), its batch form over scenario rows, and
 * sensitivity(year).  The exercise is read once; each scenario is a copy
 * of it with the overrides applied, computed by the same core.
 */
#include "postgres.h"

#include <stdlib.h>

#include "access/htup_details.h"
#include "catalog/pg_type_d.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"

#include "cop_pg.h"

PG_FUNCTION_INFO_V1(cop_alloc_simulate);
PG_FUNCTION_INFO_V1(cop_alloc_simulate_batch);
PG_FUNCTION_INFO_V1(cop_alloc_sensitivity);

#define VALID_OVERRIDES "tax_product, quote_part, quote_part_min, operating_pct, " \
	"minister_authorized, performance_decided, tolerance, missing_result, " \
	"max_decrease_pct, max_increase_pct, axis_weights, chambers, results, achievements"
#define VALID_CHAMBER_OVERRIDES "assujettis, operating_weight, performance_weight, " \
	"floor_amount, ceiling_amount, previous_operating, modulation_pct, modulation_motive"

/* The base exercise and what a scenario needs to look things up. */
typedef struct sim_base
{
	cop_exercise ex;
} sim_base;

/* One scenario: a private copy of whatever its overrides touch. */
typedef struct sim_case
{
	const sim_base *base;
	cop_input	in;
	cop_chamber *chambers;
	cop_keys   *keys;
	int64_t    *axis_w;
	cop_row    *rows;
	int64_t    *override;
	bool		keys_changed;
} sim_case;

typedef void (*pair_fn) (sim_case *sc, const char *key, JsonbValue *v, void *arg);

static char *
jstr(const JsonbValue *v)
{
	return pnstrdup(v->val.string.val, v->val.string.len);
}

static const char *
jtype(const JsonbValue *v)
{
	switch (v->type)
	{
		case jbvNull: return "null";
		case jbvString: return "a string";
		case jbvNumeric: return "a number";
		case jbvBool: return "a boolean";
		default: return "an object or array";
	}
}

static void
ill_typed(const char *what, const char *want, const JsonbValue *v)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("override %s must be %s", what, want),
			 errdetail("It is %s.", jtype(v))));
}

/* Call fn on each key/value of the object in v (or in the top container). */
static void
each_pair(sim_case *sc, JsonbContainer *c, const char *what, pair_fn fn, void *arg)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	char	   *key = NULL;

	if (!JsonContainerIsObject(c))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("override %s must be a JSON object", what)));
	it = JsonbIteratorInit(c);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
			key = jstr(&v);
		else if (tok == WJB_VALUE)
			fn(sc, key, &v, arg);
	}
}

static JsonbContainer *
object_of(const char *what, JsonbValue *v)
{
	if (v->type != jbvBinary || !JsonContainerIsObject(v->val.binary.data))
		ill_typed(what, "a JSON object", v);
	return v->val.binary.data;
}

static int64
num(const char *what, JsonbValue *v, int scale, int64 max)
{
	if (v->type != jbvNumeric)
		ill_typed(what, "a number", v);
	return cop_numeric_units(NumericGetDatum(v->val.numeric), scale, max,
							 psprintf("override %s", what));
}

/* number or null: *has tells which */
static int64
num_or_null(const char *what, JsonbValue *v, int scale, int64 max, bool *has)
{
	*has = (v->type != jbvNull);
	return *has ? num(what, v, scale, max) : 0;
}

static bool
boolean(const char *what, JsonbValue *v)
{
	if (v->type != jbvBool)
		ill_typed(what, "true or false", v);
	return v->val.boolean;
}

static int
recipient_or_error(sim_case *sc, const char *code, const char *what)
{
	const cop_exercise *ex = &sc->base->ex;
	int			c = cop_find_code(ex->chamber_codes, ex->in.n_chambers, code);

	if (c < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("override %s names chamber \"%s\", not a recipient of exercise %d",
						what, code, ex->year)));
	return c;
}

static int
axis_or_error(sim_case *sc, const char *key, const char *what)
{
	const cop_exercise *ex = &sc->base->ex;
	char	   *end;
	long		a = strtol(key, &end, 10);

	for (int i = 0; *end == '\0' && i < ex->in.n_axes; i++)
		if (ex->axis_nos[i] == a)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("override %s names axis \"%s\", not an axis of exercise %d",
					what, key, ex->year)));
	pg_unreachable();
}

static void
axis_weight_pair(sim_case *sc, const char *key, JsonbValue *v, void *arg)
{
	int			a = axis_or_error(sc, key, "axis_weights");

	sc->axis_w[a] = num(psprintf("axis_weights.%s", key), v, 6, COP_PPM);
}

static void
chamber_field(sim_case *sc, const char *key, JsonbValue *v, void *arg)
{
	int			c = *(int *) arg;
	cop_chamber *ch = &sc->chambers[c];
	char	   *what = psprintf("chambers.%s.%s", sc->base->ex.chamber_codes[c], key);
	cop_amount	amounts[COP_N_AMOUNTS];

	cop_chamber_amounts(&sc->keys[c], ch, amounts);
	sc->keys_changed = true;
	for (int a = 0; a < COP_N_AMOUNTS; a++)
		if (strcmp(key, amounts[a].column) == 0)
		{
			*amounts[a].units = num_or_null(what, v, amounts[a].scale, amounts[a].max,
											amounts[a].has);
			return;
		}
	if (strcmp(key, "modulation_motive") == 0)
	{
		if (v->type != jbvNull && v->type != jbvString)
			ill_typed(what, "a string or null", v);
		ch->has_modulation_motive = v->type == jbvString && cop_motive_given(jstr(v));
	}
	else
		cop_fail(ERRCODE_INVALID_PARAMETER_VALUE, psprintf("unknown override \"%s\"", what),
				 NULL, "A chamber's overrides are " VALID_CHAMBER_OVERRIDES ".");
}

static void
chamber_pair(sim_case *sc, const char *key, JsonbValue *v, void *arg)
{
	int			c = recipient_or_error(sc, key, "chambers");

	each_pair(sc, object_of(psprintf("chambers.%s", key), v), "chambers", chamber_field, &c);
}

typedef struct result_arg
{
	int			member;
	const char *member_code;
} result_arg;

static void
result_field(sim_case *sc, const char *key, JsonbValue *v, void *arg)
{
	result_arg *ra = arg;
	const cop_exercise *ex = &sc->base->ex;
	int			ind = cop_find_code(ex->indicator_codes, ex->in.n_indicators, key);
	size_t		k;
	char	   *what = psprintf("results.%s.%s", ra->member_code, key);

	if (ind < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("override %s names an unknown indicator", what)));
	if (!cop_find_row(ex->in.rows, ex->in.row_index, ra->member, ind, &k))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("override %s has no target in %d", what, ex->results_year),
				 errhint("Only the result of an existing com_target row can be overridden.")));
	sc->rows[k].realized = num_or_null(what, v, 6, COP_MAX_MICRO, &sc->rows[k].has_realized);
}

static void
result_pair(sim_case *sc, const char *key, JsonbValue *v, void *arg)
{
	const cop_exercise *ex = &sc->base->ex;
	result_arg	ra;

	ra.member = cop_find_code(ex->member_codes, ex->in.n_members, key);
	ra.member_code = key;
	if (ra.member < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("override results names chamber \"%s\", neither a recipient of exercise %d nor associated to one",
						key, ex->year)));
	each_pair(sc, object_of(psprintf("results.%s", key), v), "results", result_field, &ra);
}

static void
achievement_field(sim_case *sc, const char *key, JsonbValue *v, void *arg)
{
	int			c = *(int *) arg;
	int			a = axis_or_error(sc, key, "achievements");
	char	   *what = psprintf("achievements.%s.%s", sc->base->ex.chamber_codes[c], key);
	bool		has;
	int64		r = num_or_null(what, v, 6, COP_PPM, &has);

	sc->override[(Size) c * sc->in.n_axes + a] = has ? r : -1;
}

static void
achievement_pair(sim_case *sc, const char *key, JsonbValue *v, void *arg)
{
	int			c = recipient_or_error(sc, key, "achievements");

	each_pair(sc, object_of(psprintf("achievements.%s", key), v), "achievements",
			  achievement_field, &c);
}

static void
top_pair(sim_case *sc, const char *key, JsonbValue *v, void *arg)
{
	cop_params *p = &sc->in.params;
	const cop_exercise *ex = &sc->base->ex;
	int			nc = ex->in.n_chambers;

	if (strcmp(key, "tax_product") == 0)
		p->tax_product = num(key, v, 2, COP_MAX_CENTS);
	else if (strcmp(key, "quote_part") == 0)
		p->quote_part = num(key, v, 2, COP_MAX_CENTS);
	else if (strcmp(key, "quote_part_min") == 0)
		p->quote_part_min = num_or_null(key, v, 2, COP_MAX_CENTS, &p->has_quote_part_min);
	else if (strcmp(key, "operating_pct") == 0)
		p->operating_ppm = num(key, v, 6, COP_PPM);
	else if (strcmp(key, "minister_authorized") == 0)
		p->minister_authorized = boolean(key, v);
	else if (strcmp(key, "performance_decided") == 0)
		p->performance_decided = boolean(key, v);
	else if (strcmp(key, "tolerance") == 0)
		p->tolerance_ppm = num(key, v, 6, COP_PPM);
	else if (strcmp(key, "max_decrease_pct") == 0)
		p->max_decrease_ppm = num_or_null(key, v, 6, COP_PPM, &p->has_max_decrease);
	else if (strcmp(key, "max_increase_pct") == 0)
		p->max_increase_ppm = num_or_null(key, v, 6, COP_MAX_PCT_PPM, &p->has_max_increase);
	else if (strcmp(key, "missing_result") == 0)
	{
		if (v->type != jbvString)
			ill_typed(key, "\"error\", \"zero\" or \"exclude\"", v);
		p->missing_result = cop_missing_policy_or_error(jstr(v), ex->year);
	}
	else if (strcmp(key, "axis_weights") == 0)
	{
		sc->axis_w = palloc(sizeof(int64_t) * (ex->in.n_axes + 1));
		memcpy(sc->axis_w, ex->in.axis_weight_ppm, sizeof(int64_t) * ex->in.n_axes);
		each_pair(sc, object_of(key, v), key, axis_weight_pair, NULL);
		sc->in.axis_weight_ppm = sc->axis_w;
	}
	else if (strcmp(key, "chambers") == 0)
		each_pair(sc, object_of(key, v), key, chamber_pair, NULL);
	else if (strcmp(key, "results") == 0)
	{
		if (sc->rows == NULL)
		{
			sc->rows = palloc(sizeof(cop_row) * (ex->in.n_rows + 1));
			memcpy(sc->rows, ex->in.rows, sizeof(cop_row) * ex->in.n_rows);
			sc->in.rows = sc->rows;
		}
		each_pair(sc, object_of(key, v), key, result_pair, NULL);
	}
	else if (strcmp(key, "achievements") == 0)
	{
		if (sc->override == NULL)
		{
			sc->override = palloc(sizeof(int64_t) * ((Size) nc * ex->in.n_axes + 1));
			for (Size i = 0; i < (Size) nc * ex->in.n_axes; i++)
				sc->override[i] = -1;
			sc->in.achievement_override = sc->override;
		}
		each_pair(sc, object_of(key, v), key, achievement_pair, NULL);
	}
	else
		cop_fail(ERRCODE_INVALID_PARAMETER_VALUE, psprintf("unknown override \"%s\"", key),
				 NULL, "Valid overrides are " VALID_OVERRIDES ".");
}

/* A scenario's input: the base exercise with the overrides applied. */
static void
apply_overrides(const sim_base *base, Jsonb *overrides, sim_case *sc)
{
	const cop_exercise *ex = &base->ex;
	int			nc = ex->in.n_chambers;

	memset(sc, 0, sizeof(*sc));
	sc->base = base;
	sc->in = ex->in;
	sc->chambers = palloc(sizeof(cop_chamber) * (nc + 1));
	memcpy(sc->chambers, ex->in.chambers, sizeof(cop_chamber) * nc);
	sc->keys = palloc(sizeof(cop_keys) * (nc + 1));
	memcpy(sc->keys, ex->keys, sizeof(cop_keys) * nc);
	sc->in.chambers = sc->chambers;
	if (overrides != NULL)
		each_pair(sc, &overrides->root, "overrides", top_pair, NULL);
	if (sc->keys_changed)
	{
		cop_exercise shown = *ex;

		shown.keys = sc->keys;
		for (int c = 0; c < nc; c++)
			cop_resolve_keys(&shown, c, &sc->chambers[c]);
	}
}

/* "while computing scenario X of exercise Y" */
typedef struct sim_errctx
{
	const char *scenario;
	int32		year;
} sim_errctx;

static void
sim_error_callback(void *arg)
{
	sim_errctx *c = arg;

	if (c->scenario)
		errcontext("scenario \"%s\" of exercise %d", c->scenario, c->year);
	else
		errcontext("simulation of exercise %d", c->year);
}

#define MONEY(x) cop_units_numeric((x), 2)

/* Run one scenario in its own short-lived context and emit its lines. */
static void
run_scenario(ReturnSetInfo *rsinfo, sim_base *base, Jsonb *overrides,
			 const char *scenario, MemoryContext loopcxt)
{
	MemoryContext old = MemoryContextSwitchTo(loopcxt);
	ErrorContextCallback cb;
	sim_errctx	ctx = {scenario, base->ex.year};
	sim_case	sc;
	cop_output	out;

	cb.callback = sim_error_callback;
	cb.arg = &ctx;
	cb.previous = error_context_stack;
	error_context_stack = &cb;

	apply_overrides(base, overrides, &sc);
	memset(&out, 0, sizeof(out));
	cop_compute_or_report(&base->ex, &sc.in, &out);
	cop_put_lines(rsinfo, &base->ex, &out, scenario);

	error_context_stack = cb.previous;
	MemoryContextSwitchTo(old);
	MemoryContextReset(loopcxt);
}

Datum
cop_alloc_simulate(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	sim_base	base;
	MemoryContext loopcxt;

	memset(&base, 0, sizeof(base));
	cop_load_exercise(PG_GETARG_INT32(0), &base.ex);
	InitMaterializedSRF(fcinfo, 0);
	loopcxt = AllocSetContextCreate(CurrentMemoryContext, "cop_alloc scenario",
									ALLOCSET_DEFAULT_SIZES);
	run_scenario(rsinfo, &base, PG_GETARG_JSONB_P(1), NULL, loopcxt);
	MemoryContextDelete(loopcxt);
	return (Datum) 0;
}

Datum
cop_alloc_simulate_batch(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(1);
	Oid			elemtype = ARR_ELEMTYPE(arr);
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	sim_base	base;
	MemoryContext loopcxt;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("scenarios must be a one-dimensional array")));
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(arr, elemtype, typlen, typbyval, typalign, &elems, &nulls, &n);

	memset(&base, 0, sizeof(base));
	cop_load_exercise(PG_GETARG_INT32(0), &base.ex);
	InitMaterializedSRF(fcinfo, 0);
	loopcxt = AllocSetContextCreate(CurrentMemoryContext, "cop_alloc scenario",
									ALLOCSET_DEFAULT_SIZES);
	for (int i = 0; i < n; i++)
	{
		HeapTupleHeader tup;
		bool		isnull;
		Datum		id,
					ov;
		char	   *scenario;

		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("scenario %d is NULL", i + 1)));
		tup = DatumGetHeapTupleHeader(elems[i]);
		id = GetAttributeByNum(tup, 1, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("scenario %d has no id", i + 1)));
		scenario = TextDatumGetCString(id);
		ov = GetAttributeByNum(tup, 2, &isnull);
		run_scenario(rsinfo, &base, isnull ? NULL : DatumGetJsonbP(ov), scenario, loopcxt);
		pfree(scenario);
	}
	MemoryContextDelete(loopcxt);
	return (Datum) 0;
}

/* After an axis line: what one more point (0.01) would give back, what is kept. */
static void
sensitivity_values(const cop_exercise *ex, const cop_axis_out *x, Datum *values)
{
	int64_t		better = Min(COP_PPM, x->achievement + COP_PPM / 100);
	int64_t		d_better;

	better = cop_apply_tolerance(better, ex->in.params.tolerance_ppm);
	if (cop_deduction(x->stake, better, &d_better) != COP_OK)
		cop_report_simple(COP_EOVERFLOW, NULL, "sensitivity");
	values[0] = MONEY(x->deduction - d_better);
	values[1] = MONEY(x->stake - x->deduction);
}

/*
 * sensitivity(year): per chamber and axis, the stake, the euros lost today
 * and the euros one more point of achievement (0.01) would give back.
 */
Datum
cop_alloc_sensitivity(PG_FUNCTION_ARGS)
{
	return cop_axis_lines_srf(fcinfo, sensitivity_values);
}
