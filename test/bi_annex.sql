-- The annex to the deliberation: annex_html(year) on the worked example
-- before publication (a draft), names escaped, amounts the French way,
-- and its formatting helpers.  test/shell/annex.sh renders the demo's
-- published annex in headless Chromium.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(13);

\i test/fixtures/example.sql

SELECT is(cop_alloc.format_rate(0.6125), '61,25 %', 'format_rate: a legal rate exactly');
SELECT is(cop_alloc.format_rate(0.2), '20 %', 'without trailing zeros');
SELECT is(cop_alloc.format_date_fr('2024-11-01'), '1er novembre 2024', 'format_date_fr: the first of a month');
SELECT is(cop_alloc.format_date_fr('2024-12-26'), '26 décembre 2024', 'another day');
SELECT is(cop_alloc.html_escape('<a href="x">d''Azur & co</a>'), '&lt;a href=&quot;x&quot;&gt;d&#39;Azur &amp; co&lt;/a&gt;',
          'html_escape: & < > " and '' escaped');

CREATE TEMP TABLE annex AS SELECT cop_alloc.annex_html(2025) AS html;
SELECT matches((SELECT html FROM annex), '^<!DOCTYPE html><html lang="fr">', 'one HTML document in French');
SELECT matches((SELECT html FROM annex), 'Projet de répartition : l''exercice n''est pas publié', 'before publication: a draft, and it says so');
SELECT ok((SELECT html LIKE '%882 368,76 €%' AND html LIKE '%17 631,24 €%' AND html LIKE '%520 993,34 €%' FROM annex),
          'the worked example''s allocated total, reserve and NORD''s total, the French way');
SELECT ok((SELECT html LIKE '%Chambre d&#39;outre-mer%' AND html NOT LIKE '%Chambre d''outre-mer%' FROM annex), 'names escaped');
UPDATE cop_alloc.chamber SET name = '<script>alert(1)</script>' WHERE code = 'OUEST';
SELECT ok((SELECT h NOT LIKE '%<script>%' AND h LIKE '%&lt;script&gt;alert(1)&lt;/script&gt;%' FROM cop_alloc.annex_html(2025) h),
          'markup in a name is shown, never run');
UPDATE cop_alloc.exercise_chamber SET modulation_pct = 0.1, modulation_motive = 'test' WHERE year = 2025 AND chamber_code = 'NORD';
SELECT ok((SELECT h LIKE '%(article 17-1 I 2° du décret)</td><td class="n">17 766,00 €</td>%'
                 AND h LIKE '%faute de décision sur ses modalités (R312-2)</td><td class="n">0,00 €</td>%'
            FROM cop_alloc.annex_html(2025) h),
          'the reserve: a modulation of 10 % of NORD''s performance part (177 660,01 €) is shown as such, not as undistributed');
SELECT throws_ok('SELECT cop_alloc.annex_html(1999)', 'P0002', 'exercise 1999 does not exist', 'an unknown year');
SELECT is(cop_alloc.annex_html(NULL), NULL, 'STRICT');

SELECT * FROM finish();
ROLLBACK;
