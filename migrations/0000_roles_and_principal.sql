-- Roles and the principal of a transaction. Runs as the owner role (the one that runs
-- migrations and owns every table); it needs CREATEROLE. See README "Database roles".

DO $$
BEGIN
  -- What the workers log in as: owns nothing, never superuser, never BYPASSRLS.
  -- Login and password are set outside migrations (scripts/local, or by hand on Neon).
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rekomi_app') THEN
    CREATE ROLE rekomi_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  -- Owns the few SECURITY DEFINER lookups the hot path needs; cannot log in.
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rekomi_lookup') THEN
    CREATE ROLE rekomi_lookup NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
--> statement-breakpoint
-- The owner hands functions over to rekomi_lookup, which needs SET on that role.
GRANT rekomi_lookup TO CURRENT_USER WITH INHERIT FALSE, SET TRUE;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO rekomi_app, rekomi_lookup;
--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO rekomi_lookup;
--> statement-breakpoint
-- Every table the owner creates from now on is usable (subject to RLS) by the app role.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO rekomi_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO rekomi_app;
--> statement-breakpoint
-- The principal, set per transaction by withPrincipal() with set_config(…, true).
-- NULL when unset, so every policy comparing against it fails closed.
CREATE OR REPLACE FUNCTION app_brand_id() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.brand_id', true), '') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_affiliate_id() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.affiliate_id', true), '') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_user_id() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '') $$;
