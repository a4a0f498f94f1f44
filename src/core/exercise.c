/*
 * exercise.c -- one exercise's distribution, end to end (spec sections 1,
 * 4, 5 and 6; Code de l'artisanat L312-2, R312-2; COP 2023-2027 preamble).
 *
 *   P  -> quote-part Q (L312-2), distributable D = P - Q
 *   D  -> operating part O = rhu(D f), split by key within bounds (R312-2 1°)
 *   D-O -> performance part Pf, envelopes by key, stakes by axis weight,
 *         each stake cut by the axis's non-achievement (R312-2 2°, COP),
 *         then the modulation for non-respect (spec 5 bis; decree art.
 *         17-1 I 2°); every cut cent goes to the national-projects reserve.
 */
#include <string.h>

#include "cop_internal.h"

cop_status
cop_check_params(const cop_params *p, cop_error *err)
{
#define FAIL(code, a, b) \
	do { cop_error_set(err, code, -1, -1, a, b); return code; } while (0)

	if (p->tax_product < 0 || p->tax_product > COP_MAX_CENTS ||
		p->quote_part < 0 || p->quote_part > COP_MAX_CENTS ||
		(p->has_quote_part_min &&
		 (p->quote_part_min < 0 || p->quote_part_min > COP_MAX_CENTS)))
		FAIL(COP_ERANGE, p->tax_product, p->quote_part);
	if (p->quote_part > p->tax_product)
		FAIL(COP_EQUOTE_EXCEEDS, p->quote_part, p->tax_product);
	if (p->has_quote_part_min && p->quote_part < p->quote_part_min)
		FAIL(COP_EQUOTE_BELOW_MIN, p->quote_part, p->quote_part_min);
	if (p->operating_ppm < 0)
		FAIL(COP_EPCT_NEGATIVE, p->operating_ppm, 0);
	if (p->operating_ppm > COP_OPERATING_MAX_AUTH_PPM)
		FAIL(COP_EPCT_OVER_MAX, p->operating_ppm, COP_OPERATING_MAX_AUTH_PPM);
	if (p->operating_ppm > COP_OPERATING_MAX_PPM && !p->minister_authorized)
		FAIL(COP_EPCT_NEEDS_AUTH, p->operating_ppm, COP_OPERATING_MAX_PPM);
	if (p->tolerance_ppm < 0 || p->tolerance_ppm > COP_PPM)
		FAIL(COP_ETOLERANCE, p->tolerance_ppm, COP_PPM);
	if (p->has_max_decrease &&
		(p->max_decrease_ppm < 0 || p->max_decrease_ppm > COP_PPM))
		FAIL(COP_ETUNNEL, p->max_decrease_ppm, 0);
	if (p->has_max_increase &&
		(p->max_increase_ppm < 0 || p->max_increase_ppm > COP_MAX_PCT_PPM))
		FAIL(COP_ETUNNEL, p->max_increase_ppm, 1);
	if (p->missing_result != COP_MISSING_ERROR &&
		p->missing_result != COP_MISSING_ZERO &&
		p->missing_result != COP_MISSING_EXCLUDE)
		FAIL(COP_EINVAL, p->missing_result, 0);
	return COP_OK;
#undef FAIL
}

cop_status
cop_parse_missing_policy(const char *text, cop_missing_policy *out)
{
	if (strcmp(text, "error") == 0)
		*out = COP_MISSING_ERROR;
	else if (strcmp(text, "zero") == 0)
		*out = COP_MISSING_ZERO;
	else if (strcmp(text, "exclude") == 0)
		*out = COP_MISSING_EXCLUDE;
	else
		return COP_EINVAL;
	return COP_OK;
}

cop_status
cop_chamber_keys(const cop_keys *k, cop_chamber *ch)
{
	if (k->has_operating_weight)
		ch->op_key = k->operating_weight;
	else if (k->has_assujettis)
		ch->op_key = k->assujettis;
	else
		return COP_ENO_OPERATING_KEY;
	ch->perf_key = k->has_performance_weight ? k->performance_weight : ch->op_key;
	return COP_OK;
}

int32_t
cop_default_results_year(int32_t year)
{
	/* the results of a year condition the next year's tax (COP preamble) */
	return year - 1;
}

