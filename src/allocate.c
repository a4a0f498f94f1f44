/*
 * allocate.c -- the SQL contract's set-returning functions (spec section 7):
 * allocate(year), axis_deductions(year), summary(year) and
 * allocation_bounds(year).  Each loads the exercise (load.c), runs the core
 * (core/exercise.c) once and returns its lines in code order.
 */
#include "postgres.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "cop_pg.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(cop_alloc_allocate);
PG_FUNCTION_INFO_V1(cop_alloc_axis_deductions);
PG_FUNCTION_INFO_V1(cop_alloc_summary);
PG_FUNCTION_INFO_V1(cop_alloc_allocation_bounds);

/* Compute an input of exercise ex into *out, or raise its error. */
void
cop_compute_or_report(const cop_exercise *ex, const cop_input *in, cop_output *out)
{
	cop_allocator al = cop_palloc_allocator(CurrentMemoryContext);
	cop_error	err;
	cop_status	st;
	int			nc = in->n_chambers;

	if (out->chambers == NULL)
	{
		out->chambers = palloc0(sizeof(cop_chamber_out) * (nc + 1));
		out->axes = palloc0(sizeof(cop_axis_out) * ((Size) nc * in->n_axes + 1));
	}
	st = cop_compute(in, out, &err, &al);
	if (st != COP_OK)
	{
		cop_exercise shown = *ex;

		shown.params = in->params;
		cop_report(&shown, st, &err);
	}
}

/*
 * Load and compute the exercise of the function's first argument (the
 * year) into *ex and *out, in CurrentMemoryContext, and start the
 * function's result set.
 */
ReturnSetInfo *
cop_compute_srf(FunctionCallInfo fcinfo, cop_exercise *ex, cop_output *out)
{
	cop_load_exercise(PG_GETARG_INT32(0), ex);
	memset(out, 0, sizeof(*out));
	cop_compute_or_report(ex, &ex->in, out);
	InitMaterializedSRF(fcinfo, 0);
	return (ReturnSetInfo *) fcinfo->resultinfo;
}

#define MONEY(x) cop_units_numeric((x), 2)

/*
 * The amounts of the lines the functions return, each in its columns'
 * order, into consecutive values: the summary's seven (tax product to
 * reserve), a chamber's six (operating to modulation), an axis's three
 * (stake, achievement, deduction).
 */
void
cop_summary_values(const cop_summary *s, Datum *values)
{
	values[0] = MONEY(s->tax_product);
	values[1] = MONEY(s->quote_part);
	values[2] = MONEY(s->distributable);
	values[3] = MONEY(s->operating_part);
	values[4] = MONEY(s->performance_part);
	values[5] = MONEY(s->allocated);
	values[6] = MONEY(s->reserve);
}

void
cop_chamber_values(const cop_chamber_out *o, Datum *values)
{
	values[0] = MONEY(o->operating);
	values[1] = MONEY(o->envelope);
	values[2] = MONEY(o->deduction);
	values[3] = MONEY(o->performance);
	values[4] = MONEY(o->total);
	values[5] = MONEY(o->modulation);
}

void
cop_axis_values(const cop_axis_out *x, Datum *values)
{
	values[0] = MONEY(x->stake);
	values[1] = cop_units_numeric(x->achievement, 6);
	values[2] = MONEY(x->deduction);
}

/*
 * The chamber lines of a distribution, as allocate(year) returns them, each
 * prefixed with the scenario's id when there is one (simulate_many).  Only
 * as many columns as the function's declared result has are stored: a
 * database still at 0.1.0 declares allocate and simulate without modulation.
 */
