/*
 * rows.c -- the row index: the target rows of each member, by indicator.
 *
 * Built once per exercise by cop_index_rows; the loader matches each result
 * to its target with it (cop_find_row), simulate finds the result it
 * overrides, and cop_compute reads each recipient's rows through it.
 */
#include <string.h>

#include "cop_internal.h"

static void
sift_down(const cop_row *rows, size_t *o, size_t pos, size_t n)
{
	size_t		v = o[pos];

	for (;;)
	{
		size_t		child = 2 * pos + 1;

		if (child >= n)
			break;
		if (child + 1 < n && cop_row_before(rows, o[child], o[child + 1]))
			child++;
		if (!cop_row_before(rows, v, o[child]))
			break;
		o[pos] = o[child];
		pos = child;
	}
	o[pos] = v;
}

/* o[0 .. n) by (indicator, position): insertion sort when short, else heapsort */
static cop_status
sort_member(const cop_row *rows, size_t *o, size_t n, const cop_allocator *al)
{
	size_t		i;

	if (n <= 64)
	{
		for (i = 1; i < n; i++)
		{
			size_t		v = o[i],
						j = i;

			for (; j > 0 && cop_row_before(rows, v, o[j - 1]); j--)
				o[j] = o[j - 1];
			o[j] = v;
		}
		return COP_OK;
	}
	for (i = n / 2; i-- > 0;)
	{
		COP_CHECK_INTERRUPT(al, i);
		sift_down(rows, o, i, n);
	}
	for (i = n - 1; i > 0; i--)
	{
		size_t		t = o[0];

		COP_CHECK_INTERRUPT(al, i);
		o[0] = o[i];
		o[i] = t;
		sift_down(rows, o, 0, i);
	}
	return COP_OK;
}

cop_status
cop_index_rows(const cop_row *rows, size_t n_rows, int n_members,
			   cop_row_index *ix, const cop_allocator *al)
{
	size_t	   *next = NULL;
	cop_status	st = COP_OK;
	size_t		k;
	int			m;

	memset(ix, 0, sizeof(*ix));
	if (n_members < 0 || (n_rows > 0 && rows == NULL))
		return COP_EINVAL;
	ix->start = cop_malloc(al, (size_t) n_members + 1, sizeof(size_t));
	ix->order = cop_malloc(al, n_rows, sizeof(size_t));
	next = cop_malloc(al, (size_t) n_members + 1, sizeof(size_t));
	if (ix->start == NULL || ix->order == NULL || next == NULL)
	{
		st = COP_ENOMEM;
		goto done;
	}

	/* a counting sort by member, stable */
	memset(ix->start, 0, sizeof(size_t) * ((size_t) n_members + 1));
	for (k = 0; k < n_rows; k++)
	{
		if (cop_interrupted(al, k))
		{
			st = COP_EINTERRUPTED;
			goto done;
		}
		if (rows[k].member < 0 || rows[k].member >= n_members)
		{
			st = COP_EINVAL;
			goto done;
		}
		ix->start[rows[k].member + 1]++;
	}
	for (m = 0; m < n_members; m++)
		ix->start[m + 1] += ix->start[m];
	memcpy(next, ix->start, sizeof(size_t) * ((size_t) n_members + 1));
	for (k = 0; k < n_rows; k++)
	{
		if (cop_interrupted(al, k))
		{
			st = COP_EINTERRUPTED;
			goto done;
		}
		ix->order[next[rows[k].member]++] = k;
	}

	/* then each member's rows (as many as it has targets) by indicator */
	for (m = 0; m < n_members; m++)
	{
		if (cop_interrupted(al, (size_t) m))
			st = COP_EINTERRUPTED;
		else
			st = sort_member(rows, ix->order + ix->start[m],
							 ix->start[m + 1] - ix->start[m], al);
		if (st != COP_OK)
			goto done;
	}

done:
	cop_free(al, next);
	if (st != COP_OK)
		cop_free_row_index(ix, al);
	return st;
}

void
cop_free_row_index(cop_row_index *ix, const cop_allocator *al)
{
	cop_free(al, ix->start);
	cop_free(al, ix->order);
	ix->start = NULL;
	ix->order = NULL;
}

bool
cop_find_row(const cop_row *rows, const cop_row_index *ix, int member,
			 int indicator, size_t *k)
{
	size_t		lo = ix->start[member],
				hi = ix->start[member + 1];

	/* the first of the member's rows whose indicator is not below */
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (rows[ix->order[mid]].indicator < indicator)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == ix->start[member + 1] || rows[ix->order[lo]].indicator != indicator)
		return false;
	*k = ix->order[lo];
	return true;
}