/* lo_c and hi_c of spec section 4 */
static cop_status
chamber_bounds(const cop_params *p, const cop_chamber *ch, cop_chamber_out *o)
{
	cop_i128	t;

	o->lower = 0;
	o->lower_source = COP_BOUND_NONE;
	o->upper = COP_NO_BOUND;
	o->upper_source = COP_BOUND_NONE;
	if (ch->has_floor)
	{
		o->lower = ch->floor_amount;
		o->lower_source = COP_BOUND_FLOOR;
	}
	if (ch->has_ceiling)
	{
		o->upper = ch->ceiling_amount;
		o->upper_source = COP_BOUND_FLOOR;
	}
	if (ch->has_previous && p->has_max_decrease)
	{
		COP_TRY(cop_mul(ch->previous_operating, COP_PPM - p->max_decrease_ppm, &t));
		COP_TRY(cop_rhu_div(t, COP_PPM, &t));
		if (t > o->lower)
		{
			o->lower = (int64_t) t;
			o->lower_source = COP_BOUND_TUNNEL;
		}
	}
	if (ch->has_previous && p->has_max_increase)
	{
		COP_TRY(cop_mul(ch->previous_operating, COP_PPM + p->max_increase_ppm, &t));
		COP_TRY(cop_rhu_div(t, COP_PPM, &t));
		if (o->upper == COP_NO_BOUND || t < o->upper)
		{
			COP_TRY(cop_narrow(t, &o->upper));
			o->upper_source = COP_BOUND_TUNNEL;
		}
	}
	return COP_OK;
}

typedef struct work
{
	int64_t    *keys;			/* n_chambers */
	int64_t    *lo;
	int64_t    *hi;
	int64_t    *parts;
	int64_t    *stakes;			/* n_axes */
	int		   *mstart;			/* n_chambers + 1: members of each recipient */
	int		   *morder;			/* n_members */
	cop_row_index own;			/* the rows' index, when the input has none */
	cop_i128   *tsum;			/* n_indicators */
	cop_i128   *vsum;
	cop_axis_acc *acc;			/* n_axes */
} work;

static void
work_free(work *w, const cop_allocator *al)
{
	cop_free(al, w->keys);
	cop_free(al, w->lo);
	cop_free(al, w->hi);
	cop_free(al, w->parts);
	cop_free(al, w->stakes);
	cop_free(al, w->mstart);
	cop_free(al, w->morder);
	cop_free_row_index(&w->own, al);
	cop_free(al, w->tsum);
	cop_free(al, w->vsum);
	cop_free(al, w->acc);
}

/*
 * w->mstart and w->morder: the members of recipient c are
 * morder[mstart[c] .. mstart[c + 1]), in code order (a counting sort).
 * A member of no recipient has no row (measure checked): it is left out.
 */
static cop_status
group_members(const cop_input *in, work *w, const cop_allocator *al)
{
	int			nc = in->n_chambers,
				m,
				c;

	memset(w->mstart, 0, sizeof(int) * ((size_t) nc + 1));
	for (m = 0; m < in->n_members; m++)
	{
		int			rc = in->members[m].recipient;

		COP_CHECK_INTERRUPT(al, (size_t) m);
		if (rc >= 0 && rc < nc)
			w->mstart[rc + 1]++;
	}
	for (c = 0; c < nc; c++)
		w->mstart[c + 1] += w->mstart[c];
	/* mstart[c] serves as c's cursor, which ends at c + 1's start ... */
	for (m = 0; m < in->n_members; m++)
	{
		int			rc = in->members[m].recipient;

		if (rc >= 0 && rc < nc)
			w->morder[w->mstart[rc]++] = m;
	}
	/* ... so shift the starts back */
	for (c = nc; c > 0; c--)
		w->mstart[c] = w->mstart[c - 1];
	w->mstart[0] = 0;
	return COP_OK;
}

