-- The rows above come from the COP text: mark them so that pg_dump skips
-- them (CREATE EXTENSION recreates them) and keeps only the users' rows.
UPDATE cop_alloc.objective SET from_cop = true;
UPDATE cop_alloc.axis SET from_cop = true;
UPDATE cop_alloc.indicator SET from_cop = true;
