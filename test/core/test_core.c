/*
 * test_core.c -- unit tests of the pure C core: the spec's worked example
 * to the cent, hand-made edge cases of every step, and randomized
 * properties checked against an independent brute-force reference.
 * Built with -fsanitize=address,undefined by `make core-test`.
 */
#include <stdlib.h>
#include <string.h>

#include "../../src/core/cop_core.h"
#include "tap.h"

#define N_AXES 6
static const int64_t cop_weights[N_AXES] = {200000, 200000, 250000, 100000, 150000, 100000};

/* ------------------------------------------------------------------ */
static void
test_rhu(void)
{
	cop_i128	r;

	ok(cop_rhu_div(5, 2, &r) == COP_OK && r == 3, "rhu(5/2) = 3");
	ok(cop_rhu_div(3, 2, &r) == COP_OK && r == 2, "rhu(3/2) = 2");
	ok(cop_rhu_div(1, 3, &r) == COP_OK && r == 0, "rhu(1/3) = 0");
	ok(cop_rhu_div(2, 3, &r) == COP_OK && r == 1, "rhu(2/3) = 1");
	ok(cop_rhu_div(-1, 2, &r) == COP_OK && r == 0, "rhu(-1/2) = floor(0) = 0");
	ok(cop_rhu_div(-3, 2, &r) == COP_OK && r == -1, "rhu(-3/2) = -1");
	ok(cop_rhu_div(1, 0, &r) == COP_EINVAL, "rhu with a zero denominator is refused");
	ok(cop_rhu_div((cop_i128) 1 << 126, 3, &r) == COP_EOVERFLOW, "rhu overflow is reported");
}

static void
test_decimal(void)
{
	int64_t		v = -1;
	char		buf[64];

	ok(cop_parse_decimal("1234.50", 2, COP_MAX_CENTS, &v) == COP_OK && v == 123450, "parse 1234.50");
	ok(cop_parse_decimal("1234.500000", 2, COP_MAX_CENTS, &v) == COP_OK && v == 123450, "trailing zeros are exact");
	ok(cop_parse_decimal("1234.505", 2, COP_MAX_CENTS, &v) == COP_ESCALE, "a third decimal is refused, not rounded");
	ok(cop_parse_decimal("0.925", 6, COP_PPM, &v) == COP_OK && v == 925000, "parse a rate in ppm");
	ok(cop_parse_decimal("0.0000001", 6, COP_PPM, &v) == COP_ESCALE, "a seventh decimal is refused");
	ok(cop_parse_decimal("-0.01", 2, COP_MAX_CENTS, &v) == COP_ENEGATIVE, "negative is refused");
	ok(cop_parse_decimal("-0.00", 2, COP_MAX_CENTS, &v) == COP_OK && v == 0, "negative zero is zero");
	ok(cop_parse_decimal("NaN", 2, COP_MAX_CENTS, &v) == COP_ENAN, "NaN is refused");
	ok(cop_parse_decimal("Infinity", 2, COP_MAX_CENTS, &v) == COP_EINFINITE, "Infinity is refused");
	ok(cop_parse_decimal("-Infinity", 2, COP_MAX_CENTS, &v) == COP_EINFINITE, "-Infinity is refused");
	ok(cop_parse_decimal("10000000000.00", 2, COP_MAX_CENTS, &v) == COP_OK && v == COP_MAX_CENTS, "10^10 euros is the maximum");
	ok(cop_parse_decimal("10000000000.01", 2, COP_MAX_CENTS, &v) == COP_ERANGE, "above 10^10 euros is refused");
	ok(cop_parse_decimal("10000000000000000000000000000000000000000", 2, COP_MAX_CENTS, &v) == COP_ERANGE, "1e40 is refused");
	ok(cop_parse_decimal("", 2, COP_MAX_CENTS, &v) == COP_ESYNTAX, "empty text is refused");
	ok(cop_parse_decimal("1e3", 2, COP_MAX_CENTS, &v) == COP_ESYNTAX, "exponent text is refused");
	ok(cop_parse_decimal(".5", 2, COP_MAX_CENTS, &v) == COP_OK && v == 50, "parse .5");
	cop_format_decimal(123450, 2, buf, sizeof buf);
	ok(strcmp(buf, "1234.50") == 0, "format 1234.50 (%s)", buf);
	cop_format_decimal(5, 2, buf, sizeof buf);
	ok(strcmp(buf, "0.05") == 0, "format 0.05 (%s)", buf);
	cop_format_decimal(0, 6, buf, sizeof buf);
	ok(strcmp(buf, "0.000000") == 0, "format 0.000000 (%s)", buf);
	cop_format_decimal(-1, 2, buf, sizeof buf);
	ok(strcmp(buf, "-0.01") == 0, "format -0.01 (%s)", buf);
	cop_format_decimal(INT64_MAX, 2, buf, sizeof buf);
	ok(strcmp(buf, "92233720368547758.07") == 0, "format INT64_MAX (%s)", buf);
}

static void
test_apportion(void)
{
	int64_t		out[8];
	cop_error	err;

	{
		int64_t		w[3] = {1, 1, 1};

		ok(cop_apportion(100, w, 3, out, &err, NULL) == COP_OK &&
		   out[0] == 34 && out[1] == 33 && out[2] == 33,
		   "100 by 1:1:1 gives 34, 33, 33 (tie to the lower index)");
	}
	{
		int64_t		w[3] = {1, 2, 3};

		ok(cop_apportion(10, w, 3, out, &err, NULL) == COP_OK &&
		   out[0] == 2 && out[1] == 3 && out[2] == 5,
		   "10 by 1:2:3 gives 2, 3, 5 (largest remainders 2/3 and 2/3: lower index first, then 0)");
	}
	{
		int64_t		w[2] = {0, 0};

		ok(cop_apportion(0, w, 2, out, &err, NULL) == COP_OK && out[0] == 0 && out[1] == 0,
		   "T = 0 gives zeros even with zero weights");
		ok(cop_apportion(1, w, 2, out, &err, NULL) == COP_EZERO_WEIGHTS,
		   "zero weights with something to split is an error");
	}
	{
		int64_t		w[2] = {1, -1};

		ok(cop_apportion(1, w, 2, out, &err, NULL) == COP_ENEGATIVE && err.item == 1,
		   "a negative weight is an error naming its index");
	}
	{
		int64_t		w[3] = {COP_MAX_MICRO, COP_MAX_MICRO, 1};

		ok(cop_apportion(COP_MAX_CENTS, w, 3, out, &err, NULL) == COP_OK &&
		   out[0] + out[1] + out[2] == COP_MAX_CENTS && out[0] == out[1],
		   "the largest totals and weights stay exact");
	}
	ok(cop_apportion(-1, cop_weights, N_AXES, out, &err, NULL) == COP_EINVAL, "a negative total is refused");
	{
		int64_t		w[2] = {INT64_MAX, INT64_MAX};

		ok(cop_apportion(INT64_MAX, w, 2, out, &err, NULL) == COP_OK &&
		   out[0] == INT64_MAX / 2 + 1 && out[1] == INT64_MAX / 2,
		   "int64 extremes stay exact in 128 bits (no overflow is possible)");
	}
}

