import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorNotice, Loading } from "./ui";

/**
 * A page whose code is its own chunk, fetched on first visit: pages most people open
 * rarely (analytics, developer tools) do not weigh on the first load.
 */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  return function LazyPage(props: P) {
    const [Page, setPage] = useState<ComponentType<P> | null>(() => loaded);
    const [error, setError] = useState<unknown>(null);
    const [round, setRound] = useState(0);
    useEffect(() => {
      if (Page) return;
      let live = true;
      load().then(
        (component) => {
          loaded = component;
          if (live) setPage(() => component);
        },
        (err) => live && setError(err),
      );
      return () => {
        live = false;
      };
    }, [round]);
    if (error) {
      return (
        <ErrorNotice
          error={new Error("This page could not be loaded. Check your connection and try again.")}
          onRetry={() => {
            setError(null);
            setRound((n) => n + 1);
          }}
        />
      );
    }
    return Page ? <Page {...props} /> : <Loading />;
  };
}
