import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { api, type Page } from "./api";
import { ErrorNotice, useLoad, type Load } from "./ui";

/** A `{ data, has_more, next_cursor }` list read page by page (see `usePagedList`). */
export interface PagedList<T> {
  /** Every row loaded so far, first page first; loading and error are the first page's. */
  state: Load<T[]>;
  /** Reads the list again from its first page. */
  reload: () => void;
  hasMore: boolean;
  loadMore: () => void;
  loadingMore: boolean;
  /** Why the last "load more" failed; `loadMore` tries again. */
  moreError: unknown;
}

interface Rest<T> {
  /** The first page these rows follow: a new first page (other filters, a reload) starts over. */
  after: Page<T> | null;
  rows: T[];
  cursor: string | null;
  busy: boolean;
  error: unknown;
}

/**
 * Pages through a list endpoint: the first page of `path` now and whenever `path` changes
 * (filters are part of it), the next one on `loadMore`. A page that arrives after the
 * list started over (filters changed meanwhile) is dropped.
 */
export function usePagedList<T>(path: string): PagedList<T> {
  const first = useLoad(() => api<Page<T>>(path), [path]);
  const page = first.state.kind === "ready" ? first.state.data : null;
  const [rest, setRest] = useState<Rest<T>>(() => startOver(null));
  const current = rest.after === page ? rest : startOver(page);
  const loadMore = async () => {
    if (!page || !current.cursor || current.busy) return;
    setRest({ ...current, busy: true, error: null });
    try {
      const next = await api<Page<T>>(`${path}${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(current.cursor)}`);
      setRest((r) => (r.after === page ? { ...r, rows: [...r.rows, ...next.data], cursor: next.next_cursor, busy: false } : r));
    } catch (error) {
      setRest((r) => (r.after === page ? { ...r, busy: false, error } : r));
    }
  };
  return {
    state: first.state.kind === "ready" ? { kind: "ready", data: [...first.state.data.data, ...current.rows] } : first.state,
    reload: first.reload,
    hasMore: current.cursor !== null,
    loadMore,
    loadingMore: current.busy,
    moreError: current.error,
  };
}

function startOver<T>(page: Page<T> | null): Rest<T> {
  return { after: page, rows: [], cursor: page?.next_cursor ?? null, busy: false, error: null };
}

/** The "load more" button under a paged list, with the error of the last attempt. */
export function LoadMore<T>({ list, children }: { list: PagedList<T>; children: ComponentChildren }) {
  return (
    <>
      {list.moreError ? <ErrorNotice error={list.moreError} onRetry={list.loadMore} /> : null}
      {list.hasMore && (
        <p>
          <button type="button" class="secondary" disabled={list.loadingMore} aria-busy={list.loadingMore} onClick={list.loadMore}>
            {list.loadingMore ? "Loading…" : children}
          </button>
        </p>
      )}
    </>
  );
}