void
cop_put_lines(ReturnSetInfo *rsinfo, const cop_exercise *ex, const cop_output *out,
			  const char *scenario)
{
	int			off = scenario ? 1 : 0;

	for (int c = 0; c < ex->in.n_chambers; c++)
	{
		const cop_chamber_out *o = &out->chambers[c];
		Datum		values[8];
		bool		nulls[8] = {false};

		CHECK_FOR_INTERRUPTS();
		if (scenario)
			values[0] = CStringGetTextDatum(scenario);
		values[off + 0] = CStringGetTextDatum(ex->chamber_codes[c]);
		cop_chamber_values(o, &values[off + 1]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

Datum
cop_alloc_allocate(PG_FUNCTION_ARGS)
{
	cop_exercise ex;
	cop_output	out;

	cop_put_lines(cop_compute_srf(fcinfo, &ex, &out), &ex, &out, NULL);
	return (Datum) 0;
}

/*
 * Load and compute the exercise of the function's first argument and return
 * its axis lines, as axis_deductions(year) does: chamber, axis, stake,
 * achievement, deduction, then the columns that more(ex, x, values) fills
 * when more is not NULL (sensitivity).
 */
Datum
cop_axis_lines_srf(FunctionCallInfo fcinfo,
				   void (*more) (const cop_exercise *ex, const cop_axis_out *x, Datum *values))
{
	cop_exercise ex;
	cop_output	out;
	ReturnSetInfo *rsinfo = cop_compute_srf(fcinfo, &ex, &out);

	for (int c = 0; c < ex.in.n_chambers; c++)
	{
		for (int a = 0; a < ex.in.n_axes; a++)
		{
			const cop_axis_out *x = &out.axes[(Size) c * ex.in.n_axes + a];
			Datum		values[8];
			bool		nulls[8] = {false};

			CHECK_FOR_INTERRUPTS();
			values[0] = CStringGetTextDatum(ex.chamber_codes[c]);
			values[1] = Int32GetDatum(ex.axis_nos[a]);
			cop_axis_values(x, &values[2]);
			if (more)
				more(&ex, x, &values[5]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

Datum
cop_alloc_axis_deductions(PG_FUNCTION_ARGS)
{
	return cop_axis_lines_srf(fcinfo, NULL);
}

Datum
cop_alloc_summary(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo;
	cop_exercise ex;
	cop_output	out;
	const cop_summary *s = &out.summary;
	Datum		values[7];
	bool		nulls[7] = {false};

	rsinfo = cop_compute_srf(fcinfo, &ex, &out);
	cop_summary_values(s, values);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}

/* Where a bound comes from, as allocation_bounds and engine_lines name it. */
const char *
cop_bound_source_name(cop_bound_source s, bool upper)
{
	switch (s)
	{
		case COP_BOUND_FLOOR:
			return upper ? "ceiling" : "floor";
		case COP_BOUND_TUNNEL:
			return "tunnel";
		default:
			return NULL;
	}
}

Datum
cop_alloc_allocation_bounds(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo;
	cop_exercise ex;
	cop_output	out;

	rsinfo = cop_compute_srf(fcinfo, &ex, &out);
	for (int c = 0; c < ex.in.n_chambers; c++)
	{
		const cop_chamber_out *o = &out.chambers[c];
		const cop_chamber *ch = &ex.in.chambers[c];
		const char *ls = cop_bound_source_name(o->lower_source, false);
		const char *us = cop_bound_source_name(o->upper_source, true);
		Datum		values[9];
		bool		nulls[9] = {false};

		CHECK_FOR_INTERRUPTS();
		values[0] = CStringGetTextDatum(ex.chamber_codes[c]);
		values[1] = cop_units_numeric(ch->op_key, 6);
		values[2] = cop_units_numeric(ch->perf_key, 6);
		values[3] = MONEY(o->lower);
		nulls[4] = (ls == NULL);
		values[4] = ls ? CStringGetTextDatum(ls) : (Datum) 0;
		nulls[5] = (o->upper == COP_NO_BOUND);
		values[5] = nulls[5] ? (Datum) 0 : MONEY(o->upper);
		nulls[6] = (us == NULL);
		values[6] = us ? CStringGetTextDatum(us) : (Datum) 0;
		values[7] = CStringGetTextDatum(o->binding == COP_BINDING_LOWER ? "lower" :
										o->binding == COP_BINDING_UPPER ? "upper" : "none");
		values[8] = MONEY(o->operating);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
