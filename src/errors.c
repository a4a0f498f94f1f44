/*
 * errors.c -- turn the core's status into PostgreSQL errors that name the
 * exercise, chamber, indicator, axis or parameter at fault (spec section 6),
 * each raised by cop_fail.
 */
#include "postgres.h"

#include "cop_pg.h"

#define EUR(x) cop_units_text((int64) (x), 2)
#define RATE(x) cop_units_text((int64) (x), 6)

/*
 * Raise an ERROR of SQLSTATE sqlstate with the message, and the detail and
 * the hint when not NULL, each as given (already formatted): the one shape
 * of the errors reported here.
 */
void
cop_fail(int sqlstate, const char *message, const char *detail, const char *hint)
{
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg_internal("%s", message),
			 detail ? errdetail_internal("%s", detail) : 0,
			 hint ? errhint("%s", hint) : 0));
	pg_unreachable();
}

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
			cop_fail(ERRCODE_CHECK_VIOLATION,
					 psprintf("quote-part of exercise %d exceeds its tax product", y),
					 psprintf("The quote-part is %s €; the tax product is %s €.",
							  EUR(p->quote_part), EUR(p->tax_product)), NULL);
		case COP_EQUOTE_BELOW_MIN:
			cop_fail(ERRCODE_CHECK_VIOLATION,
					 psprintf("quote-part of exercise %d is below its ministerial minimum", y),
					 psprintf("The quote-part is %s €; quote_part_min is %s €.",
							  EUR(p->quote_part), EUR(p->quote_part_min)),
					 "CMA France keeps at least the minimum (article L312-2).");
		case COP_EPCT_NEGATIVE:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("operating percentage of exercise %d is negative", y),
					 NULL, NULL);
		case COP_EPCT_NEEDS_AUTH:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("operating percentage %s exceeds the legal limit of 0.50",
							  RATE(p->operating_ppm)),
					 psprintf("Exercise %d has no ministerial authorisation.", y),
					 "Set minister_authorized when the minister has expressly authorised up to 0.75 (article R312-2 1°).");
		case COP_EPCT_OVER_MAX:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("operating percentage %s exceeds the limit of 0.75",
							  RATE(p->operating_ppm)),
					 psprintf("Exercise %d: even with the minister's authorisation the operating part is at most 75 %% of the distributable amount (article R312-2 1°).", y), NULL);
		case COP_ETOLERANCE:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("tolerance %s of exercise %d is outside [0, 1]",
							  RATE(p->tolerance_ppm), y),
					 NULL, NULL);
		case COP_ETUNNEL:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("%s of exercise %d is out of range",
							  err->b == 0 ? "max_decrease_pct" : "max_increase_pct", y),
					 psprintf("The value is %s.", RATE(err->a)), NULL);
		case COP_ENO_RECIPIENT:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("exercise %d has no recipient chamber", y),
					 NULL,
					 "Insert the regional chambers into cop_alloc.exercise_chamber.");
		case COP_ENO_AXIS:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("exercise %d has no axis", y),
					 NULL,
					 psprintf("Insert its axis weights into cop_alloc.exercise_axis, e.g. SELECT %d, axis_no, cop_weight FROM cop_alloc.axis.", y));
		case COP_EAXIS_WEIGHT_RANGE:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("weight of axis %d in exercise %d is outside [0, 1]",
							  ex->axis_nos[err->item], y),
					 psprintf("The weight is %s.", RATE(err->a)), NULL);
		case COP_EAXIS_WEIGHT_SUM:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("axis weights of exercise %d add up to %s, not 1", y, RATE(err->a)),
					 psprintf("The %d axes of the exercise must share the whole performance part.",
							  ex->in.n_axes), NULL);
		case COP_EOP_KEYS_ZERO:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("every operating key of exercise %d is zero", y),
					 psprintf("The operating part to split is %s € and no chamber has a positive operating_weight or assujettis.",
							  EUR(err->a)), NULL);
		case COP_EPERF_KEYS_ZERO:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("every performance key of exercise %d is zero", y),
					 psprintf("The performance part to split is %s € and no chamber has a positive performance key.",
							  EUR(err->a)), NULL);
		case COP_EBOUNDS_CROSSED:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("lower bound of chamber \"%s\" exceeds its upper bound in exercise %d",
							  chamber_name(ex, err->chamber), y),
					 psprintf("The lower bound is %s €; the upper bound is %s €.",
							  EUR(err->a), EUR(err->b)),
					 "Check floor_amount, ceiling_amount, previous_operating and the tunnel percentages.");
		case COP_EFLOORS_EXCEED:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("lower bounds of exercise %d exceed its operating part", y),
					 psprintf("The chambers' lower bounds add up to %s €; the operating part is %s €.",
							  EUR(err->a), EUR(err->b)), NULL);
		case COP_ECEILINGS_SHORT:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("upper bounds of exercise %d fall short of its operating part", y),
					 psprintf("Every chamber has an upper bound; they add up to %s €; the operating part is %s €.",
							  EUR(err->a), EUR(err->b)), NULL);
		case COP_EUNREACHABLE:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("operating part of exercise %d cannot be fully distributed", y),
					 psprintf("Chambers with a positive key reach their upper bounds and chambers with a zero key keep their lower bound: together %s €; the operating part is %s €.",
							  EUR(err->a), EUR(err->b)), NULL);
		case COP_EASSOCIATED:
			{
				const char *parent = (err->chamber >= 0 && err->chamber < ex->in.n_chambers &&
									  ex->parent_codes[err->chamber]) ?
				ex->parent_codes[err->chamber] : "?";

				cop_fail(ERRCODE_CHECK_VIOLATION,
						 psprintf("chamber \"%s\" is associated to \"%s\" and cannot receive an allocation",
								  chamber_name(ex, err->chamber), parent),
						 psprintf("Exercise %d lists it in exercise_chamber.", y),
						 psprintf("Give the exercise_chamber row to \"%s\" instead.", parent));
			}
		case COP_EMODULATION_RANGE:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("modulation_pct of chamber \"%s\" in exercise %d is outside [0, 1]",
							  chamber_name(ex, err->chamber), y),
					 psprintf("The rate is %s.", RATE(err->a)), NULL);
		case COP_EMODULATION_MOTIVE:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("modulation of chamber \"%s\" in exercise %d has no motive",
							  chamber_name(ex, err->chamber), y),
					 psprintf("The rate is %s; the general assembly reduces a performance part only for a stated failure to respect the COP or the COM (decree art. 17-1 I 2°).",
							  RATE(err->a)),
					 "Set modulation_motive, or set modulation_pct to NULL.");
		case COP_EMISSING_RESULT:
			{
				const char *member = (err->chamber >= 0 && err->chamber < ex->in.n_members) ?
				ex->member_codes[err->chamber] : "?";
				const char *ind = (err->item >= 0 && err->item < ex->in.n_indicators) ?
				ex->indicator_codes[err->item] : "?";

				cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
						 psprintf("missing result for chamber \"%s\", indicator \"%s\" in %d",
								  member, ind, ex->results_year),
						 psprintf("Exercise %d refuses to compute under missing_result policy error: the chamber has a positive target and no result.", y),
						 "Insert the result into cop_alloc.indicator_result, or set the exercise's missing_result to zero or exclude.");
			}
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
		cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
				 psprintf("unknown missing-result policy \"%s\" in exercise %d", text, year),
				 NULL,
				 "Use error, zero or exclude.");
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
			cop_fail(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
					 psprintf("numeric overflow while computing %s", context),
					 NULL, NULL);
		case COP_ENOMEM:
			cop_fail(ERRCODE_OUT_OF_MEMORY,
					 psprintf("out of memory while computing %s", context),
					 NULL, NULL);
		case COP_EINTERRUPTED:
			cop_fail(ERRCODE_QUERY_CANCELED,
					 psprintf("canceling the computation of %s", context),
					 NULL, NULL);
		case COP_ENEGATIVE:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("negative value in %s", context),
					 psprintf("Element %d is negative.", err->item + 1), NULL);
		case COP_EZERO_WEIGHTS:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("all weights are zero in %s", context),
					 psprintf("There are %s € to split.", EUR(err->a)), NULL);
		case COP_EBOUNDS_CROSSED:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("lower bound of element %d exceeds its upper bound in %s",
							  err->chamber + 1, context),
					 psprintf("The lower bound is %s; the upper bound is %s.",
							  EUR(err->a), EUR(err->b)), NULL);
		case COP_EFLOORS_EXCEED:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("lower bounds exceed the total in %s", context),
					 psprintf("The lower bounds add up to %s; the total is %s.",
							  EUR(err->a), EUR(err->b)), NULL);
		case COP_ECEILINGS_SHORT:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("upper bounds fall short of the total in %s", context),
					 psprintf("Every element has an upper bound; they add up to %s; the total is %s.",
							  EUR(err->a), EUR(err->b)), NULL);
		case COP_EUNREACHABLE:
			cop_fail(ERRCODE_INVALID_PARAMETER_VALUE,
					 psprintf("upper bounds fall short of the total in %s", context),
					 psprintf("At most %s can be given: elements of weight 0 keep their lower bound; the total is %s.",
							  EUR(err->a), EUR(err->b)), NULL);
		default:
			cop_fail(ERRCODE_INTERNAL_ERROR,
					 psprintf("cop_alloc failed while computing %s: %s",
							  context, cop_status_name(st)),
					 NULL, NULL);
	}
	pg_unreachable();
}
