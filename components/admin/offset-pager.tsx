"use client";
import { Button } from "@/components/ui/button";

/** Numbered pages for the small admin-edited tables (operators, slabs, offers, costs). */
export function OffsetPager({ page, pageSize, total, onPage, busy }: { page: number; pageSize: number; total: number | undefined; onPage: (page: number) => void; busy?: boolean }) {
  if (total === undefined) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return <p className="border-t border-slate-100 px-3 py-3 text-sm text-slate-500">{total} in all</p>;
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3 border-t border-slate-100 px-3 py-3 text-sm">
      <Button variant="secondary" size="sm" onClick={() => onPage(page - 1)} disabled={page <= 1 || busy}>
        ← Previous
      </Button>
      <span className="text-slate-500">
        Page {page} of {pages} · {total} in all
      </span>
      <Button variant="secondary" size="sm" onClick={() => onPage(page + 1)} disabled={page >= pages || busy}>
        Next →
      </Button>
    </nav>
  );
}
