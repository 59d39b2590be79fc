-- The platform-admin flag of a transaction's principal (Rekomi staff). withPrincipal()
-- sets it only for users whose row says is_platform_admin; false when unset, so policies
-- that test it fail closed. It must exist before 0006 creates the policies that use it.
CREATE OR REPLACE FUNCTION app_platform_admin() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.platform_admin', true), '') = 'on' $$;