/* Achievement of every (recipient, axis), into out->axes[].achievement. */
static cop_status
measure(const cop_input *in, cop_output *out, work *w, cop_error *err,
		const cop_allocator *al)
{
	const cop_params *p = &in->params;
	const cop_row_index *ix = in->row_index;
	int			nc = in->n_chambers,
				na = in->n_axes,
				ni = in->n_indicators;
	size_t		k,
				seen = 0;
	int			c,
				i,
				a;
	int			miss_member = -1,
				miss_indicator = -1;
	cop_status	st;

	for (k = 0; k < in->n_rows; k++)
	{
		const cop_row *r = &in->rows[k];

		COP_CHECK_INTERRUPT(al, k);

		if (r->member < 0 || r->member >= in->n_members ||
			r->indicator < 0 || r->indicator >= ni ||
			in->members[r->member].recipient < 0 ||
			in->members[r->member].recipient >= nc ||
			r->target < 0 || r->target > COP_MAX_MICRO ||
			(r->has_realized && (r->realized < 0 || r->realized > COP_MAX_MICRO)))
		{
			cop_error_set(err, COP_EINVAL, r->member, r->indicator, r->target,
						  r->realized);
			return COP_EINVAL;
		}
	}
	if (ix == NULL)
	{
		st = cop_index_rows(in->rows, in->n_rows, in->n_members, &w->own, al);
		if (st != COP_OK)
		{
			cop_error_set(err, st, -1, -1, 0, 0);
			return st;
		}
		ix = &w->own;
	}
	COP_TRY(group_members(in, w, al));

	for (c = 0; c < nc; c++)
	{
		COP_CHECK_INTERRUPT(al, (size_t) c);
		for (i = 0; i < ni; i++)
			w->tsum[i] = w->vsum[i] = 0;
		for (a = 0; a < na; a++)
			cop_axis_acc_init(&w->acc[a]);

		for (int j = w->mstart[c]; j < w->mstart[c + 1]; j++)
		{
			int			m = w->morder[j];
			size_t		lo = ix->start[m],
						hi = ix->start[m + 1];

			/* a given index must be cop_index_rows's: every row once, in order */
			if (lo > hi || hi > in->n_rows)
			{
				cop_error_set(err, COP_EINVAL, m, -1, (cop_i128) lo, (cop_i128) hi);
				return COP_EINVAL;
			}
			for (k = lo; k < hi; k++)
			{
				size_t		rk = ix->order[k];
				const cop_row *r;
				const cop_indicator *ind;
				int64_t		v;

				if (rk >= in->n_rows || in->rows[rk].member != m ||
					(k > lo && !cop_row_before(in->rows, ix->order[k - 1], rk)))
				{
					cop_error_set(err, COP_EINVAL, m, -1, (cop_i128) k, (cop_i128) rk);
					return COP_EINVAL;
				}
				seen++;
				r = &in->rows[rk];
				ind = &in->indicators[r->indicator];
				v = r->realized;
				if (!cop_weighed(in, ind))
					continue;	/* ignored entirely */
				if (r->target > 0 && !r->has_realized)
				{
					if (p->missing_result == COP_MISSING_EXCLUDE)
						continue;
					if (p->missing_result == COP_MISSING_ERROR)
					{
						if (miss_member < 0 || r->member < miss_member ||
							(r->member == miss_member && r->indicator < miss_indicator))
						{
							miss_member = r->member;
							miss_indicator = r->indicator;
						}
						continue;
					}
					v = 0;
				}
				if (!r->has_realized)
					v = 0;
				w->tsum[r->indicator] += r->target; /* <= 2^31 x 2^60 */
				w->vsum[r->indicator] += v;
			}
		}
		if (miss_member >= 0)
			continue;			/* keep looking for the first culprit */

		for (i = 0; i < ni; i++)
		{
			const cop_indicator *ind = &in->indicators[i];
			int64_t		ppm;
			bool		applicable;
			cop_status	st;

			if (w->tsum[i] == 0)
				continue;		/* no target: not applicable */
			st = cop_indicator_achievement(w->vsum[i], w->tsum[i],
										   ind->direction, &ppm, &applicable);
			if (st == COP_OK)
				st = cop_axis_acc_add(&w->acc[ind->axis], ppm, ind->weight);
			if (st != COP_OK)
			{
				cop_error_set(err, st, c, i, w->vsum[i], w->tsum[i]);
				return st;
			}
		}
		for (a = 0; a < na; a++)
		{
			int64_t		r;
			cop_status	st = cop_axis_acc_final(&w->acc[a], &r);

			if (st != COP_OK)
			{
				cop_error_set(err, st, c, a, w->acc[a].sum_wa, w->acc[a].sum_w);
				return st;
			}
			r = cop_apply_tolerance(r, p->tolerance_ppm);
			if (in->achievement_override != NULL)
			{
				int64_t		o = in->achievement_override[(size_t) c * na + a];

				if (o > COP_PPM || o < -1)
				{
					cop_error_set(err, COP_EINVAL, c, a, o, 0);
					return COP_EINVAL;
				}
				if (o >= 0)
					r = o;
			}
			out->axes[(size_t) c * na + a].achievement = r;
		}
	}
	if (seen != in->n_rows)
	{
		cop_error_set(err, COP_EINVAL, -1, -1, (cop_i128) seen, (cop_i128) in->n_rows);
		return COP_EINVAL;
	}
	if (miss_member >= 0)
	{
		cop_error_set(err, COP_EMISSING_RESULT, miss_member, miss_indicator, 0, 0);
		return COP_EMISSING_RESULT;
	}
	return COP_OK;
}

