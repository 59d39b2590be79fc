import { z } from "@hono/zod-openapi";
import { BRAND_ROLES, type BrandRole } from "../infra/db/schema";
import { MAX_PASSWORD_LENGTH } from "../auth/password-policy";
import { Timestamp } from "../infra/http/schemas";
import type { SessionUser } from "../auth/sessions";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .email("must be an email address")
  .openapi({ example: "avery@brand.example" });

/** Any password up to the maximum; the policy (length, common passwords) is checked by the route with context. */
export const Password = z.string().min(1, "is required").max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

/** The token from an emailed link (`#token=…`). */
export const LinkToken = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be the token from the link, unchanged") });

export const SignUp = z.object({ email: Email, password: Password, name: z.string().trim().min(1).max(100).optional() }).openapi("SignUp");
export const SignIn = z.object({ email: Email, password: Password }).openapi("SignIn");
export const PasswordResetRequest = z.object({ email: Email }).openapi("PasswordResetRequest");
export const PasswordResetConfirm = LinkToken.extend({ password: Password }).openapi("PasswordResetConfirm");
export const VerifyEmail = LinkToken.extend({
  password: Password.optional().openapi({
    description: "Required when the account was never verified: its password was set before anyone proved the mailbox, so the verifier chooses it.",
  }),
}).openapi("VerifyEmail");
export const ChangePassword = z.object({ current_password: Password, new_password: Password }).openapi("ChangePassword");
export const ChangeEmail = z.object({ current_password: Password, new_email: Email }).openapi("ChangeEmail");
export const UpdateMe = z.object({ name: z.string().trim().min(1).max(100).nullable() }).strict().openapi("UpdateMe");

/** An answer that says what happened without revealing whether an account exists. */
export const Accepted = z.object({ status: z.string(), message: z.string() }).openapi("Accepted");

export const Membership = z.object({
  member_id: z.string(),
  brand_id: z.string(),
  brand_name: z.string(),
  brand_status: z.string(),
  role: z.enum(BRAND_ROLES),
});

/** An account as its owner and Rekomi staff see it (`Me` adds the brands, `AdminUser` the suspension). */
export const UserFields = {
  object: z.literal("user"),
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  email_verified: z.boolean(),
  is_platform_admin: z.boolean(),
  created_at: Timestamp,
};

export const Me = z
  .object({
    ...UserFields,
    memberships: z.array(Membership),
    /** The creator profile of the same person, if they have one (a person may be both). */
    affiliate: z.object({ id: z.string(), display_name: z.string() }).nullable(),
  })
  .openapi("Me");
export type Me = z.infer<typeof Me>;

export interface MembershipRow {
  memberId: string;
  brandId: string;
  brandName: string;
  brandStatus: string;
  role: BrandRole;
}

export function serializeMe(user: SessionUser, memberships: MembershipRow[], affiliate: { id: string; displayName: string } | null): Me {
  return {
    object: "user",
    id: user.id,
    email: user.email,
    name: user.name,
    email_verified: user.emailVerified,
    is_platform_admin: user.isPlatformAdmin,
    created_at: user.createdAt.toISOString(),
    memberships: memberships.map((m) => ({ member_id: m.memberId, brand_id: m.brandId, brand_name: m.brandName, brand_status: m.brandStatus, role: m.role })),
    affiliate: affiliate ? { id: affiliate.id, display_name: affiliate.displayName } : null,
  };
}
