import { z } from "@hono/zod-openapi";
import { NETWORK_STATUSES, type affiliates } from "../infra/db/schema";
import { HttpUrl, Timestamp } from "../infra/http/schemas";
import { AUDIENCE_CHANNELS } from "./channels";
import { COUNTRY_CODES, LANGUAGE_CODES } from "./codes";

const unique = <T>(values: T[]) => [...new Set(values)];

const Country = z
  .string()
  .trim()
  .toUpperCase()
  .refine((v) => COUNTRY_CODES.has(v), "must be an ISO 3166-1 alpha-2 country code like US")
  .openapi({ example: "US" });

const Language = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => LANGUAGE_CODES.has(v), "must be an ISO 639-1 language code like en")
  .openapi({ example: "en" });

/** A niche or content format: a short lowercase tag (matching compares them case-insensitively). */
const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "must not be empty")
  .max(40, "must be at most 40 characters")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &+._-]*$/u, "must be letters, digits, spaces or & + . _ -");

const AudienceChannel = z.object({
  channel: z.enum(AUDIENCE_CHANNELS),
  url: HttpUrl.optional(),
  size: z.number().int("must be a whole number").min(1, "must be a positive number of followers or subscribers").max(10_000_000_000),
});

const ProfileFields = {
  display_name: z.string().trim().min(1, "is required").max(80),
  bio: z.string().trim().max(2000).nullable(),
  audience: z.array(AudienceChannel).max(20),
  niches: z.array(Tag).max(20),
  countries: z.array(Country).max(60),
  languages: z.array(Language).max(20),
  content_formats: z.array(Tag).max(20),
  links: z.array(HttpUrl).max(20),
};

export const CreateCreatorProfile = z
  .object({
    display_name: ProfileFields.display_name,
    bio: ProfileFields.bio.optional(),
    audience: ProfileFields.audience.default([]),
    niches: ProfileFields.niches.default([]),
    countries: ProfileFields.countries.default([]),
    languages: ProfileFields.languages.default([]),
    content_formats: ProfileFields.content_formats.default([]),
    links: ProfileFields.links.default([]),
  })
  .strict()
  .openapi("CreateCreatorProfile");
export type CreateCreatorProfile = z.infer<typeof CreateCreatorProfile>;

export const UpdateCreatorProfile = z.object(ProfileFields).partial().strict().openapi("UpdateCreatorProfile");
export type UpdateCreatorProfile = z.infer<typeof UpdateCreatorProfile>;

type AffiliateRow = typeof affiliates.$inferSelect;

/**
 * What a creator's profile says, the same in every answer that shows it: to the creator
 * (CreatorProfile), to brands (`Affiliate`, creators/affiliates.ts) and to Rekomi staff
 * reviewing it for the network. Each answer adds who may see what around it.
 */
export const ProfileCard = z.object({
  display_name: z.string(),
  bio: z.string().nullable(),
  audience: z.array(z.object({ channel: z.string(), url: z.string().optional(), size: z.number().int() })),
  niches: z.array(z.string()),
  countries: z.array(z.string()),
  languages: z.array(z.string()),
  content_formats: z.array(z.string()),
  links: z.array(z.string()),
});
export type ProfileCard = z.infer<typeof ProfileCard>;

export function serializeProfileCard(a: AffiliateRow): ProfileCard {
  return {
    display_name: a.displayName,
    bio: a.bio,
    audience: a.audience,
    niches: a.niches,
    countries: a.countries,
    languages: a.languages,
    content_formats: a.contentFormats,
    links: a.links,
  };
}

export const CreatorProfile = z
  .object({
    object: z.literal("creator_profile"),
    id: z.string().openapi({ example: "aff_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    email: z.string().openapi({ description: "Your account's address; brands you work with see it." }),
    ...ProfileCard.shape,
    network: z.object({
      status: z.enum(NETWORK_STATUSES).openapi({ description: "`approved` creators are listed in the network and recommended to brands." }),
      requested_at: Timestamp.nullable(),
      reviewed_at: Timestamp.nullable(),
      note: z.string().nullable().openapi({ description: "What Rekomi staff said with their decision." }),
    }),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("CreatorProfile");
export type CreatorProfile = z.infer<typeof CreatorProfile>;

export function serializeProfile(a: AffiliateRow): CreatorProfile {
  return {
    object: "creator_profile",
    id: a.id,
    email: a.email,
    ...serializeProfileCard(a),
    network: {
      status: a.networkStatus,
      requested_at: a.networkRequestedAt?.toISOString() ?? null,
      reviewed_at: a.networkReviewedAt?.toISOString() ?? null,
      note: a.networkReviewNote,
    },
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}

/** Profile input → the row's columns (only those given). */
export function profileColumns(input: UpdateCreatorProfile): Partial<typeof affiliates.$inferInsert> {
  return {
    ...(input.display_name !== undefined && { displayName: input.display_name }),
    ...(input.bio !== undefined && { bio: input.bio || null }),
    ...(input.audience !== undefined && { audience: input.audience }),
    ...(input.niches !== undefined && { niches: unique(input.niches) }),
    ...(input.countries !== undefined && { countries: unique(input.countries) }),
    ...(input.languages !== undefined && { languages: unique(input.languages) }),
    ...(input.content_formats !== undefined && { contentFormats: unique(input.content_formats) }),
    ...(input.links !== undefined && { links: unique(input.links) }),
  };
}

/** What a profile needs before Rekomi staff can review it for the network (field → why). */
export function listingGaps(a: AffiliateRow): { param: string; message: string }[] {
  const gaps: { param: string; message: string }[] = [];
  if (a.audience.length === 0) gaps.push({ param: "audience", message: "add at least one audience channel with its size" });
  if (a.niches.length === 0) gaps.push({ param: "niches", message: "add at least one niche" });
  if (a.countries.length === 0) gaps.push({ param: "countries", message: "add the countries where your audience is" });
  if (a.languages.length === 0) gaps.push({ param: "languages", message: "add the languages you publish in" });
  return gaps;
}