static void
test_bounded(void)
{
	int64_t		out[4];
	cop_error	err;

	{
		/* the spec's operating part: NORD, OUEST, OUTREMER (floor 70 000) */
		int64_t		w[3] = {120000, 60000, 20000};
		int64_t		lo[3] = {0, 0, 7000000};
		int64_t		hi[3] = {COP_NO_BOUND, COP_NO_BOUND, COP_NO_BOUND};

		ok(cop_apportion_bounded(58500000, w, lo, hi, 3, out, &err, NULL) == COP_OK,
		   "worked example operating part computes");
		is_i64(out[0], 34333333, "NORD operating 343 333.33");
		is_i64(out[1], 17166667, "OUEST operating 171 666.67");
		is_i64(out[2], 7000000, "OUTREMER raised to its floor 70 000.00");
	}
	{
		int64_t		w[3] = {1, 1, 1};
		int64_t		lo[3] = {0, 0, 0};
		int64_t		hi[3] = {10, COP_NO_BOUND, COP_NO_BOUND};

		ok(cop_apportion_bounded(100, w, lo, hi, 3, out, &err, NULL) == COP_OK &&
		   out[0] == 10 && out[1] == 45 && out[2] == 45, "a ceiling's excess goes to the others by key");
	}
	{
		int64_t		w[2] = {1, 1};
		int64_t		lo[2] = {60, 50};
		int64_t		hi[2] = {COP_NO_BOUND, COP_NO_BOUND};

		ok(cop_apportion_bounded(100, w, lo, hi, 2, out, &err, NULL) == COP_EFLOORS_EXCEED &&
		   err.a == 110 && err.b == 100, "floors above the total are refused with their sum");
	}
	{
		int64_t		w[2] = {1, 1};
		int64_t		lo[2] = {0, 0};
		int64_t		hi[2] = {30, 40};

		ok(cop_apportion_bounded(100, w, lo, hi, 2, out, &err, NULL) == COP_ECEILINGS_SHORT &&
		   err.a == 70, "ceilings below the total are refused with their sum");
	}
	{
		/* every part capped: the error gives the sum of the ceilings, 90 */
		int64_t		w[2] = {1, 0};
		int64_t		lo[2] = {0, 10};
		int64_t		hi[2] = {30, 60};

		ok(cop_apportion_bounded(100, w, lo, hi, 2, out, &err, NULL) == COP_ECEILINGS_SHORT &&
		   err.a == 90 && err.b == 100, "ceilings short: the sum of the ceilings, 90, below 100");
		ok(cop_apportion_bounded(80, w, lo, hi, 2, out, &err, NULL) == COP_EUNREACHABLE &&
		   err.a == 40 && err.b == 80,
		   "ceilings adding up to 90 >= 80, but the zero-key part keeps its floor: out of reach at 40");
	}
	{
		int64_t		w[2] = {1, 1};
		int64_t		lo[2] = {50, 0};
		int64_t		hi[2] = {40, COP_NO_BOUND};

		ok(cop_apportion_bounded(100, w, lo, hi, 2, out, &err, NULL) == COP_EBOUNDS_CROSSED &&
		   err.chamber == 0, "a floor above its own ceiling is refused, naming the chamber");
	}
	{
		int64_t		w[2] = {1, 0};
		int64_t		lo[2] = {0, 20};
		int64_t		hi[2] = {30, COP_NO_BOUND};

		ok(cop_apportion_bounded(100, w, lo, hi, 2, out, &err, NULL) == COP_EUNREACHABLE &&
		   err.a == 50, "a zero-key chamber stays at its floor: the total is out of reach");
		ok(cop_apportion_bounded(50, w, lo, hi, 2, out, &err, NULL) == COP_OK &&
		   out[0] == 30 && out[1] == 20, "zero key keeps its floor, the other reaches its ceiling");
	}
	{
		int64_t		w[2] = {0, 0};
		int64_t		lo[2] = {0, 0};
		int64_t		hi[2] = {COP_NO_BOUND, COP_NO_BOUND};

		ok(cop_apportion_bounded(1, w, lo, hi, 2, out, &err, NULL) == COP_EZERO_WEIGHTS,
		   "all keys zero with something to split is refused");
	}
	{
		int64_t		w[3] = {1, 1, 1};
		int64_t		lo[3] = {40, 30, 30};
		int64_t		hi[3] = {COP_NO_BOUND, COP_NO_BOUND, COP_NO_BOUND};

		ok(cop_apportion_bounded(100, w, lo, hi, 3, out, &err, NULL) == COP_OK &&
		   out[0] == 40 && out[1] == 30 && out[2] == 30, "floors that add up to the total are the answer");
	}
}

static void
test_achievement(void)
{
	int64_t		ppm;
	bool		app;
	cop_axis_acc acc;

	ok(cop_indicator_achievement(740, 800, COP_HIGHER, &ppm, &app) == COP_OK && ppm == 925000 && app,
	   "740 of 800 is 0.925000");
	ok(cop_indicator_achievement(640, 600, COP_HIGHER, &ppm, &app) == COP_OK && ppm == 1000000,
	   "above target is capped at 1.000000");
	ok(cop_indicator_achievement(30, 25, COP_LOWER, &ppm, &app) == COP_OK && ppm == 833333,
	   "lower is better: 25/30 = 0.833333");
	ok(cop_indicator_achievement(20, 25, COP_LOWER, &ppm, &app) == COP_OK && ppm == 1000000,
	   "lower is better, below target: 1.000000");
	ok(cop_indicator_achievement(0, 25, COP_LOWER, &ppm, &app) == COP_OK && ppm == 1000000,
	   "lower is better, zero realized: 1.000000");
	ok(cop_indicator_achievement(3, 0, COP_HIGHER, &ppm, &app) == COP_OK && !app,
	   "target 0 is not applicable");
	ok(cop_indicator_achievement(2, 3, COP_HIGHER, &ppm, &app) == COP_OK && ppm == 666667,
	   "2/3 rounds half up to 0.666667");
	ok(cop_indicator_achievement(1, 2000000, COP_HIGHER, &ppm, &app) == COP_OK && ppm == 1,
	   "1/2 000 000 rounds half up to 0.000001");
	ok(cop_indicator_achievement(-1, 2, COP_HIGHER, &ppm, &app) == COP_ENEGATIVE, "negative realized is refused");
	ok(cop_indicator_achievement(1, 2, (cop_direction) 7, &ppm, &app) == COP_EINVAL, "unknown direction is refused");

	cop_axis_acc_init(&acc);
	ok(cop_axis_acc_final(&acc, &ppm) == COP_OK && ppm == 1000000, "an axis without indicator is 1.000000");
	cop_axis_acc_add(&acc, 950000, 2000000);
	cop_axis_acc_add(&acc, 1000000, 1000000);
	ok(cop_axis_acc_final(&acc, &ppm) == COP_OK && ppm == 966667, "(2 x 0.95 + 1) / 3 = 0.966667");
	{
		cop_axis_acc a1, a2;

		cop_axis_acc_init(&a1);
		cop_axis_acc_init(&a2);
		cop_axis_acc_add(&a1, 666667, 2000000);
		cop_axis_acc_add(&a2, 350000, 1000000);
		cop_axis_acc_merge(&a1, &a2);
		ok(cop_axis_acc_final(&a1, &ppm) == COP_OK && ppm == 561111, "merged states: (2 x 0.666667 + 0.35) / 3 = 0.561111");
	}
	is_i64(cop_apply_tolerance(950000, 50000), 1000000, "tolerance 0.05 lifts 0.95 to 1");
	is_i64(cop_apply_tolerance(949999, 50000), 949999, "tolerance 0.05 leaves 0.949999");
	{
		int64_t		d;

		ok(cop_deduction(4725000, 966667, &d) == COP_OK && d == 157498, "deduction 1 574.98 on 47 250.00 at 0.966667");
		ok(cop_deduction(1890000, 833333, &d) == COP_OK && d == 315001, "deduction 3 150.01 on 18 900.00 at 0.833333");
		ok(cop_deduction(1, 500000, &d) == COP_OK && d == 1, "half a cent rounds up");
	}
}

/* ------------------------------------------------------------------ */
/* The worked example of spec section 8.                               */

typedef struct example
{
	cop_chamber ch[3];
	cop_member	mem[4];
	cop_indicator ind[6];
	cop_row		rows[32];
	size_t		n_rows;
	cop_input	in;
	cop_chamber_out co[3];
	cop_axis_out ax[3 * N_AXES];
	cop_output	out;
} example;

static void
example_add(example *e, int member, int ind, int64_t target, int64_t realized)
{
	e->rows[e->n_rows++] = (cop_row) {member, ind, target * COP_PPM, realized * COP_PPM, true};
}

