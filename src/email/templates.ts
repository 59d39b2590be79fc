/** The emails Rekomi sends about accounts and teams: plain text first, simple HTML beside. */

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

/** A mail of paragraphs, one optional button and a footer; other features' templates use it too (src/status/mail.ts). */
export function compose(subject: string, paragraphs: string[], action?: { label: string; url: string }, footer?: string): EmailContent {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), ...(footer ? [footer] : []), "— Rekomi"].join("\n\n");
  const html = [
    `<div style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#1d2330;max-width:560px">`,
    ...paragraphs.map((p) => `<p>${escape(p)}</p>`),
    action
      ? `<p><a href="${escape(action.url)}" style="display:inline-block;padding:10px 16px;background:#2457c5;color:#fff;border-radius:6px;text-decoration:none">${escape(action.label)}</a></p>` +
        `<p style="font-size:12px;color:#5b6275">Or paste this link into your browser: ${escape(action.url)}</p>`
      : "",
    footer ? `<p style="font-size:12px;color:#5b6275">${escape(footer)}</p>` : "",
    `<p>— Rekomi</p></div>`,
  ].join("");
  return { subject, text, html };
}

const notYou = "If this was not you, you can ignore this email.";

export function verifyEmail(url: string): EmailContent {
  return compose("Verify your email for Rekomi", ["Welcome to Rekomi! Confirm that this is your email address."], { label: "Verify email", url }, `The link works for 24 hours. ${notYou}`);
}

export function accountExists(signInUrl: string, resetUrl: string): EmailContent {
  return compose(
    "You already have a Rekomi account",
    ["Someone, hopefully you, tried to sign up for Rekomi with this email address, which already has an account.", `Sign in at ${signInUrl}, or reset your password if you forgot it.`],
    { label: "Reset password", url: resetUrl },
    notYou,
  );
}

export function addressAlreadyUsed(signInUrl: string, resetUrl: string): EmailContent {
  return compose(
    "This address already has a Rekomi account",
    ["Someone asked to move another Rekomi account to this email address. It already has an account of its own, so nothing changed.", `Sign in at ${signInUrl}, or reset your password if you forgot it.`],
    { label: "Reset password", url: resetUrl },
    notYou,
  );
}

export function resetPassword(url: string): EmailContent {
  return compose("Reset your Rekomi password", ["We received a request to reset the password of your Rekomi account."], { label: "Choose a new password", url }, `The link works for 30 minutes and once. ${notYou}`);
}

export function confirmNewEmail(url: string, newEmail: string): EmailContent {
  return compose("Confirm your new email for Rekomi", [`Confirm that ${newEmail} should become the email address of your Rekomi account.`], { label: "Confirm new email", url }, `The link works for 24 hours. ${notYou}`);
}

export function emailChanged(newEmail: string): EmailContent {
  return compose("Your Rekomi email address was changed", [`The email address of your Rekomi account was changed to ${newEmail}.`, "If you did not do this, contact support@rekomi.com right away."]);
}

export function passwordChanged(): EmailContent {
  return compose("Your Rekomi password was changed", ["The password of your Rekomi account was just changed, and your other sessions were signed out.", "If you did not do this, reset your password and contact support@rekomi.com."]);
}

export function invitation(opts: { brandName: string; inviter: string; role: string; url: string }): EmailContent {
  return compose(
    `${opts.inviter} invited you to ${opts.brandName} on Rekomi`,
    [`${opts.inviter} invited you to join ${opts.brandName} on Rekomi as ${opts.role === "admin" ? "an" : "a"} ${opts.role}.`, "Sign in (or sign up) with this email address to accept."],
    { label: "Accept invitation", url: opts.url },
    "The invitation works for 7 days.",
  );
}

export function creatorInvitation(opts: { brandName: string; campaignName: string; commission: string; message?: string | undefined; url: string }): EmailContent {
  return compose(
    `${opts.brandName} invited you to promote ${opts.campaignName} on Rekomi`,
    [
      `${opts.brandName} would like you to promote ${opts.campaignName} as an affiliate: ${opts.commission}.`,
      ...(opts.message ? [`Their note: “${opts.message}”`] : []),
      "Accepting signs you up to the campaign at once, with your Rekomi creator profile (we make one for you if you have none). Sign in (or sign up) with this email address to accept.",
    ],
    { label: "See the invitation", url: opts.url },
    "The invitation works for 72 hours and once.",
  );
}

export function enrollmentOffer(opts: { brandName: string; campaignName: string; commission: string; url: string }): EmailContent {
  return compose(
    `${opts.brandName} offers you a place in ${opts.campaignName} on Rekomi`,
    [
      `${opts.brandName} would like you to promote ${opts.campaignName} as an affiliate: ${opts.commission}.`,
      "Nothing changes until you say yes: the brand sees your public profile only, not your email address or tax forms. Accept or decline the offer in your creator dashboard, signed in to Rekomi.",
    ],
    { label: "See the offer", url: opts.url },
  );
}

export function payoutRunFailed(opts: { brandName: string; amount: string; reason: string; url: string }): EmailContent {
  return compose(
    `${opts.brandName}: the charge of your payout run failed`,
    [
      `Rekomi could not charge ${opts.amount} to ${opts.brandName}'s saved payment method for its payout run, so no creator was paid.`,
      `Stripe said: ${opts.reason}`,
      "Update the payment method if needed, then retry the run (or cancel it: its commissions stay owed and go into the next run).",
    ],
    { label: "Open payouts", url: opts.url },
  );
}
