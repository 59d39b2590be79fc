import { BRAND_ROLES, type BrandRole } from "../infra/db/schema";

/**
 * The permission matrix: what each brand role may do. Roles are ordered (owner > admin >
 * member > viewer) and each permission names the least role that has it. The route guard
 * (teams/guard.ts), the dashboard and docs/access.md all read this one table.
 */
export const PERMISSIONS = {
  "brand.view": { minRole: "viewer", description: "see the brand and its settings" },
  "campaigns.view": { minRole: "viewer", description: "see campaigns" },
  "team.view": { minRole: "viewer", description: "see the team" },
  "api_keys.view": { minRole: "viewer", description: "see API keys (prefix and last use, never the key)" },
  "developers.view": { minRole: "viewer", description: "see S2S signing keys (a hint, never the secret), webhook endpoints and their delivery log" },
  "gateways.view": { minRole: "viewer", description: "see payment gateway connections (webhook URL, hints, never a secret) and their health" },
  "tax_forms.view": { minRole: "member", description: "see the tax form status of the brand's creators (type, dates, review; never the file)" },
  "conversions.view": { minRole: "member", description: "see conversions with their attribution trail, revenue analytics and CSV exports" },
  "affiliates.view": { minRole: "viewer", description: "see applications, the creators the brand works with, creator invitations, join links and recommended creators" },
  "affiliates.manage": { minRole: "member", description: "approve or reject applications, pause or end enrollments, and invite creators" },
  "links.manage": { minRole: "member", description: "create tracking links for enrolled creators, pause and resume them" },
  "commissions.view": { minRole: "member", description: "see commissions, their explanations and the review queue, and export them as CSV" },
  "payouts.view": { minRole: "member", description: "see the payout policy, the saved payment method (type and last 4), payout runs with their items and Stripe ids, and export them as CSV" },
  "brand.manage": { minRole: "admin", description: "change brand settings" },
  "campaigns.manage": { minRole: "admin", description: "create campaigns and change their settings and commission models" },
  "commissions.manage": { minRole: "admin", description: "approve commissions early, release flagged ones from review, and void them" },
  "team.manage": { minRole: "admin", description: "invite teammates, change roles below owner, remove members" },
  "api_keys.manage": { minRole: "admin", description: "create and revoke API keys" },
  "developers.manage": { minRole: "admin", description: "create, rotate and revoke S2S keys; add, change, disable, delete and test webhook endpoints, rotate their secrets, redeliver events and replay dead letters" },
  "gateways.manage": { minRole: "admin", description: "connect Stripe, Paddle and Braintree, rotate their credentials and signing secrets, disconnect them and send test events" },
  "payouts.manage": { minRole: "admin", description: "set the payout policy, save the payment method, open, approve, retry and cancel payout runs (an approval charges the brand)" },
  "audit.view": { minRole: "admin", description: "read the audit log" },
  "tax_forms.download": { minRole: "admin", description: "download creators' tax forms through signed links (each link is audit-logged)" },
  "tax_forms.review": { minRole: "admin", description: "accept or reject a creator's submitted tax form" },
  "ownership.transfer": { minRole: "owner", description: "transfer ownership, and grant or take away the owner role" },
} as const satisfies Record<string, { minRole: BrandRole; description: string }>;

export type Permission = keyof typeof PERMISSIONS;

const RANK: Record<BrandRole, number> = { owner: 4, admin: 3, member: 2, viewer: 1 };

export function roleAllows(role: BrandRole, permission: Permission): boolean {
  return RANK[role] >= RANK[PERMISSIONS[permission].minRole];
}

/** The matrix as a Markdown table (docs/access.md embeds it; a unit test keeps them equal). */
export function permissionMatrixMarkdown(): string {
  const header = `| permission | what it allows | ${BRAND_ROLES.join(" | ")} |`;
  const rule = `|---|---|${BRAND_ROLES.map(() => "---").join("|")}|`;
  const rows = (Object.keys(PERMISSIONS) as Permission[]).map(
    (p) => `| \`${p}\` | ${PERMISSIONS[p].description} | ${BRAND_ROLES.map((r) => (roleAllows(r, p) ? "yes" : "—")).join(" | ")} |`,
  );
  return [header, rule, ...rows].join("\n");
}