static void
example_init(example *e)
{
	memset(e, 0, sizeof(*e));
	e->in.params = (cop_params) {
		.tax_product = 100000000, .quote_part = 10000000,
		.has_quote_part_min = true, .quote_part_min = 8000000,
		.operating_ppm = 650000, .minister_authorized = true,
		.performance_decided = true, .tolerance_ppm = 0,
		.missing_result = COP_MISSING_ERROR
	};
	/* recipients in code order: NORD, OUEST, OUTREMER */
	e->ch[0] = (cop_chamber) {.op_key = 120000 * COP_PPM, .perf_key = 120000 * COP_PPM};
	e->ch[1] = (cop_chamber) {.op_key = 60000 * COP_PPM, .perf_key = 60000 * COP_PPM};
	e->ch[2] = (cop_chamber) {.op_key = 20000 * COP_PPM, .perf_key = 20000 * COP_PPM,
	.has_floor = true, .floor_amount = 7000000};
	/* members in code order: NORD, NORD-ASSOC, OUEST, OUTREMER */
	e->mem[0].recipient = 0;
	e->mem[1].recipient = 0;
	e->mem[2].recipient = 1;
	e->mem[3].recipient = 2;
	/* indicators in code order: I1, I2, I3a, I3b, I4, I5 */
	e->ind[0] = (cop_indicator) {0, COP_PPM, COP_HIGHER};
	e->ind[1] = (cop_indicator) {1, COP_PPM, COP_HIGHER};
	e->ind[2] = (cop_indicator) {2, 2 * COP_PPM, COP_HIGHER};
	e->ind[3] = (cop_indicator) {2, COP_PPM, COP_HIGHER};
	e->ind[4] = (cop_indicator) {3, COP_PPM, COP_LOWER};
	e->ind[5] = (cop_indicator) {4, COP_PPM, COP_HIGHER};
	example_add(e, 0, 0, 600, 640);
	example_add(e, 1, 0, 200, 100);
	example_add(e, 2, 0, 300, 300);
	example_add(e, 3, 0, 100, 55);
	example_add(e, 0, 1, 500, 450);
	example_add(e, 2, 1, 250, 260);
	example_add(e, 3, 1, 80, 80);
	example_add(e, 0, 2, 10000, 9500);
	example_add(e, 2, 2, 5000, 5000);
	example_add(e, 3, 2, 1500, 1000);
	example_add(e, 0, 3, 150, 150);
	example_add(e, 2, 3, 0, 3);
	example_add(e, 3, 3, 20, 7);
	example_add(e, 0, 4, 25, 30);
	example_add(e, 2, 4, 25, 20);
	example_add(e, 3, 4, 25, 25);
	example_add(e, 0, 5, 40, 40);
	example_add(e, 2, 5, 20, 20);
	example_add(e, 3, 5, 6, 6);
	e->in.n_chambers = 3;
	e->in.chambers = e->ch;
	e->in.n_axes = N_AXES;
	e->in.axis_weight_ppm = cop_weights;
	e->in.n_indicators = 6;
	e->in.indicators = e->ind;
	e->in.n_members = 4;
	e->in.members = e->mem;
	e->in.rows = e->rows;
	e->in.n_rows = e->n_rows;
	e->out.chambers = e->co;
	e->out.axes = e->ax;
}

/* *f = a copy of *e whose input and output point into f itself */
static void
example_copy(example *f, const example *e)
{
	*f = *e;
	f->in.chambers = f->ch;
	f->in.members = f->mem;
	f->in.indicators = f->ind;
	f->in.rows = f->rows;
	f->out.chambers = f->co;
	f->out.axes = f->ax;
}

static void
test_worked_example(void)
{
	example		e;
	cop_error	err;
	cop_status	st;

	example_init(&e);
	st = cop_compute(&e.in, &e.out, &err, NULL);
	ok(st == COP_OK, "worked example computes (%s)", cop_status_name(st));
	is_i64(e.out.summary.distributable, 90000000, "D = 900 000.00");
	is_i64(e.out.summary.operating_part, 58500000, "O = 585 000.00");
	is_i64(e.out.summary.performance_part, 31500000, "Pf = 315 000.00");
	{
		static const int64_t want[3][5] = {
			{34333333, 18900000, 1133999, 17766001, 52099334},
			{17166667, 9450000, 0, 9450000, 26616667},
			{7000000, 3150000, 629125, 2520875, 9520875}};
		static const char *names[3] = {"NORD", "OUEST", "OUTREMER"};

		for (int c = 0; c < 3; c++)
		{
			is_i64(e.co[c].operating, want[c][0], "%s operating", names[c]);
			is_i64(e.co[c].envelope, want[c][1], "%s envelope", names[c]);
			is_i64(e.co[c].deduction, want[c][2], "%s deduction", names[c]);
			is_i64(e.co[c].performance, want[c][3], "%s performance", names[c]);
			is_i64(e.co[c].total, want[c][4], "%s total", names[c]);
		}
	}
	is_i64(e.out.summary.allocated, 88236876, "allocated 882 368.76");
	is_i64(e.out.summary.reserve, 1763124, "reserve 17 631.24");
	is_i64(e.ax[0].stake, 3780000, "NORD axis 1 stake");
	is_i64(e.ax[0].achievement, 925000, "NORD axis 1 achievement, consolidated with NORD-ASSOC");
	is_i64(e.ax[0].deduction, 283500, "NORD axis 1 deduction");
	is_i64(e.ax[2].stake, 4725000, "NORD axis 3 stake");
	is_i64(e.ax[2].achievement, 966667, "NORD axis 3 achievement");
	is_i64(e.ax[2].deduction, 157498, "NORD axis 3 deduction");
	is_i64(e.ax[3].achievement, 833333, "NORD axis 4 achievement (lower is better)");
	is_i64(e.ax[3].deduction, 315001, "NORD axis 4 deduction");
	is_i64(e.ax[N_AXES + 2].stake, 2362500, "OUEST axis 3 stake");
	is_i64(e.ax[N_AXES + 2].achievement, 1000000, "OUEST axis 3: I3b target 0 not applicable");
	is_i64(e.ax[2 * N_AXES + 0].achievement, 550000, "OUTREMER axis 1 achievement");
	is_i64(e.ax[2 * N_AXES + 2].achievement, 561111, "OUTREMER axis 3 achievement");
	is_i64(e.ax[2 * N_AXES + 2].deduction, 345625, "OUTREMER axis 3 deduction");
	for (int c = 0; c < 3; c++)
		ok(e.ax[c * N_AXES + 5].achievement == 1000000 && e.ax[c * N_AXES + 5].deduction == 0,
		   "axis 6 has no indicator: 1.000000, no deduction (chamber %d)", c);
	ok(e.co[2].binding == COP_BINDING_LOWER && e.co[2].lower_source == COP_BOUND_FLOOR,
	   "OUTREMER is reported at its floor");
	ok(e.co[0].binding == COP_BINDING_NONE, "NORD is reported within its bounds");

	/* the rows' order does not matter */
	{
		example		f;

		example_init(&f);
		for (size_t i = 0; i < f.n_rows / 2; i++)
		{
			cop_row		t = f.rows[i];

			f.rows[i] = f.rows[f.n_rows - 1 - i];
			f.rows[f.n_rows - 1 - i] = t;
		}
		ok(cop_compute(&f.in, &f.out, &err, NULL) == COP_OK &&
		   memcmp(f.co, e.co, sizeof f.co) == 0 && memcmp(f.ax, e.ax, sizeof f.ax) == 0,
		   "reversed row order gives the same distribution");
	}
}

