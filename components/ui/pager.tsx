"use client";
import { useCallback, useState } from "react";
import { Button } from "./button";

/**
 * Pages over a keyset-paginated list: the server answers `nextCursor`; we keep the cursors of the
 * pages already seen so "Previous" needs no offset.
 */
export function useCursorPages() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const cursor = stack[stack.length - 1];
  const next = useCallback((nextCursor: string | null | undefined) => nextCursor && setStack((s) => [...s, nextCursor]), []);
  const prev = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor, page: stack.length, hasPrev: stack.length > 1, next, prev, reset };
}

/** `label` names the navigation where a page has more than one paged list. */
export function Pager({ page, hasPrev, nextCursor, onPrev, onNext, busy, label = "Pagination" }: { page: number; hasPrev: boolean; nextCursor: string | null | undefined; onPrev: () => void; onNext: (cursor: string) => void; busy?: boolean; label?: string }) {
  if (!hasPrev && !nextCursor) return null;
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-3 border-t border-slate-100 px-3 py-3 text-sm">
      <Button variant="secondary" size="sm" onClick={onPrev} disabled={!hasPrev || busy}>
        ← Previous
      </Button>
      <span className="text-slate-500">Page {page}</span>
      <Button variant="secondary" size="sm" onClick={() => nextCursor && onNext(nextCursor)} disabled={!nextCursor || busy}>
        Next →
      </Button>
    </nav>
  );
}
