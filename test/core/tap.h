/*
 * tap.h -- a minimal TAP producer for the core's unit tests, read by prove.
 */
#ifndef COP_TAP_H
#define COP_TAP_H

#include <inttypes.h>
#include <stdio.h>

static int	tap_n = 0;
static int	tap_failed = 0;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static inline int
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#include <stdarg.h>
static inline int
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list		ap;

	tap_n++;
	printf("%s %d - ", pass ? "ok" : "not ok", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass)
	{
		tap_failed++;
		printf("#   Failed at %s line %d\n", file, line);
	}
	return pass;
}

#define is_i64(got, want, ...) \
	do { int64_t _g = (got), _w = (want); \
		if (!ok(_g == _w, __VA_ARGS__)) \
			printf("#   got %" PRId64 ", want %" PRId64 "\n", _g, _w); } while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