/* The modulation for non-respect (spec section 5 bis) on the worked example. */
static void
test_modulation(void)
{
	example		e;
	cop_error	err;
	cop_status	st;
	int64_t		m;

	ok(cop_modulation(2520875, 500000, &m) == COP_OK && m == 1260438,
	   "rhu(25 208.75 x 0.5) = 12 604.38 (half a cent up)");
	ok(cop_modulation(17766001, 100000, &m) == COP_OK && m == 1776600,
	   "rhu(177 660.01 x 0.1) = 17 766.00");
	ok(cop_modulation(1, 499999, &m) == COP_OK && m == 0, "0.01 x 0.499999 rounds to 0");
	ok(cop_modulation(1, 500000, &m) == COP_OK && m == 1, "0.01 x 0.5 rounds to 0.01");
	ok(cop_modulation(COP_MAX_CENTS, COP_PPM, &m) == COP_OK && m == COP_MAX_CENTS,
	   "rate 1 on 10^10 euros: all of it");
	ok(cop_modulation(100, COP_PPM + 1, &m) == COP_EINVAL && cop_modulation(100, -1, &m) == COP_EINVAL,
	   "a rate outside [0, 1] is refused");
	ok(!cop_motive_given(NULL) && !cop_motive_given("") && !cop_motive_given(" \t\n\r\v\f") &&
	   cop_motive_given(" x ") && cop_motive_given("COM non sign\xc3\xa9"),
	   "a motive is given when it has a non-blank character");

	/* NORD 0.1, OUTREMER 0.5: the worked example otherwise unchanged */
	example_init(&e);
	e.ch[0].has_modulation = true;
	e.ch[0].modulation_ppm = 100000;
	e.ch[0].has_modulation_motive = true;
	e.ch[2].has_modulation = true;
	e.ch[2].modulation_ppm = 500000;
	e.ch[2].has_modulation_motive = true;
	st = cop_compute(&e.in, &e.out, &err, NULL);
	ok(st == COP_OK, "modulated example computes (%s)", cop_status_name(st));
	is_i64(e.co[0].modulation, 1776600, "NORD modulation 17 766.00");
	is_i64(e.co[0].performance, 15989401, "NORD performance 159 894.01");
	is_i64(e.co[0].total, 50322734, "NORD total 503 227.34");
	is_i64(e.co[0].deduction, 1133999, "NORD deduction unchanged");
	is_i64(e.co[1].modulation, 0, "OUEST: no rate, no modulation");
	is_i64(e.co[1].total, 26616667, "OUEST total unchanged");
	is_i64(e.co[2].modulation, 1260438, "OUTREMER modulation 12 604.38");
	is_i64(e.co[2].performance, 1260437, "OUTREMER performance 12 604.37");
	is_i64(e.out.summary.modulations, 3037038, "sum of modulations 30 370.38");
	is_i64(e.out.summary.reserve, 1763124 + 3037038, "reserve = deductions + modulations");
	is_i64(e.out.summary.allocated, 88236876 - 3037038, "allocated lower by the modulations");
	ok(e.out.summary.quote_part + e.out.summary.allocated + e.out.summary.reserve ==
	   e.out.summary.tax_product, "P = Q + allocated + reserve");

	/* a rate of 0 without a motive is no modulation, and no error */
	example_init(&e);
	e.ch[1].has_modulation = true;
	e.ch[1].modulation_ppm = 0;
	ok(cop_compute(&e.in, &e.out, &err, NULL) == COP_OK && e.co[1].modulation == 0,
	   "rate 0 without a motive: accepted, nothing withheld");

	/* performance part undecided: nothing to modulate */
	example_init(&e);
	e.in.params.performance_decided = false;
	e.ch[0].has_modulation = true;
	e.ch[0].modulation_ppm = COP_PPM;
	e.ch[0].has_modulation_motive = true;
	ok(cop_compute(&e.in, &e.out, &err, NULL) == COP_OK && e.co[0].modulation == 0 &&
	   e.out.summary.reserve == e.out.summary.performance_part,
	   "performance part undecided: modulation 0, the reserve is Pf");

	/* the rules */
	example_init(&e);
	e.ch[1].has_modulation = true;
	e.ch[1].modulation_ppm = 200000;
	st = cop_compute(&e.in, &e.out, &err, NULL);
	ok(st == COP_EMODULATION_MOTIVE && err.chamber == 1 && err.a == 200000,
	   "a positive rate without a motive is refused, naming the chamber (%s)", cop_status_name(st));
	e.ch[1].has_modulation_motive = true;
	e.ch[1].modulation_ppm = COP_PPM + 1;
	st = cop_compute(&e.in, &e.out, &err, NULL);
	ok(st == COP_EMODULATION_RANGE && err.chamber == 1 && err.a == COP_PPM + 1,
	   "a rate above 1 is refused (%s)", cop_status_name(st));
	e.ch[1].modulation_ppm = -1;
	st = cop_compute(&e.in, &e.out, &err, NULL);
	ok(st == COP_EMODULATION_RANGE, "a negative rate is refused (%s)", cop_status_name(st));
}

static void
test_exercise_errors(void)
{
	example		e;
	cop_error	err;

#define EXPECT(setup, code, what) \
	do { example_init(&e); setup; \
		cop_status _s = cop_compute(&e.in, &e.out, &err, NULL); \
		if (!ok(_s == (code), what)) printf("#   got %s\n", cop_status_name(_s)); } while (0)

	EXPECT(e.in.params.quote_part = 100000001, COP_EQUOTE_EXCEEDS, "Q > P is refused");
	EXPECT(e.in.params.quote_part = 7999999, COP_EQUOTE_BELOW_MIN, "Q below its minimum is refused");
	EXPECT(e.in.params.operating_ppm = -1, COP_EPCT_NEGATIVE, "f < 0 is refused");
	EXPECT(e.in.params.minister_authorized = false, COP_EPCT_NEEDS_AUTH, "f = 0.65 without authorisation is refused");
	EXPECT(e.in.params.operating_ppm = 750001, COP_EPCT_OVER_MAX, "f > 0.75 is refused even with authorisation");
	EXPECT(e.in.params.tolerance_ppm = 1000001, COP_ETOLERANCE, "tolerance above 1 is refused");
	EXPECT((e.in.params.has_max_decrease = true, e.in.params.max_decrease_ppm = 1000001), COP_ETUNNEL, "max decrease above 100 %% is refused");
	EXPECT(e.in.n_chambers = 0, COP_ENO_RECIPIENT, "no recipient is refused");
	EXPECT(e.in.n_axes = 0, COP_ENO_AXIS, "no axis is refused");
	{
		static const int64_t bad[N_AXES] = {200000, 200000, 250000, 100000, 150000, 100001};
		static const int64_t over[N_AXES] = {1000001, 0, 0, 0, 0, 0};

		EXPECT(e.in.axis_weight_ppm = bad, COP_EAXIS_WEIGHT_SUM, "axis weights adding up to 1.000001 are refused");
		EXPECT(e.in.axis_weight_ppm = over, COP_EAXIS_WEIGHT_RANGE, "an axis weight above 1 is refused");
	}
	EXPECT((e.ch[0].op_key = e.ch[1].op_key = e.ch[2].op_key = 0, e.ch[2].has_floor = false),
		   COP_EOP_KEYS_ZERO, "all operating keys zero are refused");
	EXPECT(e.ch[0].perf_key = e.ch[1].perf_key = e.ch[2].perf_key = 0, COP_EPERF_KEYS_ZERO,
		   "all performance keys zero are refused");
	EXPECT(e.ch[2].floor_amount = 60000000, COP_EFLOORS_EXCEED, "a floor above the operating part is refused");
	EXPECT((e.ch[0].has_ceiling = e.ch[1].has_ceiling = e.ch[2].has_ceiling = true,
			e.ch[0].ceiling_amount = e.ch[1].ceiling_amount = e.ch[2].ceiling_amount = 10000000),
		   COP_ECEILINGS_SHORT, "ceilings below the operating part are refused");
	EXPECT((e.ch[1].has_ceiling = true, e.ch[1].ceiling_amount = 100), COP_OK, "a low ceiling elsewhere is absorbed");
	EXPECT((e.ch[2].has_ceiling = true, e.ch[2].ceiling_amount = 100), COP_EBOUNDS_CROSSED, "a floor above its ceiling is refused");
	EXPECT(e.rows[3].has_realized = false, COP_EMISSING_RESULT, "a missing result under policy error is refused");
	ok(err.chamber == 3 && err.item == 0, "it names OUTREMER (member 3) and I1 (indicator 0)");
	EXPECT((e.rows[18].has_realized = false, e.rows[3].has_realized = false), COP_EMISSING_RESULT,
		   "two missing results: the first by member then indicator code is named");
	ok(err.chamber == 3 && err.item == 0, "it is OUTREMER / I1 whatever the row order");
	EXPECT((e.rows[3].has_realized = false, e.in.params.missing_result = COP_MISSING_ZERO), COP_OK, "policy zero computes");
	is_i64(e.ax[2 * N_AXES].achievement, 0, "policy zero: OUTREMER axis 1 counts 0 of 100");
	EXPECT((e.rows[3].has_realized = false, e.in.params.missing_result = COP_MISSING_EXCLUDE), COP_OK, "policy exclude computes");
	is_i64(e.ax[2 * N_AXES].achievement, 1000000, "policy exclude: OUTREMER axis 1 has no applicable indicator");
	EXPECT((e.rows[3].has_realized = false, e.ind[0].weight = 0), COP_OK, "a missing result on a weight-0 indicator is ignored");
	EXPECT(e.in.params.performance_decided = false, COP_OK, "an undecided performance part computes");
	is_i64(e.out.summary.reserve, 31500000, "undecided: all of Pf goes to the reserve");
	is_i64(e.co[0].total, 34333333, "undecided: NORD gets its operating part only");
	is_i64(e.ax[0].achievement, 925000, "undecided: achievements are still measured");
	EXPECT(e.in.params.tolerance_ppm = 80000, COP_OK, "tolerance 0.08 computes");
	is_i64(e.ax[0].achievement, 1000000, "tolerance 0.08 lifts NORD axis 1 from 0.925 to 1");
	is_i64(e.ax[2].achievement, 1000000, "tolerance 0.08 lifts NORD axis 3 from 0.966667 to 1");
	is_i64(e.ax[2 * N_AXES].achievement, 550000, "tolerance 0.08 leaves OUTREMER axis 1 at 0.55");
	EXPECT((e.in.params.has_max_decrease = e.in.params.has_max_increase = true,
			e.in.params.max_decrease_ppm = 50000, e.in.params.max_increase_ppm = 100000,
			e.ch[0].has_previous = true, e.ch[0].previous_operating = 30000000), COP_OK, "a tunnel computes");
	is_i64(e.co[0].operating, 33000000, "NORD capped at 300 000 x 1.10");
	ok(e.co[0].binding == COP_BINDING_UPPER && e.co[0].upper_source == COP_BOUND_TUNNEL, "reported at its tunnel ceiling");
	is_i64(e.co[1].operating, 18500000, "OUEST takes the rest");
	{
		int64_t		ov[3 * N_AXES];

		for (int i = 0; i < 3 * N_AXES; i++)
			ov[i] = -1;
		ov[0] = COP_PPM;		/* NORD reaches its targets on axis 1 */
		EXPECT(e.in.achievement_override = ov, COP_OK, "an achievement override computes");
		is_i64(e.ax[0].achievement, 1000000, "NORD axis 1 overridden to 1");
		is_i64(e.co[0].deduction, 1133999 - 283500, "NORD keeps the 2 835.00 of axis 1");
		is_i64(e.ax[2].achievement, 966667, "other axes are still measured");
		ov[1] = COP_PPM + 1;
		EXPECT(e.in.achievement_override = ov, COP_EINVAL, "an override above 1 is refused");
	}
#undef EXPECT
}

