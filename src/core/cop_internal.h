/*
 * cop_internal.h -- helpers shared by the core's files: checked 128-bit
 * arithmetic, the default allocator and the largest-remainder step.
 */
#ifndef COP_INTERNAL_H
#define COP_INTERNAL_H

#include "cop_core.h"

#define COP_TRY(expr) \
	do { cop_status _s = (expr); if (_s != COP_OK) return _s; } while (0)

static inline cop_status
cop_mul(cop_i128 a, cop_i128 b, cop_i128 *r)
{
	return __builtin_mul_overflow(a, b, r) ? COP_EOVERFLOW : COP_OK;
}

static inline cop_status
cop_add(cop_i128 a, cop_i128 b, cop_i128 *r)
{
	return __builtin_add_overflow(a, b, r) ? COP_EOVERFLOW : COP_OK;
}

static inline cop_status
cop_sub(cop_i128 a, cop_i128 b, cop_i128 *r)
{
	return __builtin_sub_overflow(a, b, r) ? COP_EOVERFLOW : COP_OK;
}

/* A 128-bit value known to fit int64, or COP_EOVERFLOW. */
static inline cop_status
cop_narrow(cop_i128 v, int64_t *out)
{
	if (v > INT64_MAX || v < INT64_MIN)
		return COP_EOVERFLOW;
	*out = (int64_t) v;
	return COP_OK;
}

static inline void
cop_error_set(cop_error *err, cop_status code, int chamber, int item,
			  cop_i128 a, cop_i128 b)
{
	if (err)
	{
		err->code = code;
		err->chamber = chamber;
		err->item = item;
		err->a = a;
		err->b = b;
	}
}

/* Whether to stop at iteration i of a loop (see COP_INTERRUPT_EVERY). */
static inline bool
cop_interrupted(const cop_allocator *al, size_t i)
{
	return i % COP_INTERRUPT_EVERY == 0 && al != NULL &&
		al->interrupted != NULL && al->interrupted(al->ctx);
}

/*
 * Whether the exercise weighs indicator ind: a weight above 0, on one of
 * its axes, of a weight above 0.  The others are ignored entirely.
 */
static inline bool
cop_weighed(const cop_input *in, const cop_indicator *ind)
{
	return ind->weight > 0 && ind->axis >= 0 && ind->axis < in->n_axes &&
		in->axis_weight_ppm[ind->axis] > 0;
}

/* COP_TRY for a loop: return COP_EINTERRUPTED when it is time to stop. */
#define COP_CHECK_INTERRUPT(al, i) \
	do { if (cop_interrupted((al), (i))) return COP_EINTERRUPTED; } while (0)

/* row a comes before row b in the row index: by indicator, then by position */
static inline bool
cop_row_before(const cop_row *rows, size_t a, size_t b)
{
	return rows[a].indicator < rows[b].indicator ||
		(rows[a].indicator == rows[b].indicator && a < b);
}

void	   *cop_malloc(const cop_allocator *al, size_t n, size_t size);
void		cop_free(const cop_allocator *al, void *p);

/*
 * Give one unit each to the `leftover` entries with the largest remainder
 * rem[i] (all over a common denominator), lower index first on ties.
 */
cop_status	cop_distribute_leftover(int n, int64_t leftover, const cop_i128 *rem,
									int64_t *out, const cop_allocator *al);

/*
 * Sort n elements of size bytes (at most 64) in place, by cmp: a heapsort,
 * O(n log n) in the worst case, no memory, interruptible.
 */
cop_status	cop_sort(void *base, size_t n, size_t size,
					 int (*cmp) (const void *, const void *),
					 const cop_allocator *al);

#endif							/* COP_INTERNAL_H */
