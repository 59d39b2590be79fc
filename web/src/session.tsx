import { createContext, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import { api, ApiFailure, onSignedOut, type Me } from "./api";

type SessionState = { status: "loading" } | { status: "signed_out" } | { status: "signed_in"; me: Me };

interface SessionApi {
  state: SessionState;
  /** Re-reads `/api/me` (after sign-in, verification, joining a brand…). */
  refresh: () => Promise<void>;
  setMe: (me: Me | null) => void;
}

const Ctx = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const setMe = useCallback((me: Me | null) => setState(me ? { status: "signed_in", me } : { status: "signed_out" }), []);
  const refresh = useCallback(async () => {
    try {
      setMe(await api<Me>("/api/me"));
    } catch (err) {
      if (err instanceof ApiFailure && (err.status === 401 || err.status === 403)) setMe(null);
      else throw err;
    }
  }, [setMe]);
  useEffect(() => {
    refresh().catch(() => setMe(null));
    return onSignedOut(() => setMe(null));
  }, [refresh, setMe]);
  return <Ctx.Provider value={{ state, refresh, setMe }}>{children}</Ctx.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useSession outside SessionProvider");
  return ctx;
}

/** The signed-in user (only under routes that require one). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== "signed_in") throw new Error("useMe without a session");
  return state.me;
}
