/*
 * cop_core.h -- the pure arithmetic of the R312-2 distribution of the TFCMA.
 *
 * No PostgreSQL header, no floating point: money is int64 cents, rates are
 * int64 millionths (ppm), key weights, targets and results are int64
 * micro-units (value x 10^6); intermediates are 128-bit and every overflow
 * is reported as COP_EOVERFLOW.  Each step of the rule book has its own
 * file: apportion.c (spec section 3), bounds.c (section 4), achievement.c
 * and exercise.c (section 5), decimal.c (section 2, exact decimal text);
 * rows.c indexes the target rows by member and indicator.
 */
#ifndef COP_CORE_H
#define COP_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * 128-bit intermediates.  __int128 wants 16-byte alignment: a custom
 * cop_allocator must return 16-byte aligned blocks (palloc gives only 8;
 * the glue's allocator aligns them).
 */
typedef __int128 cop_i128;

#define COP_PPM				INT64_C(1000000)
#define COP_MAX_CENTS		INT64_C(1000000000000)	/* 10^10 euros */
#define COP_MAX_MICRO		INT64_C(1000000000000000000)	/* 10^12 units */
#define COP_MAX_PCT_PPM		INT64_C(100000000)	/* a tunnel of +10000 % */
#define COP_OPERATING_MAX_PPM		INT64_C(500000)	/* R312-2 1°: 50 % */
#define COP_OPERATING_MAX_AUTH_PPM	INT64_C(750000)	/* with authorisation */
#define COP_NO_BOUND		INT64_C(-1)

typedef enum cop_status
{
	COP_OK = 0,
	COP_EOVERFLOW,			/* a 128-bit intermediate would overflow */
	COP_ENOMEM,				/* the allocator returned NULL */
	COP_EINVAL,				/* an argument outside its documented domain */
	COP_EINTERRUPTED,		/* the allocator's interrupted() said stop */
	/* decimal text (decimal.c) */
	COP_ESYNTAX,			/* not a decimal number */
	COP_ENAN,				/* NaN */
	COP_EINFINITE,			/* +/-Infinity */
	COP_ENEGATIVE,			/* below zero */
	COP_ESCALE,				/* more decimals than allowed */
	COP_ERANGE,				/* above the allowed maximum */
	/* apportion and bounds (apportion.c, bounds.c) */
	COP_EZERO_WEIGHTS,		/* all weights zero with something to split */
	COP_EBOUNDS_CROSSED,	/* lower bound above upper bound: chamber */
	COP_EFLOORS_EXCEED,		/* sum of lower bounds above the total: a, b */
	COP_ECEILINGS_SHORT,	/* every part capped, sum of caps below total */
	COP_EUNREACHABLE,		/* zero-weight parts stuck at their floor */
	/* exercise (exercise.c) */
	COP_EQUOTE_EXCEEDS,		/* Q > P */
	COP_EQUOTE_BELOW_MIN,	/* Q < quote_part_min */
	COP_EPCT_NEGATIVE,		/* operating percentage below 0 */
	COP_EPCT_NEEDS_AUTH,	/* above 0.50 without authorisation */
	COP_EPCT_OVER_MAX,		/* above 0.75 */
	COP_ETOLERANCE,			/* tolerance outside [0, 1] */
	COP_ETUNNEL,			/* max_decrease outside [0,1] or max_increase < 0 */
	COP_ENO_RECIPIENT,		/* no chamber in the exercise */
	COP_ENO_AXIS,			/* no axis in the exercise */
	COP_EAXIS_WEIGHT_RANGE, /* an axis weight outside [0, 1]: item = axis */
	COP_EAXIS_WEIGHT_SUM,	/* axis weights do not add up to 1: a = sum */
	COP_EOP_KEYS_ZERO,		/* every operating key zero, operating part > 0 */
	COP_EPERF_KEYS_ZERO,	/* every performance key zero, part > 0 */
	COP_EMISSING_RESULT,	/* member, item = indicator */
	COP_EMODULATION_RANGE,	/* modulation rate outside [0, 1]: chamber, a */
	COP_EMODULATION_MOTIVE, /* positive modulation without a motive: chamber */
	COP_ENO_OPERATING_KEY,	/* neither operating_weight nor assujettis */
	COP_EASSOCIATED,		/* a recipient associated to a parent: chamber */
	COP_EINTERNAL			/* an invariant failed: a bug */
} cop_status;

/* Where and why a computation failed; indexes are -1 when not relevant. */
typedef struct cop_error
{
	cop_status	code;
	int			chamber;		/* recipient index, or member index */
	int			item;			/* axis or indicator index */
	cop_i128	a;				/* the figures, in the unit of the check */
	cop_i128	b;
} cop_error;

/*
 * Scratch memory and interrupts: the PostgreSQL glue passes palloc and a
 * check of cancel / statement_timeout / terminate (which may not return:
 * PostgreSQL unwinds from it, and frees the palloc'd scratch with its
 * memory context); tests pass malloc.  Every loop of the core over
 * chambers, rows or weights calls interrupted() once every
 * COP_INTERRUPT_EVERY iterations, and stops with COP_EINTERRUPTED when it
 * returns true.  A NULL allocator, or a NULL interrupted, is never
 * interrupted.
 */
#define COP_INTERRUPT_EVERY 4096

typedef struct cop_allocator
{
	void	   *(*alloc) (void *ctx, size_t size);	/* NULL on failure */
	void		(*release) (void *ctx, void *ptr);
	void	   *ctx;
	bool		(*interrupted) (void *ctx); /* NULL: never */
} cop_allocator;

const char *cop_status_name(cop_status s);

/* ---- rounding (spec section 2) ---- */

/* rhu(num / den) = floor(num / den + 1/2), den > 0. */
cop_status	cop_rhu_div(cop_i128 num, cop_i128 den, cop_i128 *out);

/* ---- exact decimals (decimal.c) ---- */

/*
 * Parse the text of a decimal number ("1234.50", "-0.5", "NaN") into an
 * integer count of 10^-scale units; trailing zeros beyond scale are exact
 * and accepted, any other extra digit is COP_ESCALE, never rounded.
 * Negative non-zero values are COP_ENEGATIVE; values above max_units are
 * COP_ERANGE.
 */
cop_status	cop_parse_decimal(const char *s, int scale, int64_t max_units,
							  int64_t *out);

/* Write units as a decimal with exactly scale decimals; returns length. */
size_t		cop_format_decimal(int64_t units, int scale, char *buf, size_t len);

/* ---- apportion (apportion.c, spec section 3) ---- */

/*
 * Largest remainder: split total by non-negative weights w[0..n-1].
 * Ties on the fractional part go to the lower index, so callers pass
 * chambers in code order and axes in axis order.
 */
cop_status	cop_apportion(int64_t total, const int64_t *w, int n, int64_t *out,
						  cop_error *err, const cop_allocator *al);

/*
 * Bounded apportion (bounds.c, spec section 4): the exact water-filling
 * x_i = clamp(lambda * w_i, lo_i, hi_i) with sum x_i = total, then cents by
 * largest remainder.  hi_i = COP_NO_BOUND means no ceiling.
 */
cop_status	cop_apportion_bounded(int64_t total, const int64_t *w,
								  const int64_t *lo, const int64_t *hi, int n,
								  int64_t *out, cop_error *err,
								  const cop_allocator *al);

/* ---- achievement (achievement.c, spec section 5) ---- */

typedef enum cop_direction
{
	COP_HIGHER = 0,
	COP_LOWER = 1
} cop_direction;

/* "higher" or "lower" (spec 7, indicator.direction), else COP_EINVAL */
cop_status	cop_parse_direction(const char *text, cop_direction *out);

/*
 * Indicator achievement in ppm from consolidated realized V and target T
 * (any common unit); *applicable is false when T = 0.
 */
cop_status	cop_indicator_achievement(cop_i128 realized, cop_i128 target,
									  cop_direction dir, int64_t *ppm,
									  bool *applicable);

/* Weighted mean of indicator achievements, as an aggregate state. */
typedef struct cop_axis_acc
{
	cop_i128	sum_wa;			/* sum of weight x achievement */
	cop_i128	sum_w;			/* sum of weights */
} cop_axis_acc;

void		cop_axis_acc_init(cop_axis_acc *acc);
cop_status	cop_axis_acc_add(cop_axis_acc *acc, int64_t achievement_ppm,
							 int64_t weight);
cop_status	cop_axis_acc_merge(cop_axis_acc *acc, const cop_axis_acc *other);
/* rhu(sum_wa / sum_w), or 10^6 when no applicable indicator */
cop_status	cop_axis_acc_final(const cop_axis_acc *acc, int64_t *ppm);

/* r >= 10^6 - tolerance -> 10^6 */
int64_t		cop_apply_tolerance(int64_t achievement_ppm, int64_t tolerance_ppm);

/* d = rhu(stake x (10^6 - r) / 10^6) */
cop_status	cop_deduction(int64_t stake, int64_t achievement_ppm, int64_t *out);

/* m = rhu(performance x rate / 10^6): the modulation of spec 5 bis */
cop_status	cop_modulation(int64_t performance, int64_t rate_ppm, int64_t *out);

/*
 * Whether a modulation motive is given: not NULL and not only ASCII blanks
 * (space, tab, newline, carriage return, vertical tab, form feed), as the
 * check constraint modulation_needs_motive reads it.
 */
bool		cop_motive_given(const char *motive);

/* ---- the exercise (exercise.c, spec sections 1, 4, 5, 6) ---- */

typedef enum cop_missing_policy
{
	COP_MISSING_ERROR = 0,
	COP_MISSING_ZERO = 1,
	COP_MISSING_EXCLUDE = 2
} cop_missing_policy;

/* "error", "zero" or "exclude" (spec 5, exercise.missing_result), else COP_EINVAL */
cop_status	cop_parse_missing_policy(const char *text, cop_missing_policy *out);

typedef struct cop_params
{
	int64_t		tax_product;	/* P, cents */
	int64_t		quote_part;		/* Q, cents */
	bool		has_quote_part_min;
	int64_t		quote_part_min; /* cents */
	int64_t		operating_ppm;	/* f */
	bool		minister_authorized;
	bool		performance_decided;
	int64_t		tolerance_ppm;
	cop_missing_policy missing_result;
	bool		has_max_decrease;
	int64_t		max_decrease_ppm;
	bool		has_max_increase;
	int64_t		max_increase_ppm;
} cop_params;

typedef struct cop_chamber
{
	bool		associated;		/* it has a parent (L312-1, R323-25): refused */
	int64_t		op_key;			/* u_c, micro-units */
	int64_t		perf_key;		/* p_c, micro-units */
	bool		has_floor;
	bool		has_ceiling;
	bool		has_previous;
	int64_t		floor_amount;	/* cents */
	int64_t		ceiling_amount; /* cents */
	int64_t		previous_operating; /* cents */
	bool		has_modulation;	/* spec 5 bis: a modulation rate is set */
	bool		has_modulation_motive;	/* ... with a non-blank motive */
	int64_t		modulation_ppm; /* the rate, ppm */
} cop_chamber;

/* A recipient's keys as stored (exercise_chamber), before the defaults apply. */
typedef struct cop_keys
{
	bool		has_assujettis;
	bool		has_operating_weight;
	bool		has_performance_weight;
	int64_t		assujettis;		/* micro-units */
	int64_t		operating_weight;
	int64_t		performance_weight;
} cop_keys;

/*
 * The keys of spec sections 4 and 5 into ch: u_c = operating_weight when
 * set, else assujettis (COP_ENO_OPERATING_KEY when neither is); p_c =
 * performance_weight when set, else u_c.
 */
cop_status	cop_chamber_keys(const cop_keys *k, cop_chamber *ch);

/* The results year of exercise `year` when exercise.results_year is NULL (spec 5). */
int32_t		cop_default_results_year(int32_t year);

typedef struct cop_indicator
{
	int			axis;			/* index into the exercise's axes, -1: none */
	int64_t		weight;			/* omega_k, micro-units */
	cop_direction direction;
} cop_indicator;

/* A member chamber (recipient or associated), in code order. */
typedef struct cop_member
{
	int			recipient;		/* index of the recipient it counts for */
} cop_member;

/* One com_target row of the results year, with its result if any. */
typedef struct cop_row
{
	int			member;			/* index into members */
	int			indicator;		/* index into indicators */
	int64_t		target;			/* micro-units */
	int64_t		realized;		/* micro-units, when has_realized */
	bool		has_realized;
} cop_row;

/*
 * The row index (rows.c): the rows of member m, by indicator then by
 * position, are rows[order[start[m]]] ... rows[order[start[m + 1] - 1]].
 * One index per exercise, built by cop_index_rows: the loader matches the
 * results to their targets with it, simulate finds the results it
 * overrides, cop_compute reads each recipient's rows through it.
 */
typedef struct cop_row_index
{
	size_t	   *start;			/* n_members + 1 */
	size_t	   *order;			/* n_rows */
} cop_row_index;

/*
 * Index rows[0 .. n_rows) by member (0 .. n_members - 1, else COP_EINVAL),
 * then by indicator, in O(rows) for a bounded number of rows per member.
 * The arrays come from al; cop_free_row_index gives them back.
 */
cop_status	cop_index_rows(const cop_row *rows, size_t n_rows, int n_members,
						   cop_row_index *ix, const cop_allocator *al);
void		cop_free_row_index(cop_row_index *ix, const cop_allocator *al);

/* The row of (member, indicator) into *k, the first one if several; false if none. */
bool		cop_find_row(const cop_row *rows, const cop_row_index *ix, int member,
						 int indicator, size_t *k);

typedef struct cop_input
{
	cop_params	params;
	int			n_chambers;		/* recipients, in code order */
	const cop_chamber *chambers;
	int			n_axes;			/* the exercise's axes, in axis order */
	const int64_t *axis_weight_ppm;
	int			n_indicators;	/* in code order */
	const cop_indicator *indicators;
	int			n_members;		/* in code order */
	const cop_member *members;
	size_t		n_rows;
	const cop_row *rows;
	/* the index of these rows (cop_index_rows), or NULL: cop_compute builds it */
	const cop_row_index *row_index;
	/* what-if: NULL, or n_chambers x n_axes achievements in ppm, -1 = measured */
	const int64_t *achievement_override;
} cop_input;

typedef enum cop_bound_source
{
	COP_BOUND_NONE = 0,
	COP_BOUND_FLOOR,			/* floor_amount / ceiling_amount */
	COP_BOUND_TUNNEL			/* previous_operating x (1 -/+ pct) */
} cop_bound_source;

typedef enum cop_binding
{
	COP_BINDING_NONE = 0,		/* share by key, within bounds */
	COP_BINDING_LOWER,			/* raised to its lower bound */
	COP_BINDING_UPPER			/* cut to its upper bound */
} cop_binding;

typedef struct cop_chamber_out
{
	int64_t		operating;
	int64_t		envelope;
	int64_t		deduction;
	int64_t		modulation;		/* spec 5 bis, cents */
	int64_t		performance;	/* envelope - deduction - modulation */
	int64_t		total;
	int64_t		lower;			/* lo_c, cents */
	int64_t		upper;			/* hi_c, cents, or COP_NO_BOUND */
	cop_bound_source lower_source;
	cop_bound_source upper_source;
	cop_binding binding;
} cop_chamber_out;

typedef struct cop_axis_out
{
	int64_t		stake;
	int64_t		achievement;	/* ppm, tolerance applied */
	int64_t		deduction;
} cop_axis_out;

typedef struct cop_summary
{
	int64_t		tax_product;
	int64_t		quote_part;
	int64_t		distributable;
	int64_t		operating_part;
	int64_t		performance_part;
	int64_t		allocated;
	int64_t		deductions;
	int64_t		modulations;	/* sum of the modulations (spec 5 bis) */
	int64_t		undistributed;	/* Pf when the performance part is undecided */
	int64_t		reserve;
} cop_summary;

typedef struct cop_output
{
	cop_summary summary;
	cop_chamber_out *chambers;	/* caller-provided, n_chambers */
	cop_axis_out *axes;			/* caller-provided, n_chambers x n_axes */
} cop_output;

/* Validate the exercise's parameters (spec section 6) without computing. */
cop_status	cop_check_params(const cop_params *p, cop_error *err);

/*
 * Whether every recipient is measured, into *all: whether each has a
 * positive target, of itself or of a chamber associated to it, on an
 * indicator the exercise weighs (weight > 0, on an axis of weight > 0).
 * One that is not has no applicable indicator: its envelope would be kept
 * without measure (spec 5), which check_exercise lists as an error once
 * the performance part is decided.  run(year) asks it of the rows the
 * engine has read instead of probing com_target chamber by chamber, and
 * has the tables checked in full only when it is false.  False when there
 * is no recipient; COP_EINVAL for a row whose member, indicator or
 * recipient is out of range.
 */
cop_status	cop_every_recipient_measured(const cop_input *in, bool *all,
										 const cop_allocator *al);

/* The whole distribution of one exercise. */
cop_status	cop_compute(const cop_input *in, cop_output *out, cop_error *err,
						const cop_allocator *al);

#endif							/* COP_CORE_H */
