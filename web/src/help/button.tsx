import { useEffect, useState } from "preact/hooks";
import { lazy } from "../lazy";

/**
 * The help button, bottom right of every dashboard page and of the public join and
 * invitation pages. Only this file is in the first-load bundle: the panel is its own
 * chunk, fetched when the button is first pressed (web/src/lazy.tsx).
 */

/** What the panel opens on: a fresh message (on a topic), or a report about one campaign. */
export type HelpPreset = { kind: "report"; campaignId: string; campaignName: string } | { kind: "topic"; topic: "security" } | null;

const OPEN_EVENT = "rekomi:help";

/** Opens the messenger from anywhere in the dashboard (the campaign pages' "Report" action). */
export function openHelp(preset: HelpPreset = null): void {
  window.dispatchEvent(new CustomEvent<HelpPreset>(OPEN_EVENT, { detail: preset }));
}

const HelpPanel = lazy(() => import("./panel").then((m) => m.HelpPanel));

/** How often the badge asks for unread answers while the page is open. */
const UNREAD_POLL_MS = 60_000;

export function HelpButton({ signedIn }: { signedIn: boolean }) {
  const [open, setOpen] = useState(false);
  const [preset, setPreset] = useState<HelpPreset>(null);
  const [unread, setUnread] = useState(0);

  useEffect(() => {
    const onOpen = (e: Event) => {
      setPreset((e as CustomEvent<HelpPreset>).detail);
      setOpen(true);
    };
    window.addEventListener(OPEN_EVENT, onOpen);
    return () => window.removeEventListener(OPEN_EVENT, onOpen);
  }, []);

  useEffect(() => {
    if (!signedIn || open) return;
    let live = true;
    const check = () =>
      fetch("/api/help/unread", { credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : { unread: 0 }))
        .then((b: { unread: number }) => live && setUnread(b.unread))
        .catch(() => undefined);
    check();
    const timer = setInterval(check, UNREAD_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [signedIn, open]);

  return (
    <>
      {open && (
        <div class="help-panel" role="dialog" aria-label="Help">
          <HelpPanel key={preset?.kind === "report" ? preset.campaignId : (preset?.kind ?? "")} signedIn={signedIn} preset={preset} onClose={() => setOpen(false)} />
        </div>
      )}
      <button
        type="button"
        class="help-button"
        aria-label={unread ? `Help (${unread} unread)` : "Help"}
        aria-expanded={open}
        onClick={() => {
          if (!open) setPreset(null);
          setOpen(!open);
        }}
      >
        ?{unread > 0 && <span class="help-unread" data-testid="help-unread">{unread}</span>}
      </button>
    </>
  );
}