/* ------------------------------------------------------------------ */
/* Randomized properties against an independent reference.             */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int64_t
rnd_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t) (rnd() % (uint64_t) (hi - lo + 1));
}

/*
 * Reference for the bounded split: try every assignment of each part to
 * {floor, free, ceiling}, keep the one whose lambda is consistent, then
 * floor + largest remainder.  Exponential, independent of the sweep.
 */
static bool
reference_bounded(int64_t total, const int64_t *w, const int64_t *lo,
				  const int64_t *hi, int n, int64_t *out)
{
	int			combos = 1;

	for (int i = 0; i < n; i++)
		combos *= 3;
	for (int m = 0; m < combos; m++)
	{
		int			st[8];
		int			x = m;
		cop_i128	fixed = 0,
					sw = 0;
		bool		good = true;

		for (int i = 0; i < n; i++, x /= 3)
		{
			st[i] = x % 3;
			if (w[i] == 0 && st[i] != 0)
				good = false;	/* clamp(0, lo, hi) = lo */
			if (st[i] == 2 && hi[i] == COP_NO_BOUND)
				good = false;
			if (st[i] == 0)
				fixed += lo[i];
			else if (st[i] == 2)
				fixed += hi[i];
			else
				sw += w[i];
		}
		if (!good)
			continue;
		cop_i128	num = total - fixed;

		if (sw == 0)
		{
			if (num != 0)
				continue;
			/* lambda is free; pick consistency with lambda = 0 for floors */
		}
		else if (num < 0)
			continue;
		for (int i = 0; i < n && good; i++)
		{
			/* lambda w_i compared with bounds: num w_i vs bound sw */
			cop_i128	lw = num * w[i];

			if (sw == 0)
				good = (st[i] == 0);
			else if (st[i] == 0)
				good = lw <= (cop_i128) lo[i] * sw;
			else if (st[i] == 2)
				good = lw >= (cop_i128) hi[i] * sw;
			else
				good = lw >= (cop_i128) lo[i] * sw &&
					(hi[i] == COP_NO_BOUND || lw <= (cop_i128) hi[i] * sw);
		}
		if (!good)
			continue;
		{
			cop_i128	rem[8];
			int64_t		given = 0;

			for (int i = 0; i < n; i++)
			{
				rem[i] = 0;
				if (st[i] == 0)
					out[i] = lo[i];
				else if (st[i] == 2)
					out[i] = hi[i];
				else
				{
					out[i] = (int64_t) (num * w[i] / sw);
					rem[i] = num * w[i] % sw;
				}
				given += out[i];
			}
			for (int64_t left = total - given; left > 0; left--)
			{
				int			best = -1;

				for (int i = 0; i < n; i++)
					if (rem[i] >= 0 && (best < 0 || rem[i] > rem[best]))
						best = i;
				out[best]++;
				rem[best] = -1;
			}
		}
		return true;
	}
	return false;
}

static void
test_random_bounded(void)
{
	int			agree = 0,
				trials = 3000,
				infeasible_agree = 0,
				conserve = 0,
				within = 0;

	for (int t = 0; t < trials; t++)
	{
		int			n = (int) rnd_range(1, 7);
		int64_t		w[8],
					lo[8],
					hi[8],
					got[8],
					want[8];
		int64_t		total = rnd_range(0, 3) == 0 ? rnd_range(0, 50) : rnd_range(0, 100000000);
		cop_error	err;
		cop_status	st;
		bool		ref;

		for (int i = 0; i < n; i++)
		{
			w[i] = rnd_range(0, 4) == 0 ? 0 : rnd_range(1, 1000) * (rnd_range(0, 1) ? 1 : COP_PPM);
			if (rnd_range(0, 6) == 0)
				w[i] = w[0];	/* ties */
			lo[i] = rnd_range(0, 2) == 0 ? rnd_range(0, total / n + 1) : 0;
			hi[i] = rnd_range(0, 2) == 0 ? lo[i] + rnd_range(0, total / n + 1) : COP_NO_BOUND;
		}
		st = cop_apportion_bounded(total, w, lo, hi, n, got, &err, NULL);
		ref = reference_bounded(total, w, lo, hi, n, want);
		if (st == COP_OK && ref && memcmp(got, want, sizeof(int64_t) * (size_t) n) == 0)
			agree++;
		else if (st != COP_OK && !ref)
			infeasible_agree++;
		else if (agree + infeasible_agree == t)
		{
			printf("# disagreement at trial %d: st=%s ref=%d n=%d total=%" PRId64 "\n",
				   t, cop_status_name(st), ref, n, total);
			for (int i = 0; i < n; i++)
				printf("#   w=%" PRId64 " lo=%" PRId64 " hi=%" PRId64 " got=%" PRId64 " want=%" PRId64 "\n",
					   w[i], lo[i], hi[i], got[i], want[i]);
		}
		if (st == COP_OK)
		{
			int64_t		s = 0;
			bool		in = true;

			for (int i = 0; i < n; i++)
			{
				s += got[i];
				if (got[i] < lo[i] || (hi[i] != COP_NO_BOUND && got[i] > hi[i]))
					in = false;
			}
			conserve += (s == total);
			within += in;
		}
		else
		{
			conserve++;
			within++;
		}
	}
	ok(agree + infeasible_agree == trials,
	   "bounded split equals the brute-force reference in %d of %d random cases (%d infeasible in both)",
	   agree + infeasible_agree, trials, infeasible_agree);
	ok(conserve == trials, "bounded parts add up to the total in every case");
	ok(within == trials, "bounded parts stay within their bounds in every case");
	ok(agree > trials / 2, "most random cases are feasible (%d), so the check has teeth", agree);
}

