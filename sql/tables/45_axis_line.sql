-- -------------------------------------------------------------------
-- An axis line of a run, as it is stored inside its chamber line
-- (run_line.axes) and read one row per axis through the view run_axis.
-- -------------------------------------------------------------------

CREATE TYPE cop_alloc.axis_line AS (
    axis_no     int,
    weight      numeric,
    stake       numeric,
    achievement numeric,
    deduction   numeric
);
COMMENT ON TYPE cop_alloc.axis_line IS
    'One axis line of a chamber in a run (axis_deductions(year)): stored in run_line.axes, read one row per axis in the view run_axis.';
COMMENT ON COLUMN cop_alloc.axis_line.axis_no IS 'The axis.';
COMMENT ON COLUMN cop_alloc.axis_line.weight IS 'The axis weight of the exercise.';
COMMENT ON COLUMN cop_alloc.axis_line.stake IS 'Share of the envelope staked on the axis, euros.';
COMMENT ON COLUMN cop_alloc.axis_line.achievement IS 'Consolidated achievement of the axis, 6 decimals.';
COMMENT ON COLUMN cop_alloc.axis_line.deduction IS 'Deduction on the axis, euros, paid into the national-projects reserve.';
