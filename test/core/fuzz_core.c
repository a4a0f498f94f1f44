/*
 * fuzz_core.c -- libFuzzer target for the pure C core: arbitrary bytes are
 * read as an exercise (parameters, chambers, bounds, indicators, rows) and
 * as decimal text.  Any status is acceptable; a crash, a sanitizer report
 * or a broken invariant of an accepted computation (conservation to the
 * cent, amounts >= 0, bounds respected, decimal round trip, the same answer
 * through a row index given by cop_index_rows, whether every recipient is
 * measured against a plain double loop) is a finding.
 */
#include <stdlib.h>
#include <string.h>

#include "../../src/core/cop_core.h"

typedef struct reader
{
	const uint8_t *p;
	size_t		n;
} reader;

static uint64_t
take(reader *r, int bytes)
{
	uint64_t	v = 0;

	for (int i = 0; i < bytes; i++)
	{
		v = (v << 8) | (r->n ? *r->p : 0);
		if (r->n)
		{
			r->p++;
			r->n--;
		}
	}
	return v;
}

/* a value in [0, max], biased towards small ones and the edges */
static int64_t
take_range(reader *r, int64_t max)
{
	uint8_t		kind = (uint8_t) take(r, 1);
	uint64_t	raw = take(r, 8);

	switch (kind % 8)
	{
		case 0: return 0;
		case 1: return max;
		case 2: return (int64_t) (raw % 100) < max ? (int64_t) (raw % 100) : max;
		default: return (int64_t) (raw % ((uint64_t) max + 1));
	}
}

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static void
fuzz_decimal(const uint8_t *data, size_t size)
{
	char		buf[64],
				out[64];
	size_t		n = size < sizeof(buf) - 1 ? size : sizeof(buf) - 1;
	int64_t		v,
				w;

	memcpy(buf, data, n);
	buf[n] = '\0';
	if (cop_parse_decimal(buf, 2, COP_MAX_CENTS, &v) == COP_OK)
	{
		CHECK(v >= 0 && v <= COP_MAX_CENTS);
		cop_format_decimal(v, 2, out, sizeof(out));
		CHECK(cop_parse_decimal(out, 2, COP_MAX_CENTS, &w) == COP_OK && w == v);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reader		r = {data, size};
	cop_chamber ch[8];
	cop_member	mem[10];
	cop_indicator ind[6];
	cop_row		rows[64];
	int64_t		axes[6];
	cop_chamber_out co[8];
	cop_axis_out ax[8 * 6];
	cop_input	in;
	cop_output	out;
	cop_error	err;
	cop_row_index ix;
	cop_status	st;
	int			nc,
				na,
				ni,
				nm;
	size_t		nr;
	int64_t		rest = COP_PPM;

	fuzz_decimal(data, size);

	memset(&in, 0, sizeof(in));
	memset(ch, 0, sizeof(ch));
	nc = 1 + (int) (take(&r, 1) % 8);
	na = 1 + (int) (take(&r, 1) % 6);
	ni = (int) (take(&r, 1) % 7);
	nm = nc + (int) (take(&r, 1) % 3);
	nr = (size_t) (take(&r, 1) % 65);
	in.params.tax_product = take_range(&r, COP_MAX_CENTS);
	in.params.quote_part = take_range(&r, in.params.tax_product);
	in.params.operating_ppm = take_range(&r, COP_OPERATING_MAX_AUTH_PPM);
	in.params.minister_authorized = take(&r, 1) & 1;
	in.params.performance_decided = take(&r, 1) & 1;
	in.params.tolerance_ppm = take_range(&r, COP_PPM);
	in.params.missing_result = (cop_missing_policy) (take(&r, 1) % 3);
	in.params.has_max_decrease = take(&r, 1) & 1;
	in.params.max_decrease_ppm = take_range(&r, COP_PPM);
	in.params.has_max_increase = take(&r, 1) & 1;
	in.params.max_increase_ppm = take_range(&r, COP_MAX_PCT_PPM);
	for (int c = 0; c < nc; c++)
	{
		ch[c].op_key = take_range(&r, COP_MAX_MICRO);
		ch[c].perf_key = take(&r, 1) & 1 ? ch[c].op_key : take_range(&r, COP_MAX_MICRO);
		ch[c].has_floor = take(&r, 1) & 1;
		ch[c].floor_amount = take_range(&r, COP_MAX_CENTS);
		ch[c].has_ceiling = take(&r, 1) & 1;
		ch[c].ceiling_amount = take_range(&r, COP_MAX_CENTS);
		ch[c].has_previous = take(&r, 1) & 1;
		ch[c].previous_operating = take_range(&r, COP_MAX_CENTS);
		ch[c].has_modulation = take(&r, 1) & 1;
		ch[c].modulation_ppm = take_range(&r, COP_PPM + 1);
		ch[c].has_modulation_motive = take(&r, 1) & 1;
		ch[c].associated = (take(&r, 1) & 15) == 0;
	}
	for (int a = 0; a < na; a++)
	{
		axes[a] = a == na - 1 ? rest : take_range(&r, rest);
		rest -= axes[a];
	}
	for (int i = 0; i < ni; i++)
	{
		ind[i].axis = (int) (take(&r, 1) % (na + 1)) - 1;
		ind[i].weight = take_range(&r, COP_MAX_MICRO);
		ind[i].direction = (cop_direction) (take(&r, 1) & 1);
	}
	for (int m = 0; m < nm; m++)
		mem[m].recipient = m < nc ? m : (int) (take(&r, 1) % nc);
	if (ni == 0)
		nr = 0;
	for (size_t k = 0; k < nr; k++)
	{
		rows[k].member = (int) (take(&r, 1) % nm);
		rows[k].indicator = (int) (take(&r, 1) % ni);
		rows[k].target = take_range(&r, COP_MAX_MICRO);
		rows[k].has_realized = take(&r, 1) % 4 != 0;
		rows[k].realized = take_range(&r, COP_MAX_MICRO);
	}
	in.n_chambers = nc;
	in.chambers = ch;
	in.n_axes = na;
	in.axis_weight_ppm = axes;
	in.n_indicators = ni;
	in.indicators = ind;
	in.n_members = nm;
	in.members = mem;
	in.n_rows = nr;
	in.rows = rows;
	out.chambers = co;
	out.axes = ax;

	st = cop_compute(&in, &out, &err, NULL);

	/* the same input through an index built by cop_index_rows: the same answer */
	if (cop_index_rows(rows, nr, nm, &ix, NULL) == COP_OK)
	{
		cop_chamber_out co2[8];
		cop_axis_out ax2[8 * 6];
		cop_output	out2 = {.chambers = co2, .axes = ax2};
		cop_error	err2;
		cop_input	in2 = in;

		in2.row_index = &ix;
		CHECK(cop_compute(&in2, &out2, &err2, NULL) == st);
		CHECK(st != COP_OK ||
			  (memcmp(&out2.summary, &out.summary, sizeof out.summary) == 0 &&
			   memcmp(co2, co, sizeof(co[0]) * nc) == 0 &&
			   memcmp(ax2, ax, sizeof(ax[0]) * nc * na) == 0));
		cop_free_row_index(&ix, NULL);
	}

	/* whether every recipient is measured: against a plain double loop */
	{
		bool		all = false;
		cop_status	ms = cop_every_recipient_measured(&in, &all, NULL);
		bool		want = true;

		for (int c = 0; c < nc; c++)
		{
			bool		found = false;

			for (size_t k = 0; k < nr && !found; k++)
			{
				const cop_indicator *id = &ind[rows[k].indicator];

				found = rows[k].target > 0 && mem[rows[k].member].recipient == c &&
					id->weight > 0 && id->axis >= 0 && axes[id->axis] > 0;
			}
			want &= found;
		}
		CHECK(ms == COP_OK && all == want);
	}

	if (st == COP_OK)
	{
		int64_t		sum = out.summary.quote_part + out.summary.reserve;

		for (int c = 0; c < nc; c++)
		{
			CHECK(co[c].operating >= co[c].lower);
			CHECK(co[c].upper == COP_NO_BOUND || co[c].operating <= co[c].upper);
			CHECK(co[c].deduction >= 0 && co[c].deduction <= co[c].envelope);
			CHECK(co[c].total == co[c].operating + co[c].performance);
			CHECK(co[c].modulation >= 0 && co[c].performance >= 0 &&
				  co[c].performance == co[c].envelope - co[c].deduction - co[c].modulation);
			for (int a = 0; a < na; a++)
				CHECK(ax[c * na + a].achievement >= 0 && ax[c * na + a].achievement <= COP_PPM);
			sum += co[c].total;
		}
		CHECK(sum == out.summary.tax_product);
	}
	else
		CHECK(err.code != COP_EINTERNAL);
	return 0;
}