static void
test_random_apportion(void)
{
	int			good = 0,
				trials = 5000;

	for (int t = 0; t < trials; t++)
	{
		int			n = (int) rnd_range(1, 20);
		int64_t		w[20],
					got[20],
					lo[20],
					hi[20],
					viab[20];
		int64_t		total = rnd_range(1, COP_MAX_CENTS);
		cop_i128	sum = 0;
		cop_error	err;
		bool		g = true;
		int64_t		s = 0;

		for (int i = 0; i < n; i++)
		{
			w[i] = rnd_range(0, 3) == 0 ? rnd_range(0, 3) : rnd_range(0, COP_MAX_MICRO);
			sum += w[i];
			lo[i] = 0;
			hi[i] = COP_NO_BOUND;
		}
		if (sum == 0)
			w[0] = sum = 1;
		if (cop_apportion(total, w, n, got, &err, NULL) != COP_OK ||
			cop_apportion_bounded(total, w, lo, hi, n, viab, &err, NULL) != COP_OK)
			g = false;
		for (int i = 0; g && i < n; i++)
		{
			cop_i128	q = (cop_i128) total * w[i];
			int64_t		fl = (int64_t) (q / sum);

			/* each part is floor or floor + 1 of its exact quota */
			if (got[i] != fl && got[i] != fl + 1)
				g = false;
			if (got[i] != viab[i])
				g = false;		/* unbounded water-filling is plain apportion */
			s += got[i];
		}
		if (g && s == total)
			good++;
	}
	ok(good == trials, "apportion: parts are floor/ceil of quotas, add up, and equal the unbounded water-filling (%d/%d)",
	   good, trials);
}

/* The row index (rows.c): one index, built once, read by the loader, simulate and the core. */
static void
test_row_index(void)
{
	example		e,
				f;
	cop_row_index ix;
	cop_error	err;
	cop_status	st;
	bool		good;
	size_t		k;

	example_init(&e);
	st = cop_index_rows(e.rows, e.n_rows, 4, &ix, NULL);
	ok(st == COP_OK && ix.start[0] == 0 && ix.start[4] == e.n_rows &&
	   ix.start[1] == 6 && ix.start[2] == 7 && ix.start[3] == 13,
	   "the worked example's rows by member: NORD 6, NORD-ASSOC 1, OUEST 6, OUTREMER 6");
	good = true;
	for (int m = 0; m < 4; m++)
		for (k = ix.start[m]; k < ix.start[m + 1]; k++)
			good &= e.rows[ix.order[k]].member == m &&
				(k == ix.start[m] || e.rows[ix.order[k - 1]].indicator < e.rows[ix.order[k]].indicator);
	ok(good, "each member's rows by indicator");
	good = true;
	for (k = 0; k < e.n_rows; k++)
	{
		size_t		found = (size_t) -1;

		good &= cop_find_row(e.rows, &ix, e.rows[k].member, e.rows[k].indicator, &found) &&
			found == k;
	}
	ok(good, "cop_find_row finds every row by (member, indicator)");
	k = 99;
	ok(!cop_find_row(e.rows, &ix, 1, 1, &k) && !cop_find_row(e.rows, &ix, 1, 6, &k) &&
	   !cop_find_row(e.rows, &ix, 0, -1, &k) && k == 99,
	   "cop_find_row says so when the member has no row of the indicator");

	/* the core reads a given index as it reads its own */
	example_copy(&f, &e);
	st = cop_compute(&e.in, &e.out, &err, NULL);
	f.in.row_index = &ix;
	ok(st == COP_OK && cop_compute(&f.in, &f.out, &err, NULL) == COP_OK &&
	   memcmp(f.co, e.co, sizeof f.co) == 0 && memcmp(f.ax, e.ax, sizeof f.ax) == 0,
	   "a given index gives the same cents as the core's own");

	/* an index that is not these rows' is refused */
	{
		size_t		o0 = ix.order[0],
					o1 = ix.order[1];

		ix.order[0] = o1;
		ix.order[1] = o0;
		ok(cop_compute(&f.in, &f.out, &err, NULL) == COP_EINVAL,
		   "an index out of indicator order is refused");
		ix.order[0] = ix.order[1] = o0;
		ok(cop_compute(&f.in, &f.out, &err, NULL) == COP_EINVAL,
		   "an index listing a row twice is refused");
		ix.order[1] = o1;
		ix.order[0] = e.n_rows;
		ok(cop_compute(&f.in, &f.out, &err, NULL) == COP_EINVAL,
		   "an index naming no row is refused");
		ix.order[0] = ix.order[6];	/* NORD-ASSOC's row among NORD's */
		ok(cop_compute(&f.in, &f.out, &err, NULL) == COP_EINVAL,
		   "an index giving a member another's row is refused");
		ix.order[0] = o0;
		ix.start[4]--;
		ok(cop_compute(&f.in, &f.out, &err, NULL) == COP_EINVAL,
		   "an index leaving a row out is refused");
		ix.start[4]++;
		ok(cop_compute(&f.in, &f.out, &err, NULL) == COP_OK, "the index put back computes");
	}
	cop_free_row_index(&ix, NULL);

	e.rows[3].member = 4;
	ok(cop_index_rows(e.rows, e.n_rows, 4, &ix, NULL) == COP_EINVAL && ix.start == NULL,
	   "a row of no member cannot be indexed");
	e.rows[3].member = -1;
	ok(cop_index_rows(e.rows, e.n_rows, 4, &ix, NULL) == COP_EINVAL, "nor a negative member");

	/* many rows a member, duplicates included: by (indicator, position), each row once */
	good = true;
	for (int t = 0; t < 60; t++)
	{
		int			nm = (int) rnd_range(1, 5);
		size_t		n = (size_t) rnd_range(0, t < 10 ? 70 : 3000);
		cop_row    *rows = calloc(n + 1, sizeof(cop_row));
		char	   *seen = calloc(n + 1, 1);

		for (k = 0; k < n; k++)
		{
			rows[k].member = (int) rnd_range(0, nm - 1);
			rows[k].indicator = (int) rnd_range(0, t % 2 ? 40 : 4000);
		}
		good &= cop_index_rows(rows, n, nm, &ix, NULL) == COP_OK && ix.start[nm] == n;
		for (int m = 0; good && m < nm; m++)
			for (k = ix.start[m]; k < ix.start[m + 1]; k++)
			{
				size_t		r = ix.order[k],
							found;

				good &= r < n && !seen[r] && rows[r].member == m &&
					(k == ix.start[m] || rows[ix.order[k - 1]].indicator < rows[r].indicator ||
					 (rows[ix.order[k - 1]].indicator == rows[r].indicator && ix.order[k - 1] < r)) &&
					cop_find_row(rows, &ix, m, rows[r].indicator, &found) &&
					rows[found].indicator == rows[r].indicator && found <= r;
				seen[r] = 1;
			}
		cop_free_row_index(&ix, NULL);
		free(rows);
		free(seen);
	}
	ok(good, "random rows, up to 3 000 a member: indexed by (indicator, position), each once, each found");
}

