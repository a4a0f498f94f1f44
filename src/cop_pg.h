/*
 * cop_pg.h -- the PostgreSQL glue around the pure C core: reading an
 * exercise through SPI, converting numerics exactly, reporting errors.
 */
#ifndef COP_PG_H
#define COP_PG_H

#include "postgres.h"
#include "fmgr.h"
#include "funcapi.h"
#include "tcop/dest.h"

#include "core/cop_core.h"

/* An exercise read from the tables, with the names errors need. */
typedef struct cop_exercise
{
	int32		year;
	int32		results_year;
	cop_input	in;
	cop_params	params;
	char	  **chamber_codes;	/* recipients, code order */
	char	  **parent_codes;	/* their parents' codes, NULL when none */
	int32	   *axis_nos;		/* the exercise's axes, axis order */
	char	  **indicator_codes;	/* code order */
	char	  **member_codes;	/* code order */
	cop_keys   *keys;			/* recipients' stored keys */
	MemoryContext rows_cxt;		/* in.rows and in.row_index: the largest part,
								 * which only the computation reads */
} cop_exercise;

/* A recipient's amount that exercise_chamber may leave NULL (load.c). */
typedef struct cop_amount
{
	const char *column;			/* its column in exercise_chamber */
	int			scale;			/* 2: cents, 6: micro-units or ppm */
	int64		max;
	bool	   *has;			/* where it goes */
	int64_t    *units;
} cop_amount;

#define COP_N_AMOUNTS 7

/* convert.c */
extern int64 cop_text_units(const char *text, int scale, int64 max,
							const char *what);
extern int64 cop_numeric_units(Datum num, int scale, int64 max,
							   const char *what);
extern Datum cop_units_numeric(int64 units, int scale);
extern char *cop_units_text(int64 units, int scale);
extern cop_allocator cop_palloc_allocator(MemoryContext cxt);
extern void *cop_palloc16(MemoryContext cxt, size_t size, int flags);
extern void cop_pfree16(void *ptr);

/*
 * record.c: the record of an exercise's inputs, as run() stores it, built
 * from the rows the engine's loader reads (or from a scan of its own).
 */
typedef struct cop_recorder cop_recorder;
typedef void (*cop_record_emit) (const char *kind, const char *key, const char *value,
								 const uint8 *digest, bool stored, void *arg);
extern cop_recorder *cop_recorder_begin(int32 year, MemoryContext parent,
										char **members, char **parents, int n_members);
extern int32 cop_recorder_results_year(const cop_recorder *r);
extern void cop_recorder_read_stored(cop_recorder *r);
extern int	cop_recorder_member(cop_recorder *r, const char *code, int len, uint32 hash);
extern void cop_recorder_figure(cop_recorder *r, bool result, int member,
								const char *indicator, int ilen, const char *number);
extern void cop_recorder_finish(cop_recorder *r);
extern char *cop_recorder_emit(cop_recorder *r, cop_record_emit emit, void *arg);
extern void cop_recorder_free(cop_recorder *r);

/* load.c */
extern void cop_load_exercise(int32 year, cop_exercise *ex);
extern void cop_load_recorded(int32 year, cop_exercise *ex, cop_recorder **record);
extern void cop_chamber_amounts(cop_keys *k, cop_chamber *ch,
								cop_amount out[COP_N_AMOUNTS]);
extern void cop_resolve_keys(const cop_exercise *ex, int c, cop_chamber *ch);
extern int	cop_find_code(char **codes, int n, const char *code);

/*
 * A hash table from code to index (load.c), built once per call over the
 * member and the indicator codes, so that each of the millions of target
 * and result rows finds its chamber and its indicator in constant time.
 * Open addressing with linear probing, at most half full; a slot keeps the
 * hash and, for codes of up to COP_CODE_INLINE bytes, the code itself, so
 * that a lookup usually touches one cache line.
 */
#define COP_CODE_INLINE 20

typedef struct cop_code_slot
{
	uint32		hash;
	int32		idx;			/* index into codes, or -1: empty */
	int32		len;
	char		key[COP_CODE_INLINE];
} cop_code_slot;

typedef struct cop_code_index
{
	char	  **codes;
	cop_code_slot *slot;
	uint32		mask;
} cop_code_index;

extern uint32 cop_code_hash(const char *s, int len);
extern void cop_code_index_build(cop_code_index *ix, char **codes, int n);
extern int	cop_code_index_lookup(const cop_code_index *ix, const char *s, int len, uint32 hash);
extern void cop_receive(const char *sql, int32 param, DestReceiver *dest);

/* allocate.c */
extern void cop_compute_or_report(const cop_exercise *ex, const cop_input *in,
								  cop_output *out);
extern ReturnSetInfo *cop_compute_srf(FunctionCallInfo fcinfo, cop_exercise *ex,
									  cop_output *out);
extern void cop_put_lines(ReturnSetInfo *rsinfo, const cop_exercise *ex,
						  const cop_output *out, const char *scenario);
extern Datum cop_axis_lines_srf(FunctionCallInfo fcinfo,
							   void (*more) (const cop_exercise *ex,
											 const cop_axis_out *x, Datum *values));
extern void cop_summary_values(const cop_summary *s, Datum *values);
extern void cop_chamber_values(const cop_chamber_out *o, Datum *values);
extern void cop_axis_values(const cop_axis_out *x, Datum *values);
extern const char *cop_bound_source_name(cop_bound_source s, bool upper);

/* errors.c */
extern void cop_fail(int sqlstate, const char *message, const char *detail,
					 const char *hint) pg_attribute_noreturn();
extern void cop_report(const cop_exercise *ex, cop_status st,
					   const cop_error *err) pg_attribute_noreturn();
extern cop_missing_policy cop_missing_policy_or_error(const char *text, int32 year);
extern void cop_report_simple(cop_status st, const cop_error *err,
							  const char *context) pg_attribute_noreturn();

#endif							/* COP_PG_H */
