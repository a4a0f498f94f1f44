/*
 * decimal.c -- exact decimal text <-> integer units (spec section 2).
 * Amounts are cents (scale 2), rates and quantities millionths (scale 6);
 * a value that does not fit its scale is refused, never rounded.
 */
#include <string.h>

#include "cop_internal.h"

static bool
ci_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
	{
		char		x = (*a >= 'A' && *a <= 'Z') ? (char) (*a + 32) : *a;
		char		y = (*b >= 'A' && *b <= 'Z') ? (char) (*b + 32) : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

cop_status
cop_parse_decimal(const char *s, int scale, int64_t max_units, int64_t *out)
{
	bool		negative = false;
	bool		nonzero = false;
	bool		overflow = false;
	int			ndigits = 0;
	int			frac = 0;
	cop_i128	v = 0;
	const cop_i128 cap = (cop_i128) 1 << 100;

	if (s == NULL || scale < 0 || scale > 18 || max_units < 0)
		return COP_EINVAL;
	while (*s == ' ')
		s++;
	if (ci_equal(s, "nan"))
		return COP_ENAN;
	if (*s == '+' || *s == '-')
		negative = (*s++ == '-');
	if (ci_equal(s, "infinity") || ci_equal(s, "inf"))
		return COP_EINFINITE;
	for (; *s >= '0' && *s <= '9'; s++, ndigits++)
	{
		if (*s != '0')
			nonzero = true;
		if (v < cap)
			v = v * 10 + (*s - '0');
		else
			overflow = true;
	}
	if (*s == '.')
	{
		s++;
		for (; *s >= '0' && *s <= '9'; s++, ndigits++)
		{
			if (*s != '0')
				nonzero = true;
			if (frac < scale)
			{
				if (v < cap)
					v = v * 10 + (*s - '0');
				else
					overflow = true;
				frac++;
			}
			else if (*s != '0')
				return COP_ESCALE;
		}
	}
	while (*s == ' ')
		s++;
	if (*s != '\0' || ndigits == 0)
		return COP_ESYNTAX;
	if (negative && nonzero)
		return COP_ENEGATIVE;
	for (; frac < scale; frac++)
	{
		if (v < cap)
			v *= 10;
		else
			overflow = true;
	}
	if (overflow || v > max_units)
		return COP_ERANGE;
	*out = (int64_t) v;
	return COP_OK;
}

size_t
cop_format_decimal(int64_t units, int scale, char *buf, size_t len)
{
	char		tmp[48];
	int			pos = (int) sizeof(tmp);
	bool		negative = units < 0;
	cop_i128	v = units;
	int			digits = 0;
	size_t		n;

	if (negative)
		v = -v;
	tmp[--pos] = '\0';
	do
	{
		if (digits == scale && scale > 0)
			tmp[--pos] = '.';
		tmp[--pos] = (char) ('0' + (int) (v % 10));
		v /= 10;
		digits++;
	} while (v > 0 || digits <= scale);
	if (negative)
		tmp[--pos] = '-';
	n = sizeof(tmp) - 1 - (size_t) pos;
	if (len > 0)
	{
		size_t		c = n < len - 1 ? n : len - 1;

		memcpy(buf, tmp + pos, c);
		buf[c] = '\0';
	}
	return n;
}
