import { useEffect } from "preact/hooks";
import { openHelp } from "./button";

/**
 * `/help?topic=security`: the page security.txt points to, signed in or out. It opens the
 * messenger on the "Security issue" topic.
 */
export function HelpPage() {
  const security = new URLSearchParams(location.search).get("topic") === "security";
  useEffect(() => openHelp(security ? { kind: "topic", topic: "security" } : null), [security]);
  return (
    <main class="auth">
      <div class="card stack">
        <h1>{security ? "Report a security issue" : "Contact Rekomi"}</h1>
        <p>Write to us in the help panel (bottom right). {security ? "Security reports are flagged and answered first; please include steps to reproduce." : ""}</p>
        <a href="/">Back to Rekomi</a>
      </div>
    </main>
  );
}
