-- ===================================================================
-- Types: exact decimals (spec section 2) and the enumerated choices
-- ===================================================================

CREATE DOMAIN cop_alloc.amount AS numeric
    CONSTRAINT amount_in_range CHECK (VALUE >= 0 AND VALUE <= 10000000000)
    CONSTRAINT amount_at_most_2_decimals CHECK (VALUE = round(VALUE, 2));
COMMENT ON DOMAIN cop_alloc.amount IS
    'Euros with at most 2 decimals, in [0, 10^10]; NaN, Infinity, negative or over-precise values are refused, never rounded.';

CREATE DOMAIN cop_alloc.ratio AS numeric
    CONSTRAINT ratio_in_range CHECK (VALUE >= 0 AND VALUE <= 1)
    CONSTRAINT ratio_at_most_6_decimals CHECK (VALUE = round(VALUE, 6));
COMMENT ON DOMAIN cop_alloc.ratio IS
    'A rate, percentage or weight in [0, 1] with at most 6 decimals (0.65 for 65 %).';

CREATE DOMAIN cop_alloc.growth AS numeric
    CONSTRAINT growth_in_range CHECK (VALUE >= 0 AND VALUE <= 100)
    CONSTRAINT growth_at_most_6_decimals CHECK (VALUE = round(VALUE, 6));
COMMENT ON DOMAIN cop_alloc.growth IS
    'A rate of increase in [0, 100] with at most 6 decimals (0.10 for +10 %).';

CREATE DOMAIN cop_alloc.quantity AS numeric
    CONSTRAINT quantity_in_range CHECK (VALUE >= 0 AND VALUE <= 1000000000000)
    CONSTRAINT quantity_at_most_6_decimals CHECK (VALUE = round(VALUE, 6));
COMMENT ON DOMAIN cop_alloc.quantity IS
    'A key weight, target, result or indicator weight in [0, 10^12] with at most 6 decimals.';

CREATE TYPE cop_alloc.direction AS ENUM ('higher', 'lower');
COMMENT ON TYPE cop_alloc.direction IS
    'Which way an indicator improves: higher (more is better) or lower (fewer is better).';

CREATE TYPE cop_alloc.missing_policy AS ENUM ('error', 'zero', 'exclude');
COMMENT ON TYPE cop_alloc.missing_policy IS
    'What a missing result means: error (refuse to compute), zero (count 0), exclude (drop that target).';
