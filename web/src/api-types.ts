import type { z } from "zod";
import type { Me as MeSchema } from "../../src/accounts/schemas";
import type { Affiliate } from "../../src/creators/affiliates";
import type { Analytics as AnalyticsSchema } from "../../src/analytics/schemas";
import type { ApiKey as ApiKeySchema, CreatedApiKey } from "../../src/api-keys/schemas";
import type { AuditEvent as AuditEventSchema } from "../../src/audit/schemas";
import type { Brand as BrandSchema } from "../../src/brands/schemas";
import type { Campaign as CampaignSchema, GatewayProduct as GatewayProductSchema } from "../../src/campaigns/schemas";
import type {
  BrandCommission as BrandCommissionSchema,
  CommissionOverride as CommissionOverrideSchema,
  CommissionDetail as CommissionDetailSchema,
  CommissionRecord,
  CreatorCommission as CreatorCommissionSchema,
  CreatorEarnings,
} from "../../src/commissions/schemas";
import type { NamedConversion } from "../../src/conversions/schemas";
import type { CreatorEnrollment as CreatorEnrollmentSchema } from "../../src/creators/enrollments";
import type { CreatorProfile as CreatorProfileSchema } from "../../src/creators/schemas";
import type { DeadLetter as DeadLetterSchema } from "../../src/dead-letters/schemas";
import type { Application as ApplicationSchema } from "../../src/enrollments/schemas";
import type { BrandLink as BrandLinkSchema } from "../../src/links/schemas";
import type { TrackingLink as TrackingLinkSchema } from "../../src/links/schemas";
import type { CampaignMatch as CampaignMatchSchema, MatchFactor as MatchFactorSchema, NetworkCampaign as NetworkCampaignSchema, RecommendedCreator as RecommendedCreatorSchema } from "../../src/network/schemas";
import type { AdminBrand as AdminBrandSchema, AdminCreator as AdminCreatorSchema, AdminUser as AdminUserSchema } from "../../src/platform-admin/schemas";
import type { AdminListing as AdminListingSchema } from "../../src/network/listings/schemas";
import type { AdminPayoutRun as AdminPayoutRunSchema } from "../../src/payouts/admin/schemas";
import type { Payout as PayoutSchema, PayoutPolicy as PayoutPolicySchema, PayoutRun as PayoutRunSchema } from "../../src/payouts/schemas";
import type { Quickstart as QuickstartSchema } from "../../src/quickstart/schemas";
import type { CampaignCard as CampaignCardSchema } from "../../src/recruiting/card";
import type { CreatorInvitation as CreatorInvitationSchema, CreatorInvitationPreview as CreatorInvitationPreviewSchema } from "../../src/recruiting/creator-invitations";
import type { JoinLink as JoinLinkSchema } from "../../src/recruiting/join-links";
import type { S2sKey as S2sKeySchema, S2sKeyWithSecret } from "../../src/s2s-keys/schemas";
import type { AdminTaxForm as AdminTaxFormSchema, CreatorTaxStatus as CreatorTaxStatusSchema, TaxForm as TaxFormSchema, TaxFormDownload as TaxFormDownloadSchema } from "../../src/tax-forms/schemas";
import type { Invitation as InvitationSchema, InvitationPreview as InvitationPreviewSchema, Member as MemberSchema } from "../../src/teams/schemas";
import type { WebhookDelivery as WebhookDeliverySchema, WebhookEndpoint as WebhookEndpointSchema, WebhookEndpointWithSecret } from "../../src/webhooks/schemas";

/**
 * What the dashboard API answers, read from the server's own zod schemas. Type-only
 * imports: the compiler erases them, so no server code reaches the bundle, and a field the
 * server renames breaks `npm run typecheck` instead of a page.
 */
type Api<S extends z.ZodType> = z.output<S>;

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export type Me = Api<typeof MeSchema>;
export type Membership = Me["memberships"][number];
export type Brand = Api<typeof BrandSchema>;
export type Role = Brand["role"];
export type Member = Api<typeof MemberSchema>;
export type Invitation = Api<typeof InvitationSchema>;
export type InvitationPreview = Api<typeof InvitationPreviewSchema>;
/** As listed, or as created with its secret `K` shown once. */
type ShownOnce<Listed extends z.ZodType, Created extends z.ZodType, K extends keyof Api<Created>> = Api<Listed> & Partial<Pick<Api<Created>, K>>;

export type ApiKey = ShownOnce<typeof ApiKeySchema, typeof CreatedApiKey, "key">;
export type AuditEvent = Api<typeof AuditEventSchema>;

export type Campaign = Api<typeof CampaignSchema>;
export type CommissionTier = Campaign["tiers"][number];
/** A per-product or per-plan rate of a campaign. */
export type CommissionOverride = Api<typeof CommissionOverrideSchema>;
/** A product / price pair seen on the brand's sales, for the override picker. */
export type GatewayProduct = Api<typeof GatewayProductSchema>;
/** A campaign's commission terms as creators see them. */
export type Commission = NetworkCampaign["commission"];

export type TaxForm = Api<typeof TaxFormSchema>;
export type TaxFormType = TaxForm["form_type"];
export type AdminTaxForm = Api<typeof AdminTaxFormSchema>;
export type CreatorTaxStatus = Api<typeof CreatorTaxStatusSchema>;
export type TaxFormDownload = Api<typeof TaxFormDownloadSchema>;

