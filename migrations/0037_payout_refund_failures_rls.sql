-- Failed refunds to brands: forced RLS like every table (see 0002), and a record of money
-- that is never rewritten or deleted.
ALTER TABLE payout_refund_failures FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON payout_refund_failures FROM rekomi_app;
