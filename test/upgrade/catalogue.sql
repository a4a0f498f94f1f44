-- test/upgrade/catalogue.sql -- one line per property of every object of
-- extension cop_alloc, sorted, with no OID in it: two databases whose
-- outputs are equal have the same tables, columns (in order), types,
-- defaults, constraints, indexes, views, functions (definition and
-- settings), aggregates, triggers (and whether they fire), policies,
-- row-level security, comments, privileges, dumped configuration tables
-- and extension membership.  test/shell/upgrade.sh diffs an upgraded
-- database against a fresh install with it.
\pset format unaligned
\pset tuples_only on
\pset footer off
SET search_path = pg_catalog, pg_temp;

WITH ext AS (
    SELECT e.oid, e.extnamespace, e.extconfig, e.extcondition, e.extrelocatable, e.extversion
      FROM pg_extension e WHERE e.extname = 'cop_alloc'
), member AS (
    SELECT d.classid, d.objid
      FROM pg_depend d, ext
     WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
), ns AS (
    SELECT n.oid FROM pg_namespace n WHERE n.nspname = 'cop_alloc'
), rel AS (
    SELECT c.* FROM pg_class c, ns WHERE c.relnamespace = ns.oid
), fn AS (
    SELECT p.* FROM pg_proc p, ns WHERE p.pronamespace = ns.oid
), typ AS (
    SELECT t.* FROM pg_type t, ns WHERE t.typnamespace = ns.oid
)
SELECT line FROM (
    -- the extension itself
    SELECT 'extension schema=' || ext.extnamespace::regnamespace::text
           || ' relocatable=' || ext.extrelocatable || ' version=' || ext.extversion AS line FROM ext
    UNION ALL
    SELECT 'schema cop_alloc owner=' || pg_get_userbyid(n.nspowner) || ' acl=' || coalesce(n.nspacl::text, '-')
           || ' comment=' || coalesce(obj_description(n.oid, 'pg_namespace'), '-')
           || ' member=' || EXISTS (SELECT FROM member m WHERE m.classid = 'pg_namespace'::regclass AND m.objid = n.oid)
      FROM pg_namespace n, ns WHERE n.oid = ns.oid
    UNION ALL
    -- membership: every object of the extension, by identity
    SELECT 'member ' || (pg_identify_object(m.classid, m.objid, 0)).type || ' '
           || (pg_identify_object(m.classid, m.objid, 0)).identity
      FROM member m
    UNION ALL
    -- objects in the schema that are not members
    SELECT 'not a member: relation ' || c.oid::regclass::text FROM rel c
     WHERE NOT EXISTS (SELECT FROM member m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
       AND c.relkind IN ('r', 'v', 'm', 'S', 'f', 'p')
    UNION ALL
    SELECT 'not a member: function ' || p.oid::regprocedure::text FROM fn p
     WHERE NOT EXISTS (SELECT FROM member m WHERE m.classid = 'pg_proc'::regclass AND m.objid = p.oid)
    UNION ALL
    -- configuration tables that pg_dump dumps, with their filter
    SELECT 'config ' || c.cfg::regclass::text || ' ' || coalesce(ext.extcondition[c.i], '')
      FROM ext, unnest(ext.extconfig) WITH ORDINALITY AS c(cfg, i)
    UNION ALL
    -- relations
    SELECT 'relation ' || c.oid::regclass::text || ' kind=' || c.relkind::text
           || ' owner=' || pg_get_userbyid(c.relowner)
           || ' rls=' || c.relrowsecurity || ' force_rls=' || c.relforcerowsecurity
           || ' options=' || coalesce(c.reloptions::text, '-')
           || ' acl=' || coalesce(c.relacl::text, '-')
           || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '-')
      FROM rel c WHERE c.relkind IN ('r', 'v', 'm', 'S', 'f', 'p', 'c')
    UNION ALL
    -- columns, by position among the live ones
    SELECT 'column ' || a.attrelid::regclass::text || ' #'
           || row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) || ' ' || a.attname
           || ' ' || format_type(a.atttypid, a.atttypmod)
           || ' notnull=' || a.attnotnull || ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text
           || ' collation=' || coalesce((SELECT co.collname FROM pg_collation co WHERE co.oid = a.attcollation AND a.attcollation <> 0), '-')
           || ' default=' || coalesce(pg_get_expr(ad.adbin, ad.adrelid), '-')
           || ' acl=' || coalesce(a.attacl::text, '-')
           || ' comment=' || coalesce(col_description(a.attrelid, a.attnum), '-')
      FROM pg_attribute a JOIN rel c ON c.oid = a.attrelid
      LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
     WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'm', 'f', 'p', 'c')
    UNION ALL
    -- constraints of tables and domains
    SELECT 'constraint ' || coalesce(co.conrelid::regclass::text, co.contypid::regtype::text) || ' '
           || co.conname || ' ' || pg_get_constraintdef(co.oid)
           || ' deferrable=' || co.condeferrable || ' deferred=' || co.condeferred
           || ' comment=' || coalesce(obj_description(co.oid, 'pg_constraint'), '-')
      FROM pg_constraint co, ns WHERE co.connamespace = ns.oid
    UNION ALL
    -- indexes
    SELECT 'index ' || pg_get_indexdef(i.indexrelid)
           || ' comment=' || coalesce(obj_description(i.indexrelid, 'pg_class'), '-')
      FROM pg_index i JOIN rel c ON c.oid = i.indrelid
    UNION ALL
    -- views
    SELECT 'view ' || c.oid::regclass::text || ' ' || regexp_replace(pg_get_viewdef(c.oid), '\s+', ' ', 'g')
      FROM rel c WHERE c.relkind IN ('v', 'm')
    UNION ALL
    -- sequences
    SELECT 'sequence ' || s.seqrelid::regclass::text || ' ' || format_type(s.seqtypid, NULL)
           || ' ' || s.seqstart || ' ' || s.seqincrement || ' ' || s.seqmax || ' ' || s.seqmin
           || ' ' || s.seqcache || ' ' || s.seqcycle
      FROM pg_sequence s JOIN rel c ON c.oid = s.seqrelid
    UNION ALL
    -- functions and procedures: the whole definition, settings included
    SELECT 'function ' || p.oid::regprocedure::text || ' owner=' || pg_get_userbyid(p.proowner)
           || ' acl=' || coalesce(p.proacl::text, '-')
           || ' comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '-')
           || ' ' || CASE WHEN p.prokind = 'a' THEN 'aggregate' ELSE pg_get_functiondef(p.oid) END
      FROM fn p
    UNION ALL
    SELECT 'aggregate ' || a.aggfnoid::regprocedure::text || ' ' || a.aggtransfn::regproc::text
           || ' ' || a.aggfinalfn::regproc::text || ' ' || a.aggcombinefn::regproc::text
           || ' ' || a.aggserialfn::regproc::text || ' ' || a.aggdeserialfn::regproc::text
           || ' ' || format_type(a.aggtranstype, NULL) || ' ' || coalesce(a.agginitval, '-')
           || ' ' || p.proparallel::text
      FROM pg_aggregate a JOIN fn p ON p.oid = a.aggfnoid
    UNION ALL
    -- types: enums (labels in order), domains, composites
    SELECT 'type ' || t.oid::regtype::text || ' ' || t.typtype::text
           || ' base=' || CASE WHEN t.typbasetype <> 0 THEN format_type(t.typbasetype, t.typtypmod) ELSE '-' END
           || ' notnull=' || t.typnotnull || ' default=' || coalesce(t.typdefault, '-')
           || ' labels=' || coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                                        FROM pg_enum e WHERE e.enumtypid = t.oid), '-')
           || ' owner=' || pg_get_userbyid(t.typowner) || ' acl=' || coalesce(t.typacl::text, '-')
           || ' comment=' || coalesce(obj_description(t.oid, 'pg_type'), '-')
      FROM typ t WHERE t.typtype IN ('e', 'd', 'b', 'r', 'm')
         OR (t.typtype = 'c' AND EXISTS (SELECT FROM rel c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
    UNION ALL
    -- triggers, with whether they fire (ENABLE ALWAYS ...)
    SELECT 'trigger ' || pg_get_triggerdef(tg.oid) || ' enabled=' || tg.tgenabled::text
           || ' comment=' || coalesce(obj_description(tg.oid, 'pg_trigger'), '-')
      FROM pg_trigger tg JOIN rel c ON c.oid = tg.tgrelid WHERE NOT tg.tgisinternal
    UNION ALL
    -- row-level security policies
    SELECT 'policy ' || po.polrelid::regclass::text || ' ' || po.polname || ' cmd=' || po.polcmd::text
           || ' permissive=' || po.polpermissive
           || ' roles=' || (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END, ',' ORDER BY 1)
                              FROM unnest(po.polroles) r)
           || ' using=' || coalesce(pg_get_expr(po.polqual, po.polrelid), '-')
           || ' check=' || coalesce(pg_get_expr(po.polwithcheck, po.polrelid), '-')
           || ' comment=' || coalesce(obj_description(po.oid, 'pg_policy'), '-')
      FROM pg_policy po JOIN rel c ON c.oid = po.polrelid
    UNION ALL
    -- operators and casts of the extension, if any
    SELECT 'operator ' || o.oid::regoperator::text || ' ' || o.oprcode::regproc::text
      FROM pg_operator o, ns WHERE o.oprnamespace = ns.oid
    UNION ALL
    SELECT 'default acl ' || d.defaclobjtype::text || ' ' || d.defaclacl::text
      FROM pg_default_acl d, ns WHERE d.defaclnamespace = ns.oid
) l
ORDER BY line COLLATE "C";