/* Random exercises: conservation, non-negativity, monotonicity, order. */
static void
test_random_exercises(void)
{
	int			trials = 400,
				conserved = 0,
				monotone = 0,
				rate_monotone = 0,
				order_free = 0,
				indexed = 0,
				computed = 0;

	for (int t = 0; t < trials; t++)
	{
		example		e,
					f;
		cop_error	err;

		example_init(&e);
		e.in.params.tax_product = rnd_range(0, COP_MAX_CENTS);
		e.in.params.quote_part = rnd_range(0, e.in.params.tax_product / 5);
		e.in.params.has_quote_part_min = false;
		e.in.params.operating_ppm = rnd_range(0, 750000);
		e.in.params.tolerance_ppm = rnd_range(0, 2) ? 0 : rnd_range(0, 100000);
		e.in.params.performance_decided = rnd_range(0, 5) != 0;
		for (int c = 0; c < 3; c++)
		{
			e.ch[c].op_key = rnd_range(0, 1000000) * COP_PPM;
			e.ch[c].perf_key = rnd_range(0, 3) ? e.ch[c].op_key : rnd_range(0, 1000000) * COP_PPM;
			e.ch[c].has_floor = false;
			e.ch[c].has_modulation = rnd_range(0, 2) == 0;
			e.ch[c].modulation_ppm = e.ch[c].has_modulation ? rnd_range(0, COP_PPM) : 0;
			e.ch[c].has_modulation_motive = true;
		}
		e.ch[0].op_key += 1;
		e.ch[0].perf_key += 1;
		for (size_t k = 0; k < e.n_rows; k++)
		{
			e.rows[k].target = rnd_range(0, 1000) * COP_PPM;
			e.rows[k].realized = rnd_range(0, 1200) * COP_PPM;
		}
		if (cop_compute(&e.in, &e.out, &err, NULL) != COP_OK)
			continue;
		computed++;
		{
			int64_t		s = e.out.summary.quote_part + e.out.summary.reserve;
			bool		nonneg = true;

			for (int c = 0; c < 3; c++)
			{
				s += e.co[c].total;
				nonneg &= e.co[c].operating >= 0 && e.co[c].performance >= 0 &&
					e.co[c].deduction >= 0 && e.co[c].deduction <= e.co[c].envelope &&
					e.co[c].modulation >= 0 &&
					e.co[c].performance == e.co[c].envelope - e.co[c].deduction - e.co[c].modulation;
			}
			conserved += (s == e.out.summary.tax_product && nonneg);
		}
		/* one chamber achieves more on one indicator: it never receives less */
		example_copy(&f, &e);
		{
			size_t		k = (size_t) rnd_range(0, (int64_t) f.n_rows - 1);
			int			rc = f.mem[f.rows[k].member].recipient;

			if (f.ind[f.rows[k].indicator].direction == COP_HIGHER)
				f.rows[k].realized += rnd_range(1, 500) * COP_PPM;
			else if (f.rows[k].realized > 0)
				f.rows[k].realized -= rnd_range(1, f.rows[k].realized / COP_PPM) * COP_PPM;
			if (cop_compute(&f.in, &f.out, &err, NULL) == COP_OK &&
				f.co[rc].total >= e.co[rc].total)
				monotone++;
		}
		/*
		 * one chamber's modulation rate raised: it never receives more, the
		 * reserve gains exactly its extra modulation, no other chamber moves
		 */
		example_copy(&f, &e);
		{
			int			rc = (int) rnd_range(0, 2);

			f.ch[rc].modulation_ppm += rnd_range(0, COP_PPM - f.ch[rc].modulation_ppm);
			f.ch[rc].has_modulation = true;
			if (cop_compute(&f.in, &f.out, &err, NULL) == COP_OK &&
				f.co[rc].total <= e.co[rc].total &&
				f.out.summary.reserve - e.out.summary.reserve ==
				f.co[rc].modulation - e.co[rc].modulation &&
				memcmp(&f.co[(rc + 1) % 3], &e.co[(rc + 1) % 3], sizeof f.co[0]) == 0 &&
				memcmp(&f.co[(rc + 2) % 3], &e.co[(rc + 2) % 3], sizeof f.co[0]) == 0)
				rate_monotone++;
		}
		/* the rows in another order give the same cents */
		example_copy(&f, &e);
		for (size_t k = f.n_rows - 1; k > 0; k--)
		{
			size_t		j = (size_t) rnd_range(0, (int64_t) k);
			cop_row		tmp = f.rows[k];

			f.rows[k] = f.rows[j];
			f.rows[j] = tmp;
		}
		if (cop_compute(&f.in, &f.out, &err, NULL) == COP_OK &&
			memcmp(f.co, e.co, sizeof f.co) == 0 && memcmp(f.ax, e.ax, sizeof f.ax) == 0)
			order_free++;
		/* ... and so do they through an index built by cop_index_rows */
		{
			cop_row_index ix;

			if (cop_index_rows(f.rows, f.n_rows, f.in.n_members, &ix, NULL) == COP_OK)
			{
				f.in.row_index = &ix;
				if (cop_compute(&f.in, &f.out, &err, NULL) == COP_OK &&
					memcmp(f.co, e.co, sizeof f.co) == 0 && memcmp(f.ax, e.ax, sizeof f.ax) == 0)
					indexed++;
				cop_free_row_index(&ix, NULL);
			}
		}
	}
	ok(computed > trials * 9 / 10, "random exercises compute (%d/%d)", computed, trials);
	ok(conserved == computed, "P = Q + allocated + reserve and every amount >= 0 (%d/%d)", conserved, computed);
	ok(monotone == computed, "achieving more never receives less (%d/%d)", monotone, computed);
	ok(rate_monotone == computed,
	   "a higher modulation rate never gives more, the reserve gains exactly it (%d/%d)",
	   rate_monotone, computed);
	ok(order_free == computed, "row order never changes a cent (%d/%d)", order_free, computed);
	ok(indexed == computed, "a given row index never changes a cent (%d/%d)", indexed, computed);
}

/* The rules the loader used to apply (issue 9): keys, results year, parsers, association. */
static void
test_rules(void)
{
	cop_chamber ch;
	cop_keys	k;
	cop_missing_policy pol;
	cop_direction dir;
	example		e;
	cop_error	err;

	memset(&k, 0, sizeof(k));
	memset(&ch, 0, sizeof(ch));
	ok(cop_chamber_keys(&k, &ch) == COP_ENO_OPERATING_KEY, "no operating_weight, no assujettis: no key");
	k.has_assujettis = true;
	k.assujettis = 5 * COP_PPM;
	ok(cop_chamber_keys(&k, &ch) == COP_OK && ch.op_key == 5 * COP_PPM && ch.perf_key == 5 * COP_PPM,
	   "assujettis is the operating key, and the performance key by default");
	k.has_operating_weight = true;
	k.operating_weight = 7;
	ok(cop_chamber_keys(&k, &ch) == COP_OK && ch.op_key == 7 && ch.perf_key == 7,
	   "operating_weight, when set, wins over assujettis");
	k.has_performance_weight = true;
	k.performance_weight = 0;
	ok(cop_chamber_keys(&k, &ch) == COP_OK && ch.op_key == 7 && ch.perf_key == 0,
	   "performance_weight, when set, is the performance key, 0 included");
	is_i64(cop_default_results_year(2025), 2024, "the results year defaults to year - 1");
	ok(cop_parse_missing_policy("error", &pol) == COP_OK && pol == COP_MISSING_ERROR &&
	   cop_parse_missing_policy("zero", &pol) == COP_OK && pol == COP_MISSING_ZERO &&
	   cop_parse_missing_policy("exclude", &pol) == COP_OK && pol == COP_MISSING_EXCLUDE &&
	   cop_parse_missing_policy("Zero", &pol) == COP_EINVAL &&
	   cop_parse_missing_policy("", &pol) == COP_EINVAL, "missing-result policies, exactly");
	ok(cop_parse_direction("higher", &dir) == COP_OK && dir == COP_HIGHER &&
	   cop_parse_direction("lower", &dir) == COP_OK && dir == COP_LOWER &&
	   cop_parse_direction("down", &dir) == COP_EINVAL, "directions, exactly");
	example_init(&e);
	e.ch[1].associated = true;
	ok(cop_compute(&e.in, &e.out, &err, NULL) == COP_EASSOCIATED && err.chamber == 1,
	   "an associated chamber among the recipients is refused, naming it");
}

/*
 * Whether every recipient is measured (run(year) asks it instead of probing
 * com_target per chamber): a positive target of the recipient or of an
 * associated chamber, on an indicator of weight > 0 on an axis of weight > 0.
 */
