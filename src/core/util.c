/*
 * util.c -- status names, round-half-up division, scratch memory and the
 * largest-remainder step shared by apportion.c and bounds.c (spec 2, 3).
 */
#include <stdlib.h>

#include "cop_internal.h"

const char *
cop_status_name(cop_status s)
{
	switch (s)
	{
		case COP_OK: return "ok";
		case COP_EOVERFLOW: return "overflow";
		case COP_ENOMEM: return "out of memory";
		case COP_EINVAL: return "invalid argument";
		case COP_ESYNTAX: return "not a decimal number";
		case COP_ENAN: return "NaN";
		case COP_EINFINITE: return "infinite";
		case COP_ENEGATIVE: return "negative";
		case COP_ESCALE: return "too many decimals";
		case COP_ERANGE: return "out of range";
		case COP_EZERO_WEIGHTS: return "all weights are zero";
		case COP_EBOUNDS_CROSSED: return "lower bound above upper bound";
		case COP_EFLOORS_EXCEED: return "lower bounds exceed the total";
		case COP_ECEILINGS_SHORT: return "upper bounds fall short of the total";
		case COP_EUNREACHABLE: return "total cannot be reached";
		case COP_EQUOTE_EXCEEDS: return "quote-part exceeds the tax product";
		case COP_EQUOTE_BELOW_MIN: return "quote-part below its minimum";
		case COP_EPCT_NEGATIVE: return "operating percentage is negative";
		case COP_EPCT_NEEDS_AUTH: return "operating percentage needs authorisation";
		case COP_EPCT_OVER_MAX: return "operating percentage above 0.75";
		case COP_ETOLERANCE: return "tolerance outside [0, 1]";
		case COP_ETUNNEL: return "tunnel percentage out of range";
		case COP_ENO_RECIPIENT: return "no recipient chamber";
		case COP_ENO_AXIS: return "no axis";
		case COP_EAXIS_WEIGHT_RANGE: return "axis weight outside [0, 1]";
		case COP_EAXIS_WEIGHT_SUM: return "axis weights do not add up to 1";
		case COP_EOP_KEYS_ZERO: return "all operating keys are zero";
		case COP_EPERF_KEYS_ZERO: return "all performance keys are zero";
		case COP_EMISSING_RESULT: return "missing result";
		case COP_EMODULATION_RANGE: return "modulation rate outside [0, 1]";
		case COP_EMODULATION_MOTIVE: return "modulation without a motive";
		case COP_EINTERNAL: return "internal error";
	}
	return "unknown status";
}

cop_status
cop_rhu_div(cop_i128 num, cop_i128 den, cop_i128 *out)
{
	cop_i128	n2,
				d2,
				q;

	if (den <= 0)
		return COP_EINVAL;
	/* floor((2 num + den) / (2 den)) */
	COP_TRY(cop_mul(num, 2, &n2));
	COP_TRY(cop_add(n2, den, &n2));
	COP_TRY(cop_mul(den, 2, &d2));
	q = n2 / d2;
	if (n2 % d2 != 0 && n2 < 0)
		q -= 1;					/* C truncates toward zero */
	*out = q;
	return COP_OK;
}

static void *
default_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size);
}

static void
default_release(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

static const cop_allocator default_allocator = {default_alloc, default_release, NULL};

void *
cop_malloc(const cop_allocator *al, size_t n, size_t size)
{
	size_t		bytes;

	if (al == NULL)
		al = &default_allocator;
	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return al->alloc(al->ctx, bytes ? bytes : 1);
}

void
cop_free(const cop_allocator *al, void *p)
{
	if (p == NULL)
		return;
	if (al == NULL)
		al = &default_allocator;
	al->release(al->ctx, p);
}

typedef struct rem_entry
{
	cop_i128	rem;
	int			idx;
} rem_entry;

static int
rem_cmp(const void *a, const void *b)
{
	const rem_entry *x = a;
	const rem_entry *y = b;

	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

cop_status
cop_distribute_leftover(int n, int64_t leftover, const cop_i128 *rem,
						int64_t *out, const cop_allocator *al)
{
	rem_entry  *e;
	int			i;

	if (leftover == 0)
		return COP_OK;
	if (leftover < 0 || leftover > n)
		return COP_EINTERNAL;
	e = cop_malloc(al, (size_t) n, sizeof(rem_entry));
	if (e == NULL)
		return COP_ENOMEM;
	for (i = 0; i < n; i++)
	{
		e[i].rem = rem[i];
		e[i].idx = i;
	}
	qsort(e, (size_t) n, sizeof(rem_entry), rem_cmp);
	for (i = 0; i < leftover; i++)
		out[e[i].idx] += 1;
	cop_free(al, e);
	return COP_OK;
}
