import { z } from "@hono/zod-openapi";

export const MatchFactor = z.object({
  factor: z.enum(["niche", "market", "audience", "performance"]),
  points: z.number().int(),
  max: z.number().int(),
  reason: z.string(),
});

export const RecommendedCreator = z
  .object({
    object: z.literal("recommended_creator"),
    affiliate: z.object({
      id: z.string(),
      display_name: z.string(),
      niches: z.array(z.string()),
      countries: z.array(z.string()),
      audience: z.array(z.object({ channel: z.string(), size: z.number().int() })),
    }),
    score: z.number().int().openapi({ description: "0 to 100: the sum of the factors' points." }),
    factors: z.array(MatchFactor),
  })
  .openapi("RecommendedCreator");
