/** The page an unknown, paused or disabled link shows: small, plain, no internals. */
export const LINK_NOT_FOUND_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Link not active</title>
<style>body{font:16px/1.5 system-ui,sans-serif;color:#1f2933;max-width:32rem;margin:15vh auto;padding:0 1.5rem}h1{font-size:1.4rem}p{color:#52606d}</style>
</head><body><h1>This link is not active</h1>
<p>The partner link you followed does not exist or has been paused. If you were sent here by a creator, let them know; you can still visit the brand's site directly.</p>
</body></html>
`;

/** When the link cannot be looked up right now (cold cache and the database unreachable). */
export const LINK_UNAVAILABLE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Try again in a moment</title>
<style>body{font:16px/1.5 system-ui,sans-serif;color:#1f2933;max-width:32rem;margin:15vh auto;padding:0 1.5rem}h1{font-size:1.4rem}p{color:#52606d}</style>
</head><body><h1>This link is taking a break</h1>
<p>We could not open this partner link just now. Reload the page in a moment.</p>
</body></html>
`;