static void
test_every_recipient_measured(void)
{
	example		e;
	bool		all = false;
	int64_t		weights[N_AXES];

	example_init(&e);
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_OK && all,
	   "measured: every recipient of the worked example has a positive target");

	/* OUTREMER (member 3) without a positive target */
	for (size_t k = 0; k < e.n_rows; k++)
		if (e.rows[k].member == 3)
			e.rows[k].target = 0;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_OK && !all,
	   "measured: not when a recipient's targets are all 0");

	/* ... but one, on I5 (axis 5) */
	e.rows[18].target = 6 * COP_PPM;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_OK && all,
	   "measured: one positive target is enough");
	e.ind[5].weight = 0;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_OK && !all,
	   "measured: not when it is on an indicator of weight 0");
	e.ind[5].weight = COP_PPM;
	memcpy(weights, cop_weights, sizeof(weights));
	weights[4] = 0;
	e.in.axis_weight_ppm = weights;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_OK && !all,
	   "measured: not when it is on an axis of weight 0");
	e.in.axis_weight_ppm = cop_weights;
	e.ind[5].axis = -1;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_OK && !all,
	   "measured: not when its indicator is on no axis of the exercise");
	e.ind[5].axis = 4;

	/* NORD measured through NORD-ASSOC (member 1) only */
	example_init(&e);
	for (size_t k = 0; k < e.n_rows; k++)
		if (e.rows[k].member == 0)
			e.rows[k].target = 0;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_OK && all,
	   "measured: a recipient counts its associated chambers' targets");
	e.rows[1].target = 0;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_OK && !all,
	   "measured: not when neither it nor its associated chamber has one");

	example_init(&e);
	e.in.n_rows = 0;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_OK && !all,
	   "measured: not without any target");
	example_init(&e);
	e.in.n_chambers = 0;
	all = true;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_OK && !all,
	   "measured: false without any recipient");
	example_init(&e);
	e.rows[0].member = 4;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_EINVAL,
	   "measured: a row of an unknown member is refused");
	example_init(&e);
	e.rows[0].indicator = -1;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_EINVAL,
	   "measured: a row of an unknown indicator is refused");
	example_init(&e);
	e.mem[0].recipient = 3;
	ok(cop_every_recipient_measured(&e.in, &all, NULL) == COP_EINVAL,
	   "measured: a member of an unknown recipient is refused");
}

/* Interrupts (issue 10): the allocator's interrupted() stops every long loop. */
static int	hook_calls;
static int	hook_stop_after;

static bool
hook_interrupted(void *ctx)
{
	(void) ctx;
	return ++hook_calls > hook_stop_after;
}

static void *
hook_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size);
}

static void
hook_release(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

static void
test_interrupts(void)
{
	const cop_allocator al = {hook_alloc, hook_release, NULL, hook_interrupted};
	enum { N = 50000 };
	int64_t    *w = malloc(sizeof(int64_t) * N);
	int64_t    *lo = malloc(sizeof(int64_t) * N);
	int64_t    *hi = malloc(sizeof(int64_t) * N);
	int64_t    *out = malloc(sizeof(int64_t) * N);
	cop_error	err;
	cop_status	st;
	bool		all_stop = true;
	example		e;

	for (int i = 0; i < N; i++)
	{
		w[i] = (i % 7 + 1) * COP_PPM;
		lo[i] = i % 3 == 0 ? 100 : 0;
		hi[i] = i % 5 == 0 ? 100000 : COP_NO_BOUND;
	}
	hook_calls = 0;
	hook_stop_after = 1 << 30;
	st = cop_apportion(COP_MAX_CENTS - 1, w, N, out, &err, &al);
	ok(st == COP_OK && hook_calls >= 2 * N / COP_INTERRUPT_EVERY,
	   "apportion of %d weights asks interrupted() every %d iterations (%d calls)",
	   N, COP_INTERRUPT_EVERY, hook_calls);
	/* stopped at each of its checks in turn, it stops there, cleanly */
	for (int stop = 0; stop < hook_calls; stop += hook_calls / 5 + 1)
	{
		int			calls = hook_calls;

		hook_calls = 0;
		hook_stop_after = stop;
		all_stop &= cop_apportion(COP_MAX_CENTS - 1, w, N, out, &err, &al) == COP_EINTERRUPTED &&
			hook_calls == stop + 1;
		hook_calls = calls;
	}
	ok(all_stop, "apportion stops at whichever check says so");

	hook_calls = 0;
	hook_stop_after = 1 << 30;
	st = cop_apportion_bounded(COP_MAX_CENTS - 1, w, lo, hi, N, out, &err, &al);
	ok(st == COP_OK && hook_calls >= 4 * N / COP_INTERRUPT_EVERY,
	   "bounded apportion of %d weights: checks in validation, sort, sweep and cents (%d calls)",
	   N, hook_calls);
	all_stop = true;
	for (int stop = 0, total = hook_calls; stop < total; stop += total / 7 + 1)
	{
		hook_calls = 0;
		hook_stop_after = stop;
		st = cop_apportion_bounded(COP_MAX_CENTS - 1, w, lo, hi, N, out, &err, &al);
		all_stop &= st == COP_EINTERRUPTED && hook_calls == stop + 1;
	}
	ok(all_stop, "bounded apportion stops at whichever check says so");

	example_init(&e);
	hook_calls = 0;
	hook_stop_after = 1 << 30;
	st = cop_compute(&e.in, &e.out, &err, &al);
	ok(st == COP_OK && hook_calls > 0, "the exercise asks too (%d calls)", hook_calls);
	all_stop = true;
	for (int stop = 0, total = hook_calls; stop < total; stop++)
	{
		hook_calls = 0;
		hook_stop_after = stop;
		all_stop &= cop_compute(&e.in, &e.out, &err, &al) == COP_EINTERRUPTED;
	}
	ok(all_stop, "the exercise stops at each of its checks");
	{
		bool		all = false;

		/* the worked example's rows, targets 0 but the last: every row is read */
		for (size_t k = 0; k + 1 < e.n_rows; k++)
			e.rows[k].target = 0;
		hook_calls = 0;
		hook_stop_after = 0;
		ok(cop_every_recipient_measured(&e.in, &all, &al) == COP_EINTERRUPTED && hook_calls == 1,
		   "measuring the recipients stops when asked");
		hook_stop_after = 1 << 30;
	}

	/* the leftover cents with many ties, on both sides of the half */
	hook_stop_after = 1 << 30;
	{
		bool		good = true;

		for (int t = 0; t < 200; t++)
		{
			int			n = (int) rnd_range(1, 400);
			int64_t		total = rnd_range(0, 5000);
			cop_i128	sum = 0;
			int64_t		want[400];
			cop_i128	rem[400];
			int64_t		given = 0;

			for (int i = 0; i < n; i++)
				sum += (w[i] = rnd_range(0, 4));
			if (sum == 0)
				sum = w[0] = 1;
			for (int i = 0; i < n; i++)
			{
				want[i] = (int64_t) (total * w[i] / sum);
				rem[i] = total * w[i] % sum;
				given += want[i];
			}
			for (int64_t left = total - given; left > 0; left--)
			{
				int			best = -1;

				for (int i = 0; i < n; i++)
					if (rem[i] >= 0 && (best < 0 || rem[i] > rem[best]))
						best = i;
				want[best]++;
				rem[best] = -1;
			}
			good &= cop_apportion(total, w, n, out, &err, &al) == COP_OK &&
				memcmp(out, want, sizeof(int64_t) * n) == 0;
		}
		ok(good, "largest remainder with ties: the lower index first, whatever the number of cents left");
	}
	free(w);
	free(lo);
	free(hi);
	free(out);
}

int
main(void)
{
	test_rhu();
	test_decimal();
	test_apportion();
	test_bounded();
	test_achievement();
	test_worked_example();
	test_row_index();
	test_modulation();
	test_exercise_errors();
	test_every_recipient_measured();
	test_random_bounded();
	test_random_apportion();
	test_random_exercises();
	test_interrupts();
	test_rules();
	return tap_done();
}
