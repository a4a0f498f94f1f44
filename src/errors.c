/*
 * errors.c -- turn the core's status into PostgreSQL errors that name the
 * exercise, chamber, indicator, axis or parameter at fault (spec section 6).
 */
#include "postgres.h"

#include "cop_pg.h"

#define EUR(x) cop_units_text((int64) (x), 2)
#define RATE(x) cop_units_text((int64) (x), 6)

static const char *
chamber_name(const cop_exercise *ex, int idx)
{
	if (idx >= 0 && idx < ex->in.n_chambers)
		return ex->chamber_codes[idx];
	return "?";
}

void
cop_report(const cop_exercise *ex, cop_status st, const cop_error *err)
{
	const cop_params *p = &ex->params;
	int			y = ex->year;

	switch (st)
	{
		case COP_EQUOTE_EXCEEDS:
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("quote-part of exercise %d exceeds its tax product", y),
					 errdetail("The quote-part is %s €; the tax product is %s €.",
							   EUR(p->quote_part), EUR(p->tax_product))));
			break;
		case COP_EQUOTE_BELOW_MIN:
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("quote-part of exercise %d is below its ministerial minimum", y),
					 errdetail("The quote-part is %s €; quote_part_min is %s €.",
							   EUR(p->quote_part), EUR(p->quote_part_min)),
					 errhint("CMA France keeps at least the minimum (article L312-2).")));
			break;
		case COP_EPCT_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("operating percentage of exercise %d is negative", y)));
			break;
		case COP_EPCT_NEEDS_AUTH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("operating percentage %s exceeds the legal limit of 0.50",
							RATE(p->operating_ppm)),
					 errdetail("Exercise %d has no ministerial authorisation.", y),
					 errhint("Set minister_authorized when the minister has expressly authorised up to 0.75 (article R312-2 1°).")));
			break;
		case COP_EPCT_OVER_MAX:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("operating percentage %s exceeds the limit of 0.75",
							RATE(p->operating_ppm)),
					 errdetail("Exercise %d: even with the minister's authorisation the operating part is at most 75 %% of the distributable amount (article R312-2 1°).", y)));
			break;
		case COP_ETOLERANCE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("tolerance %s of exercise %d is outside [0, 1]",
							RATE(p->tolerance_ppm), y)));
			break;
		case COP_ETUNNEL:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s of exercise %d is out of range",
							err->b == 0 ? "max_decrease_pct" : "max_increase_pct", y),
					 errdetail("The value is %s.", RATE(err->a))));
			break;
		case COP_ENO_RECIPIENT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("exercise %d has no recipient chamber", y),
					 errhint("Insert the regional chambers into cop_alloc.exercise_chamber.")));
			break;
		case COP_ENO_AXIS:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("exercise %d has no axis", y),
					 errhint("Insert its axis weights into cop_alloc.exercise_axis, e.g. SELECT %d, axis_no, cop_weight FROM cop_alloc.axis.", y)));
			break;
		case COP_EAXIS_WEIGHT_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weight of axis %d in exercise %d is outside [0, 1]",
							ex->axis_nos[err->item], y),
					 errdetail("The weight is %s.", RATE(err->a))));
			break;
		case COP_EAXIS_WEIGHT_SUM:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("axis weights of exercise %d add up to %s, not 1", y, RATE(err->a)),
					 errdetail("The %d axes of the exercise must share the whole performance part.",
							   ex->in.n_axes)));
			break;
		case COP_EOP_KEYS_ZERO:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("every operating key of exercise %d is zero", y),
					 errdetail("The operating part to split is %s € and no chamber has a positive operating_weight or assujettis.",
							   EUR(err->a))));
			break;
		case COP_EPERF_KEYS_ZERO:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("every performance key of exercise %d is zero", y),
					 errdetail("The performance part to split is %s € and no chamber has a positive performance key.",
							   EUR(err->a))));
			break;
		case COP_EBOUNDS_CROSSED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lower bound of chamber \"%s\" exceeds its upper bound in exercise %d",
							chamber_name(ex, err->chamber), y),
					 errdetail("The lower bound is %s €; the upper bound is %s €.",
							   EUR(err->a), EUR(err->b)),
					 errhint("Check floor_amount, ceiling_amount, previous_operating and the tunnel percentages.")));
			break;
		case COP_EFLOORS_EXCEED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lower bounds of exercise %d exceed its operating part", y),
					 errdetail("The chambers' lower bounds add up to %s €; the operating part is %s €.",
							   EUR(err->a), EUR(err->b))));
			break;
		case COP_ECEILINGS_SHORT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("upper bounds of exercise %d fall short of its operating part", y),
					 errdetail("Every chamber has an upper bound; they add up to %s €; the operating part is %s €.",
							   EUR(err->a), EUR(err->b))));
			break;
		case COP_EUNREACHABLE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("operating part of exercise %d cannot be fully distributed", y),
					 errdetail("Chambers with a positive key reach their upper bounds and chambers with a zero key keep their lower bound: together %s €; the operating part is %s €.",
							   EUR(err->a), EUR(err->b))));
			break;
		case COP_EASSOCIATED:
			{
				const char *parent = (err->chamber >= 0 && err->chamber < ex->in.n_chambers &&
									  ex->parent_codes[err->chamber]) ?
				ex->parent_codes[err->chamber] : "?";

				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("chamber \"%s\" is associated to \"%s\" and cannot receive an allocation",
								chamber_name(ex, err->chamber), parent),
						 errdetail("Exercise %d lists it in exercise_chamber.", y),
						 errhint("Give the exercise_chamber row to \"%s\" instead.", parent)));
			}
			break;
		case COP_EMODULATION_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("modulation_pct of chamber \"%s\" in exercise %d is outside [0, 1]",
							chamber_name(ex, err->chamber), y),
					 errdetail("The rate is %s.", RATE(err->a))));
			break;
		case COP_EMODULATION_MOTIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("modulation of chamber \"%s\" in exercise %d has no motive",
							chamber_name(ex, err->chamber), y),
					 errdetail("The rate is %s; the general assembly reduces a performance part only for a stated failure to respect the COP or the COM (decree art. 17-1 I 2°).",
							   RATE(err->a)),
					 errhint("Set modulation_motive, or set modulation_pct to NULL.")));
			break;
		case COP_EMISSING_RESULT:
			{
				const char *member = (err->chamber >= 0 && err->chamber < ex->in.n_members) ?
				ex->member_codes[err->chamber] : "?";
				const char *ind = (err->item >= 0 && err->item < ex->in.n_indicators) ?
				ex->indicator_codes[err->item] : "?";

				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("missing result for chamber \"%s\", indicator \"%s\" in %d",
								member, ind, ex->results_year),
						 errdetail("Exercise %d refuses to compute under missing_result policy error: the chamber has a positive target and no result.", y),
						 errhint("Insert the result into cop_alloc.indicator_result, or set the exercise's missing_result to zero or exclude.")));
			}
			break;
		default:
			{
				char		ctx[64];

				snprintf(ctx, sizeof(ctx), "exercise %d", y);
				cop_report_simple(st, err, ctx);
			}
	}
	pg_unreachable();
}

