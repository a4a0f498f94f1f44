/*
 * bounds.c -- bounded apportionment: the operating part with equalisation
 * (spec section 4; R312-2 1°, COP preamble on "péréquation").
 *
 * x_i = clamp(lambda w_i, lo_i, hi_i) with the lambda >= 0 that makes
 * sum x_i = T.  g(lambda) = sum x_i is piecewise linear and non-decreasing,
 * with a breakpoint where a part leaves its floor (lambda = lo_i / w_i) or
 * reaches its ceiling (lambda = hi_i / w_i).  We sort the breakpoints as
 * exact fractions and sweep them until g reaches T; on that segment
 * lambda = N / S exactly, so every free part is N w_i / S: its floor and
 * remainder over the common denominator S give the cents by largest
 * remainder, exactly as apportion() does.  A part with w_i = 0 stays at lo_i.
 */
#include <stdlib.h>

#include "cop_internal.h"

typedef struct wf_event
{
	cop_i128	num;			/* lambda = num / den, den > 0 */
	cop_i128	den;
	int			idx;
	bool		leave;			/* false: leaves its floor; true: reaches its ceiling */
} wf_event;

enum
{
	AT_LOWER = 0, FREE = 1, AT_UPPER = 2
};

static int
event_cmp(const void *a, const void *b)
{
	const wf_event *x = a;
	const wf_event *y = b;

	/* num <= 2^63, den <= 2^63: the products fit in 127 bits */
	cop_i128	l = x->num * y->den;
	cop_i128	r = y->num * x->den;

	if (l != r)
		return l < r ? -1 : 1;
	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	return (int) x->leave - (int) y->leave;
}

