/*
 * achievement.c -- indicator and axis achievement, tolerance, deduction
 * (spec section 5; COP 2023-2027 preamble: each axis's stake "pourra être
 * réduit ... proportionnellement au taux de non-réalisation des objectifs").
 */
#include <string.h>

#include "cop_internal.h"

cop_status
cop_indicator_achievement(cop_i128 realized, cop_i128 target,
						  cop_direction dir, int64_t *ppm, bool *applicable)
{
	cop_i128	num,
				r;

	if (realized < 0 || target < 0)
		return COP_ENEGATIVE;
	if (dir != COP_HIGHER && dir != COP_LOWER)
		return COP_EINVAL;
	if (target == 0)
	{
		*applicable = false;
		*ppm = COP_PPM;
		return COP_OK;
	}
	*applicable = true;
	if (dir == COP_HIGHER)
	{
		if (realized >= target)
		{
			*ppm = COP_PPM;
			return COP_OK;
		}
		COP_TRY(cop_mul(realized, COP_PPM, &num));
		COP_TRY(cop_rhu_div(num, target, &r));
	}
	else
	{
		/* fewer is better: V <= T is full achievement, else T / V */
		if (realized <= target)
		{
			*ppm = COP_PPM;
			return COP_OK;
		}
		COP_TRY(cop_mul(target, COP_PPM, &num));
		COP_TRY(cop_rhu_div(num, realized, &r));
	}
	*ppm = (int64_t) r;			/* 0 <= r <= 10^6 */
	return COP_OK;
}

void
cop_axis_acc_init(cop_axis_acc *acc)
{
	acc->sum_wa = 0;
	acc->sum_w = 0;
}

cop_status
cop_axis_acc_add(cop_axis_acc *acc, int64_t achievement_ppm, int64_t weight)
{
	cop_i128	wa;

	if (achievement_ppm < 0 || achievement_ppm > COP_PPM || weight < 0)
		return COP_EINVAL;
	if (weight == 0)
		return COP_OK;
	COP_TRY(cop_mul(weight, achievement_ppm, &wa));
	COP_TRY(cop_add(acc->sum_wa, wa, &acc->sum_wa));
	return cop_add(acc->sum_w, weight, &acc->sum_w);
}

cop_status
cop_axis_acc_merge(cop_axis_acc *acc, const cop_axis_acc *other)
{
	COP_TRY(cop_add(acc->sum_wa, other->sum_wa, &acc->sum_wa));
	return cop_add(acc->sum_w, other->sum_w, &acc->sum_w);
}

cop_status
cop_axis_acc_final(const cop_axis_acc *acc, int64_t *ppm)
{
	cop_i128	r;

	if (acc->sum_w == 0)
	{
		*ppm = COP_PPM;			/* no applicable indicator */
		return COP_OK;
	}
	if (acc->sum_w < 0 || acc->sum_wa < 0)
		return COP_EINVAL;
	COP_TRY(cop_rhu_div(acc->sum_wa, acc->sum_w, &r));
	if (r > COP_PPM)
		return COP_EINTERNAL;
	*ppm = (int64_t) r;
	return COP_OK;
}

int64_t
cop_apply_tolerance(int64_t achievement_ppm, int64_t tolerance_ppm)
{
	if (achievement_ppm >= COP_PPM - tolerance_ppm)
		return COP_PPM;
	return achievement_ppm;
}

cop_status
cop_deduction(int64_t stake, int64_t achievement_ppm, int64_t *out)
{
	cop_i128	num,
				r;

	if (stake < 0 || achievement_ppm < 0 || achievement_ppm > COP_PPM)
		return COP_EINVAL;
	COP_TRY(cop_mul(stake, COP_PPM - achievement_ppm, &num));
	COP_TRY(cop_rhu_div(num, COP_PPM, &r));
	return cop_narrow(r, out);
}

/*
 * The modulation for non-respect (spec section 5 bis; decree art. 17-1 I 2°,
 * L312-2): rhu(performance x rate / 10^6), the deduction's rounding with
 * the rate in place of the non-achievement.
 */
cop_status
cop_modulation(int64_t performance, int64_t rate_ppm, int64_t *out)
{
	if (rate_ppm < 0 || rate_ppm > COP_PPM)
		return COP_EINVAL;
	return cop_deduction(performance, COP_PPM - rate_ppm, out);
}

bool
cop_motive_given(const char *motive)
{
	if (motive == NULL)
		return false;
	for (; *motive; motive++)
		if (*motive != ' ' && *motive != '\t' && *motive != '\n' &&
			*motive != '\r' && *motive != '\v' && *motive != '\f')
			return true;
	return false;
}

cop_status
cop_parse_direction(const char *text, cop_direction *out)
{
	if (strcmp(text, "higher") == 0)
		*out = COP_HIGHER;
	else if (strcmp(text, "lower") == 0)
		*out = COP_LOWER;
	else
		return COP_EINVAL;
	return COP_OK;
}