/* The policy named by text (cop_parse_missing_policy), or an error. */
cop_missing_policy
cop_missing_policy_or_error(const char *text, int32 year)
{
	cop_missing_policy policy;

	if (cop_parse_missing_policy(text, &policy) != COP_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown missing-result policy \"%s\" in exercise %d", text, year),
				 errhint("Use error, zero or exclude.")));
	return policy;
}

void
cop_report_simple(cop_status st, const cop_error *e, const char *context)
{
	cop_error	none = {st, -1, -1, 0, 0};
	const cop_error *err = e ? e : &none;

	switch (st)
	{
		case COP_EOVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("numeric overflow while computing %s", context)));
			break;
		case COP_ENOMEM:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory while computing %s", context)));
			break;
		case COP_EINTERRUPTED:
			ereport(ERROR,
					(errcode(ERRCODE_QUERY_CANCELED),
					 errmsg("canceling the computation of %s", context)));
			break;
		case COP_ENEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("negative value in %s", context),
					 errdetail("Element %d is negative.", err->item + 1)));
			break;
		case COP_EZERO_WEIGHTS:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("all weights are zero in %s", context),
					 errdetail("There are %s € to split.", EUR(err->a))));
			break;
		case COP_EBOUNDS_CROSSED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lower bound of element %d exceeds its upper bound in %s",
							err->chamber + 1, context),
					 errdetail("The lower bound is %s; the upper bound is %s.",
							   EUR(err->a), EUR(err->b))));
			break;
		case COP_EFLOORS_EXCEED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lower bounds exceed the total in %s", context),
					 errdetail("The lower bounds add up to %s; the total is %s.",
							   EUR(err->a), EUR(err->b))));
			break;
		case COP_ECEILINGS_SHORT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("upper bounds fall short of the total in %s", context),
					 errdetail("Every element has an upper bound; they add up to %s; the total is %s.",
							   EUR(err->a), EUR(err->b))));
			break;
		case COP_EUNREACHABLE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("upper bounds fall short of the total in %s", context),
					 errdetail("At most %s can be given: elements of weight 0 keep their lower bound; the total is %s.",
							   EUR(err->a), EUR(err->b))));
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("cop_alloc failed while computing %s: %s",
							context, cop_status_name(st))));
	}
	pg_unreachable();
}