cop_status
cop_apportion_bounded(int64_t total, const int64_t *w, const int64_t *lo,
					  const int64_t *hi, int n, int64_t *out, cop_error *err,
					  const cop_allocator *al)
{
	wf_event   *ev = NULL;
	unsigned char *state = NULL;
	cop_i128   *rem = NULL;
	cop_i128	sum_lo = 0,
				sum_hi = 0,
				c,
				s = 0,
				num,
				given = 0;
	bool		all_capped = true,
				any_weight = false;
	int			nev = 0,
				i,
				j;
	cop_status	st = COP_OK;

	if (total < 0 || n < 0 || (n > 0 && (!w || !lo || !hi || !out)))
	{
		cop_error_set(err, COP_EINVAL, -1, -1, total, n);
		return COP_EINVAL;
	}
	for (i = 0; i < n; i++)
	{
		COP_CHECK_INTERRUPT(al, (size_t) i);
		if (w[i] < 0 || lo[i] < 0 || (hi[i] < 0 && hi[i] != COP_NO_BOUND))
		{
			cop_error_set(err, COP_ENEGATIVE, i, -1, w[i], lo[i]);
			return COP_ENEGATIVE;
		}
		if (hi[i] != COP_NO_BOUND && lo[i] > hi[i])
		{
			cop_error_set(err, COP_EBOUNDS_CROSSED, i, -1, lo[i], hi[i]);
			return COP_EBOUNDS_CROSSED;
		}
		sum_lo += lo[i];
		if (hi[i] == COP_NO_BOUND)
			all_capped = false;
		else
			sum_hi += hi[i];
		if (w[i] > 0)
			any_weight = true;
		out[i] = 0;
	}
	if (sum_lo > total)
	{
		cop_error_set(err, COP_EFLOORS_EXCEED, -1, -1, sum_lo, total);
		return COP_EFLOORS_EXCEED;
	}
	if (n == 0)
	{
		if (total == 0)
			return COP_OK;
		cop_error_set(err, COP_EZERO_WEIGHTS, -1, -1, total, 0);
		return COP_EZERO_WEIGHTS;
	}

	ev = cop_malloc(al, (size_t) n * 2, sizeof(wf_event));
	state = cop_malloc(al, (size_t) n, 1);
	rem = cop_malloc(al, (size_t) n, sizeof(cop_i128));
	if (!ev || !state || !rem)
	{
		st = COP_ENOMEM;
		cop_error_set(err, st, -1, -1, 0, 0);
		goto done;
	}
	for (i = 0; i < n; i++)
	{
		if (cop_interrupted(al, (size_t) i))
		{
			st = COP_EINTERRUPTED;
			goto done;
		}
		state[i] = AT_LOWER;
		rem[i] = 0;
		if (w[i] == 0)
			continue;
		ev[nev++] = (wf_event) {lo[i], w[i], i, false};
		if (hi[i] != COP_NO_BOUND)
			ev[nev++] = (wf_event) {hi[i], w[i], i, true};
	}
	if ((st = cop_sort(ev, (size_t) nev, sizeof(wf_event), event_cmp, al)) != COP_OK)
	{
		cop_error_set(err, st, -1, -1, 0, 0);
		goto done;
	}

	/* g(lambda) = c + s lambda on the current segment */
	c = sum_lo;
	for (i = 0; i < nev; i = j)
	{
		cop_i128	lhs,
					t1,
					t2,
					rhs;

		/* stop when g(lambda_i) >= T: the solution lies on this segment */
		if ((st = cop_mul(c, ev[i].den, &t1)) != COP_OK ||
			(st = cop_mul(s, ev[i].num, &t2)) != COP_OK ||
			(st = cop_add(t1, t2, &lhs)) != COP_OK ||
			(st = cop_mul(total, ev[i].den, &rhs)) != COP_OK)
		{
			cop_error_set(err, st, ev[i].idx, -1, 0, 0);
			goto done;
		}
		if (lhs >= rhs)
			break;
		/* apply every event at this same lambda */
		for (j = i; j < nev &&
			 ev[i].num * ev[j].den == ev[j].num * ev[i].den; j++)
		{
			int			k = ev[j].idx;

			if (cop_interrupted(al, (size_t) j))
			{
				st = COP_EINTERRUPTED;
				goto done;
			}
			if (!ev[j].leave)
			{
				c -= lo[k];
				s += w[k];
				state[k] = FREE;
			}
			else
			{
				c += hi[k];
				s -= w[k];
				state[k] = AT_UPPER;
			}
		}
	}

	if (s == 0)
	{
		/* g is flat here: it must already equal T, or T is out of reach */
		if (c != total)
		{
			if (!any_weight)
			{
				st = COP_EZERO_WEIGHTS;
				cop_error_set(err, st, -1, -1, total, 0);
			}
			else if (all_capped && sum_hi < total)
			{
				/* spec 4: every chamber capped, the ceilings short of T */
				st = COP_ECEILINGS_SHORT;
				cop_error_set(err, st, -1, -1, sum_hi, total);
			}
			else
			{
				/* keyed parts at their ceilings, zero-key ones at their floors */
				st = COP_EUNREACHABLE;
				cop_error_set(err, st, -1, -1, c, total);
			}
			goto done;
		}
		num = 0;
	}
	else
		num = total - c;		/* lambda = num / s */

	for (i = 0; i < n; i++)
	{
		if (cop_interrupted(al, (size_t) i))
		{
			st = COP_EINTERRUPTED;
			goto done;
		}
		switch (state[i])
		{
			case AT_LOWER:
				out[i] = lo[i];
				break;
			case AT_UPPER:
				out[i] = hi[i];
				break;
			default:
				{
					cop_i128	q;

					if ((st = cop_mul(num, w[i], &q)) != COP_OK)
					{
						cop_error_set(err, st, i, -1, num, w[i]);
						goto done;
					}
					out[i] = (int64_t) (q / s);
					rem[i] = q % s;
				}
		}
		given += out[i];
	}
	if (given > total)
	{
		st = COP_EINTERNAL;
		cop_error_set(err, st, -1, -1, given, total);
		goto done;
	}
	st = cop_distribute_leftover(n, (int64_t) (total - given), rem, out, al);
	if (st != COP_OK)
		cop_error_set(err, st, -1, -1, given, total);

done:
	cop_free(al, ev);
	cop_free(al, state);
	cop_free(al, rem);
	return st;
}