cop_status
cop_every_recipient_measured(const cop_input *in, bool *all, const cop_allocator *al)
{
	bool	   *measured;
	int			left = in->n_chambers;
	cop_status	st = COP_OK;

	*all = false;
	if (left <= 0)
		return COP_OK;
	measured = cop_malloc(al, (size_t) left, sizeof(bool));
	if (measured == NULL)
		return COP_ENOMEM;
	memset(measured, 0, sizeof(bool) * (size_t) left);
	for (size_t k = 0; k < in->n_rows && left > 0; k++)
	{
		const cop_row *r = &in->rows[k];
		const cop_indicator *ind;
		int			c;

		if (cop_interrupted(al, k))
		{
			st = COP_EINTERRUPTED;
			break;
		}
		if (r->target <= 0)
			continue;
		if (r->member < 0 || r->member >= in->n_members ||
			r->indicator < 0 || r->indicator >= in->n_indicators)
		{
			st = COP_EINVAL;
			break;
		}
		ind = &in->indicators[r->indicator];
		if (!cop_weighed(in, ind))
			continue;
		c = in->members[r->member].recipient;
		if (c < 0 || c >= in->n_chambers)
		{
			st = COP_EINVAL;
			break;
		}
		if (!measured[c])
		{
			measured[c] = true;
			left--;
		}
	}
	if (st == COP_OK)
		*all = (left == 0);
	cop_free(al, measured);
	return st;
}

