/*
 * apportion.c -- largest-remainder apportionment (spec section 3).
 *
 * quota q_i = T x w_i / sum w; each part gets floor(q_i), the cents left go
 * one each to the largest fractional parts, the lower index first on ties.
 * The parts always add up to T exactly.
 */
#include "cop_internal.h"

cop_status
cop_apportion(int64_t total, const int64_t *w, int n, int64_t *out,
			  cop_error *err, const cop_allocator *al)
{
	cop_i128	sum = 0;
	cop_i128	given = 0;
	cop_i128   *rem;
	cop_status	st;
	int			i;

	if (total < 0 || n < 0 || (n > 0 && (w == NULL || out == NULL)))
	{
		cop_error_set(err, COP_EINVAL, -1, -1, total, n);
		return COP_EINVAL;
	}
	for (i = 0; i < n; i++)
	{
		COP_CHECK_INTERRUPT(al, (size_t) i);
		if (w[i] < 0)
		{
			cop_error_set(err, COP_ENEGATIVE, -1, i, w[i], 0);
			return COP_ENEGATIVE;
		}
		sum += w[i];			/* n < 2^31, w < 2^63: cannot overflow */
		out[i] = 0;
	}
	if (total == 0)
		return COP_OK;
	if (sum == 0)
	{
		cop_error_set(err, COP_EZERO_WEIGHTS, -1, -1, total, 0);
		return COP_EZERO_WEIGHTS;
	}
	rem = cop_malloc(al, (size_t) n, sizeof(cop_i128));
	if (rem == NULL)
	{
		cop_error_set(err, COP_ENOMEM, -1, -1, 0, 0);
		return COP_ENOMEM;
	}
	for (i = 0; i < n; i++)
	{
		cop_i128	q;

		st = cop_interrupted(al, (size_t) i) ? COP_EINTERRUPTED :
			cop_mul(total, w[i], &q);
		if (st != COP_OK)
		{
			cop_free(al, rem);
			cop_error_set(err, st, -1, i, total, w[i]);
			return st;
		}
		out[i] = (int64_t) (q / sum);	/* <= total */
		rem[i] = q % sum;
		given += out[i];
	}
	st = cop_distribute_leftover(n, (int64_t) (total - given), rem, out, al);
	cop_free(al, rem);
	if (st != COP_OK)
		cop_error_set(err, st, -1, -1, total, given);
	return st;
}
