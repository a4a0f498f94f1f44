/*
 * util.c -- status names, round-half-up division, scratch memory and the
 * largest-remainder step shared by apportion.c and bounds.c (spec 2, 3).
 */
#include <stdlib.h>
#include <string.h>

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
		case COP_EINTERRUPTED: return "interrupted";
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
		case COP_ENO_OPERATING_KEY: return "no operating key";
		case COP_EASSOCIATED: return "an associated chamber cannot receive an allocation";
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

static const cop_allocator default_allocator = {default_alloc, default_release, NULL, NULL};

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

/*
 * The leftover cents go to the `leftover` entries that rank first by
 * (remainder descending, index ascending).  Instead of sorting all n, a
 * binary heap keeps the m = min(leftover, n - leftover) entries at one end
 * of the ranking: the first ones (they get a cent), or the last ones
 * (everyone else gets a cent).  O(n log m) in the worst case, O(n) when
 * few entries displace the heap's root, memory m ints, interruptible.
 */
typedef struct rank_heap
{
	const cop_i128 *rem;
	int		   *idx;
	int			size;
	bool		keep_first;		/* the heap holds the first-ranked entries */
} rank_heap;

/* entry a ranks before entry b */
static inline bool
ranks_before(const cop_i128 *rem, int a, int b)
{
	return rem[a] > rem[b] || (rem[a] == rem[b] && a < b);
}

/* a belongs nearer the heap's root than b: the root is the kept entry nearest the cut */
static inline bool
nearer_root(const rank_heap *h, int a, int b)
{
	return h->keep_first ? ranks_before(h->rem, b, a) : ranks_before(h->rem, a, b);
}

static void
heap_sift_down(rank_heap *h, int pos)
{
	int			v = h->idx[pos];

	for (;;)
	{
		int			child = 2 * pos + 1;

		if (child >= h->size)
			break;
		if (child + 1 < h->size && nearer_root(h, h->idx[child + 1], h->idx[child]))
			child++;
		if (!nearer_root(h, h->idx[child], v))
			break;
		h->idx[pos] = h->idx[child];
		pos = child;
	}
	h->idx[pos] = v;
}

cop_status
cop_distribute_leftover(int n, int64_t leftover, const cop_i128 *rem,
						int64_t *out, const cop_allocator *al)
{
	rank_heap	h;
	int			m,
				i;

	if (leftover == 0)
		return COP_OK;
	if (leftover < 0 || leftover > n)
		return COP_EINTERNAL;
	h.keep_first = leftover <= n - leftover;
	m = (int) (h.keep_first ? leftover : n - leftover);
	h.rem = rem;
	h.size = 0;
	h.idx = cop_malloc(al, (size_t) m, sizeof(int));
	if (h.idx == NULL)
		return COP_ENOMEM;
	for (i = 0; i < n; i++)
	{
		if (cop_interrupted(al, (size_t) i))
		{
			cop_free(al, h.idx);
			return COP_EINTERRUPTED;
		}
		if (h.size < m)
		{
			/* sift up */
			int			pos = h.size++;

			while (pos > 0 && nearer_root(&h, i, h.idx[(pos - 1) / 2]))
			{
				h.idx[pos] = h.idx[(pos - 1) / 2];
				pos = (pos - 1) / 2;
			}
			h.idx[pos] = i;
		}
		else if (m > 0 && nearer_root(&h, h.idx[0], i))
		{
			/* i lies beyond the root from the cut: it replaces the root */
			h.idx[0] = i;
			heap_sift_down(&h, 0);
		}
	}
	if (h.keep_first)
		for (i = 0; i < m; i++)
			out[h.idx[i]] += 1;
	else
	{
		for (i = 0; i < n; i++)
			out[i] += 1;
		for (i = 0; i < m; i++)
			out[h.idx[i]] -= 1;
	}
	cop_free(al, h.idx);
	return COP_OK;
}

/* the heapsort of cop_sort: max-heap by cmp, then pop to the end */
static void
swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
	unsigned char t[64];

	memcpy(t, a, size);
	memcpy(a, b, size);
	memcpy(b, t, size);
}

static void
sort_sift_down(unsigned char *base, size_t pos, size_t n, size_t size,
			   int (*cmp) (const void *, const void *))
{
	for (;;)
	{
		size_t		child = 2 * pos + 1;

		if (child >= n)
			return;
		if (child + 1 < n && cmp(base + (child + 1) * size, base + child * size) > 0)
			child++;
		if (cmp(base + child * size, base + pos * size) <= 0)
			return;
		swap_bytes(base + child * size, base + pos * size, size);
		pos = child;
	}
}

cop_status
cop_sort(void *base, size_t n, size_t size, int (*cmp) (const void *, const void *),
		 const cop_allocator *al)
{
	unsigned char *b = base;
	size_t		i;

	if (size > 64)
		return COP_EINVAL;
	if (n < 2)
		return COP_OK;
	for (i = n / 2; i-- > 0;)
	{
		COP_CHECK_INTERRUPT(al, i);
		sort_sift_down(b, i, n, size, cmp);
	}
	for (i = n - 1; i > 0; i--)
	{
		COP_CHECK_INTERRUPT(al, i);
		swap_bytes(b, b + i * size, size);
		sort_sift_down(b, 0, i, size, cmp);
	}
	return COP_OK;
}
