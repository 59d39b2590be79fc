import type { ComponentChildren } from "preact";
import { Link } from "../../router";

/** The centred card every signed-out page uses. */
export function AuthCard({ title, children, footer }: { title: string; children: ComponentChildren; footer?: ComponentChildren }) {
  return (
    <div class="auth">
      <Link href="/" class="logo auth-logo">
        Rekomi
      </Link>
      <section class="card">
        <h1>{title}</h1>
        {children}
      </section>
      {footer && <p class="muted auth-footer">{footer}</p>}
    </div>
  );
}

/** Local development sends mail to the dev mailbox instead of the internet. */
export function DevMailboxHint() {
  if (!/^(localhost|127\.0\.0\.1)$/.test(location.hostname)) return null;
  return (
    <p class="muted small">
      Local development: mail goes to the <a href="/dev/mailbox">dev mailbox</a>.
    </p>
  );
}