cop_status
cop_compute(const cop_input *in, cop_output *out, cop_error *err,
			const cop_allocator *al)
{
	const cop_params *p = &in->params;
	cop_summary *sm = &out->summary;
	int			nc = in->n_chambers,
				na = in->n_axes,
				c,
				a;
	int64_t		sum_w = 0;
	cop_i128	t;
	work		w;
	cop_status	st;

	memset(&w, 0, sizeof(w));
	memset(sm, 0, sizeof(*sm));
	cop_error_set(err, COP_OK, -1, -1, 0, 0);

	COP_TRY(cop_check_params(p, err));
	if (nc <= 0)
	{
		cop_error_set(err, COP_ENO_RECIPIENT, -1, -1, 0, 0);
		return COP_ENO_RECIPIENT;
	}
	if (na <= 0)
	{
		cop_error_set(err, COP_ENO_AXIS, -1, -1, 0, 0);
		return COP_ENO_AXIS;
	}
	for (a = 0; a < na; a++)
	{
		if (in->axis_weight_ppm[a] < 0 || in->axis_weight_ppm[a] > COP_PPM)
		{
			cop_error_set(err, COP_EAXIS_WEIGHT_RANGE, -1, a,
						  in->axis_weight_ppm[a], COP_PPM);
			return COP_EAXIS_WEIGHT_RANGE;
		}
		sum_w += in->axis_weight_ppm[a];
	}
	if (sum_w != COP_PPM)
	{
		cop_error_set(err, COP_EAXIS_WEIGHT_SUM, -1, -1, sum_w, COP_PPM);
		return COP_EAXIS_WEIGHT_SUM;
	}
	if (in->n_indicators < 0 || in->n_members < 0)
	{
		cop_error_set(err, COP_EINVAL, -1, -1, 0, 0);
		return COP_EINVAL;
	}
	for (int i = 0; i < in->n_indicators; i++)
	{
		const cop_indicator *ind = &in->indicators[i];

		if (ind->axis >= na || ind->axis < -1 || ind->weight < 0 ||
			ind->weight > COP_MAX_MICRO ||
			(ind->direction != COP_HIGHER && ind->direction != COP_LOWER))
		{
			cop_error_set(err, COP_EINVAL, -1, i, ind->weight, ind->axis);
			return COP_EINVAL;
		}
	}

	/* 1. quote-part, distributable, operating and performance parts */
	sm->tax_product = p->tax_product;
	sm->quote_part = p->quote_part;
	sm->distributable = p->tax_product - p->quote_part;
	COP_TRY(cop_mul(sm->distributable, p->operating_ppm, &t));
	COP_TRY(cop_rhu_div(t, COP_PPM, &t));
	sm->operating_part = (int64_t) t;	/* <= D since f <= 0.75 */
	sm->performance_part = sm->distributable - sm->operating_part;

	w.keys = cop_malloc(al, (size_t) nc, sizeof(int64_t));
	w.lo = cop_malloc(al, (size_t) nc, sizeof(int64_t));
	w.hi = cop_malloc(al, (size_t) nc, sizeof(int64_t));
	w.parts = cop_malloc(al, (size_t) nc, sizeof(int64_t));
	w.stakes = cop_malloc(al, (size_t) na, sizeof(int64_t));
	w.mstart = cop_malloc(al, (size_t) nc + 1, sizeof(int));
	w.morder = cop_malloc(al, (size_t) in->n_members, sizeof(int));
	w.tsum = cop_malloc(al, (size_t) in->n_indicators, sizeof(cop_i128));
	w.vsum = cop_malloc(al, (size_t) in->n_indicators, sizeof(cop_i128));
	w.acc = cop_malloc(al, (size_t) na, sizeof(cop_axis_acc));
	if (!w.keys || !w.lo || !w.hi || !w.parts || !w.stakes || !w.mstart ||
		!w.morder || !w.tsum || !w.vsum || !w.acc)
	{
		st = COP_ENOMEM;
		cop_error_set(err, st, -1, -1, 0, 0);
		goto done;
	}

	/* 2. operating part within the equalisation bounds (section 4) */
	for (c = 0; c < nc; c++)
	{
		const cop_chamber *ch = &in->chambers[c];
		cop_chamber_out *o = &out->chambers[c];

		memset(o, 0, sizeof(*o));
		if (cop_interrupted(al, (size_t) c))
		{
			st = COP_EINTERRUPTED;
			goto done;
		}
		if (ch->op_key < 0 || ch->op_key > COP_MAX_MICRO ||
			ch->perf_key < 0 || ch->perf_key > COP_MAX_MICRO ||
			(ch->has_floor && (ch->floor_amount < 0 || ch->floor_amount > COP_MAX_CENTS)) ||
			(ch->has_ceiling && (ch->ceiling_amount < 0 || ch->ceiling_amount > COP_MAX_CENTS)) ||
			(ch->has_previous && (ch->previous_operating < 0 ||
								  ch->previous_operating > COP_MAX_CENTS)))
		{
			st = COP_EINVAL;
			cop_error_set(err, st, c, -1, ch->op_key, ch->perf_key);
			goto done;
		}
		if (ch->associated)
		{
			/* spec 4: an associated chamber never receives an allocation */
			st = COP_EASSOCIATED;
			cop_error_set(err, st, c, -1, 0, 0);
			goto done;
		}
		if (ch->has_modulation &&
			(ch->modulation_ppm < 0 || ch->modulation_ppm > COP_PPM))
		{
			st = COP_EMODULATION_RANGE;
			cop_error_set(err, st, c, -1, ch->modulation_ppm, COP_PPM);
			goto done;
		}
		if (ch->has_modulation && ch->modulation_ppm > 0 &&
			!ch->has_modulation_motive)
		{
			st = COP_EMODULATION_MOTIVE;
			cop_error_set(err, st, c, -1, ch->modulation_ppm, 0);
			goto done;
		}
		if ((st = chamber_bounds(p, ch, o)) != COP_OK)
		{
			cop_error_set(err, st, c, -1, ch->previous_operating, 0);
			goto done;
		}
		w.keys[c] = ch->op_key;
		w.lo[c] = o->lower;
		w.hi[c] = o->upper;
	}
	st = cop_apportion_bounded(sm->operating_part, w.keys, w.lo, w.hi, nc,
							   w.parts, err, al);
	if (st == COP_EZERO_WEIGHTS)
	{
		st = COP_EOP_KEYS_ZERO;
		cop_error_set(err, st, -1, -1, sm->operating_part, 0);
	}
	if (st != COP_OK)
		goto done;
	for (c = 0; c < nc; c++)
	{
		cop_chamber_out *o = &out->chambers[c];

		o->operating = w.parts[c];
		if (o->lower_source != COP_BOUND_NONE && o->operating == o->lower)
			o->binding = COP_BINDING_LOWER;
		else if (o->upper_source != COP_BOUND_NONE && o->operating == o->upper)
			o->binding = COP_BINDING_UPPER;
	}

	/* 3. envelopes (section 5), when the AG decided the performance part */
	if (p->performance_decided)
	{
		for (c = 0; c < nc; c++)
			w.keys[c] = in->chambers[c].perf_key;
		st = cop_apportion(sm->performance_part, w.keys, nc, w.parts, err, al);
		if (st == COP_EZERO_WEIGHTS)
		{
			st = COP_EPERF_KEYS_ZERO;
			cop_error_set(err, st, -1, -1, sm->performance_part, 0);
		}
		if (st != COP_OK)
			goto done;
	}
	else
		memset(w.parts, 0, sizeof(int64_t) * (size_t) nc);

	/* 4. achievements, measured even when the part is undecided */
	if ((st = measure(in, out, &w, err, al)) != COP_OK)
		goto done;

	/*
	 * 5. stakes and deductions, then the modulation of what is left (spec
	 * 5 bis, only when the part was decided); every cut cent goes to the
	 * reserve
	 */
	for (c = 0; c < nc; c++)
	{
		cop_chamber_out *o = &out->chambers[c];

		if (cop_interrupted(al, (size_t) c))
		{
			st = COP_EINTERRUPTED;
			goto done;
		}
		o->envelope = w.parts[c];
		st = cop_apportion(o->envelope, in->axis_weight_ppm, na, w.stakes, err, al);
		if (st != COP_OK)
		{
			err->chamber = c;
			goto done;
		}
		o->deduction = 0;
		for (a = 0; a < na; a++)
		{
			cop_axis_out *ax = &out->axes[(size_t) c * na + a];

			ax->stake = w.stakes[a];
			if ((st = cop_deduction(ax->stake, ax->achievement, &ax->deduction)) != COP_OK)
			{
				cop_error_set(err, st, c, a, ax->stake, ax->achievement);
				goto done;
			}
			o->deduction += ax->deduction;
		}
		o->performance = o->envelope - o->deduction;
		if (p->performance_decided && in->chambers[c].has_modulation &&
			(st = cop_modulation(o->performance, in->chambers[c].modulation_ppm,
								 &o->modulation)) != COP_OK)
		{
			cop_error_set(err, st, c, -1, o->performance,
						  in->chambers[c].modulation_ppm);
			goto done;
		}
		o->performance -= o->modulation;
		o->total = o->operating + o->performance;
		sm->allocated += o->total;
		sm->deductions += o->deduction;
		sm->modulations += o->modulation;
	}
	if (!p->performance_decided)
		sm->undistributed = sm->performance_part;
	sm->reserve = sm->deductions + sm->modulations + sm->undistributed;

	/* the invariant, to the cent: P = Q + allocated + reserve */
	if (sm->quote_part + sm->allocated + sm->reserve != sm->tax_product)
	{
		st = COP_EINTERNAL;
		cop_error_set(err, st, -1, -1, sm->allocated, sm->reserve);
	}

done:
	work_free(&w, al);
	return st;
}
