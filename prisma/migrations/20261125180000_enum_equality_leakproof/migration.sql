-- Enum equality may be checked before row-level security (issue 10, W8 load).
--
-- PostgreSQL evaluates a policy's expression before any condition of the
-- query, except conditions built from LEAKPROOF functions, which it may push
-- into an index scan. enum_eq and enum_ne are not marked LEAKPROOF, so under
-- RLS `status = 'RECEIVED'` could not use the (prime_contract_id, status)
-- indexes: a prime's dashboard count read all 168,996 of its referrals from
-- the heap to find none (590 ms at 2M referrals); with the mark it is an
-- index probe (0.14 ms), and the claims-inbox count went from 435 to 38 ms.
--
-- Why it is safe: enum_eq / enum_ne compare the two values' OIDs and return a
-- boolean; they raise no error and read no catalog, so they cannot reveal
-- anything about a row they are shown (the ordering operators, which consult
-- pg_enum, are left alone).
--
-- Changing a built-in function needs a superuser: the embedded database and
-- the compose stack connect as one. Under a non-superuser owner (a managed
-- service) this migration changes nothing and says so; ask the provider's
-- administrator to run the two ALTER FUNCTION statements. pg_dump does not
-- carry the mark: `npm run db:restore` sets it again (docs/operations.md).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION pg_catalog.enum_eq(anyenum, anyenum) LEAKPROOF;
    ALTER FUNCTION pg_catalog.enum_ne(anyenum, anyenum) LEAKPROOF;
  ELSE
    RAISE NOTICE 'enum_eq / enum_ne left as they are: only a superuser can mark them LEAKPROOF (see docs/operations.md)';
  END IF;
END
$$;