export type CreatorProfile = Api<typeof CreatorProfileSchema>;
export type NetworkStatus = CreatorProfile["network"]["status"];
export type AudienceChannel = CreatorProfile["audience"][number];
export type MatchFactor = Api<typeof MatchFactorSchema>;
export type NetworkCampaign = Api<typeof NetworkCampaignSchema>;
export type CampaignMatch = Api<typeof CampaignMatchSchema>;
export type RecommendedCreator = Api<typeof RecommendedCreatorSchema>;
export type TrackingLink = Api<typeof TrackingLinkSchema>;
export type BrandLink = Api<typeof BrandLinkSchema>;
export type CreatorEnrollment = Api<typeof CreatorEnrollmentSchema>;
export type EnrollmentStatus = CreatorEnrollment["status"];
export type Application = Api<typeof ApplicationSchema>;
/** A creator as a brand sees one. */
export type Creator = Api<typeof Affiliate>;
export type JoinLink = Api<typeof JoinLinkSchema>;
export type CreatorInvitation = Api<typeof CreatorInvitationSchema>;
export type CreatorInvitationPreview = Api<typeof CreatorInvitationPreviewSchema>;
/** What a join page or a creator invitation shows about a campaign. */
export type CampaignCard = Api<typeof CampaignCardSchema>;

export type Quickstart = Api<typeof QuickstartSchema>;
/** A conversion with the names of its campaign and creator, as both doors answer it. */
export type Conversion = Api<typeof NamedConversion>;
export type ConversionType = Conversion["type"];
export type Analytics = Api<typeof AnalyticsSchema>;
export type DayCounts = Analytics["totals"];
export type Revenue = DayCounts["revenue"][number];
export type S2sKey = ShownOnce<typeof S2sKeySchema, typeof S2sKeyWithSecret, "secret">;
export type WebhookEndpoint = ShownOnce<typeof WebhookEndpointSchema, typeof WebhookEndpointWithSecret, "secret">;
export type WebhookDelivery = Api<typeof WebhookDeliverySchema>;

/** A commission as the API answers it (amounts are signed minor units). */
export type CommissionEntry = Api<typeof CommissionRecord>;
export type CommissionKind = CommissionEntry["kind"];
export type CommissionStatus = CommissionEntry["status"];
export type BrandCommission = Api<typeof BrandCommissionSchema>;
export type CommissionDetail = Api<typeof CommissionDetailSchema>;
export type CreatorCommission = Api<typeof CreatorCommissionSchema>;
export type Earnings = Api<typeof CreatorEarnings>;
export type BalanceAmounts = Earnings["balances"][number];

/** Something accepted but not stored (src/dead-letters): kept until replayed. */
export type DeadLetter = Api<typeof DeadLetterSchema>;

export type AdminUser = Api<typeof AdminUserSchema>;
export type AdminBrand = Api<typeof AdminBrandSchema>;
export type AdminPayoutRun = Api<typeof AdminPayoutRunSchema>;
export type PayoutPolicy = Api<typeof PayoutPolicySchema>;
export type PayoutRun = Api<typeof PayoutRunSchema>;
export type Payout = Api<typeof PayoutSchema>;
export type AdminCreator = Api<typeof AdminCreatorSchema>;
/** A campaign listing as Rekomi staff review it (curated network). */
export type AdminListing = Api<typeof AdminListingSchema>;

/** `/api/roles`: roles from most to least powerful and the least role each permission needs. */
export interface RoleMatrix {
  roles: Role[];
  permissions: { name: string; description: string; min_role: Role }[];
}

/**
 * Payment gateway connections (`/api/brands/{brandId}/gateway-connections`). Hand-written
 * from the agreed API until src/gateway-connections/schemas.ts exists; then read them from
 * its zod schemas like the types above.
 */
export type GatewayName = "stripe" | "paddle" | "braintree";
export type GatewayMode = "test" | "live";
export interface GatewayConnection {
  object: "gateway_connection";
  id: string;
  gateway: GatewayName;
  mode: GatewayMode;
  name: string;
  status: "active" | "disconnected";
  account_id: string | null;
  /** Stripe: a Connect platform connection (its connected accounts' events). */
  connect: boolean;
  credentials_hint: string;
  signing_secret_hint: string | null;
  secret_source: "registered" | "pasted" | "credentials";
  webhook_url: string;
  events: string[];
  remote_endpoint_id: string | null;
  last_event_at: string | null;
  created_at: string;
  rotated_at: string | null;
  disconnected_at: string | null;
}
export interface GatewayConnectionHealth {
  object: "gateway_connection_health";
  last_event_at: string | null;
  since: string;
  events: {
    credited: number;
    unattributed: number;
    ignored: { reason: string; count: number }[];
    refused_signature: { reason: string; count: number }[];
  };
}
export interface GatewayTestEvent {
  delivered: boolean;
  status: number;
}

// The help messenger (src/help/schemas.ts).
import type {
  AdminHelpConversation as AdminHelpConversationSchema,
  AdminHelpThread as AdminHelpThreadSchema,
  HelpConversation as HelpConversationSchema,
  HelpFileUrl as HelpFileUrlSchema,
  HelpThread as HelpThreadSchema,
} from "../../src/help/schemas";
export type HelpConversation = Api<typeof HelpConversationSchema>;
export type HelpThread = Api<typeof HelpThreadSchema>;
export type HelpMessage = HelpThread["messages"][number];
export type HelpFileUrl = Api<typeof HelpFileUrlSchema>;
export type AdminHelpConversation = Api<typeof AdminHelpConversationSchema>;
export type AdminHelpThread = Api<typeof AdminHelpThreadSchema>;
