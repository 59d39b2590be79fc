/** Where a creator's audience is, as a profile lists it. No imports: the dashboard's profile form reads this file too. */
export const AUDIENCE_CHANNELS = ["youtube", "instagram", "tiktok", "x", "linkedin", "facebook", "twitch", "newsletter", "blog", "podcast", "other"] as const;
