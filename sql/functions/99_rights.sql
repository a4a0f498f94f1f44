-- ===================================================================
-- Last part of every install and update: the roles already enrolled
-- (an update) get the privileges of the functions and tables this
-- version adds.  A fresh install has none.
-- ===================================================================

SELECT cop_alloc.grant_party_rights(m.role_name, m.party)
  FROM (SELECT DISTINCT x.role_name, x.party FROM cop_alloc.party_member x) m;
