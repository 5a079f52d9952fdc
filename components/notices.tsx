"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";

const storageKey = (accountId: string) => `refill.notices.seen.${accountId}`;

/**
 * What happened to the account's orders since the user last looked: reversals, refunds and answered
 * complaints, shown on the next visit until dismissed (the time of the newest one dismissed is kept
 * in this browser).
 */
export function Notices() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.whoami.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const accountId = me.data?.account?.id;
  const [since, setSince] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (accountId) setSince(window.localStorage.getItem(storageKey(accountId)));
  }, [accountId]);
  const notices = useQuery(trpc.me.notices.queryOptions({ since: since ?? undefined }, { enabled: Boolean(accountId) && since !== undefined, refetchInterval: 60_000 }));
  const items = notices.data ?? [];
  if (!accountId || items.length === 0) return null;

  function dismiss() {
    const newest = items[0].at;
    window.localStorage.setItem(storageKey(accountId!), newest);
    setSince(newest);
  }

  return (
    <section aria-label="Notifications" className="mb-6 rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm" data-testid="notices">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h2 className="font-semibold text-amber-900">
          {items.length === 1 ? "1 update on your recharges" : `${items.length} updates on your recharges`}
        </h2>
        <Button variant="secondary" size="sm" onClick={dismiss}>
          Mark as read
        </Button>
      </div>
      <ul className="mt-2 space-y-2">
        {items.map((n) => (
          <li key={n.id} data-testid="notice">
            <p className="font-medium text-slate-900">{n.title}</p>
            <p className="text-slate-700">{n.body}</p>
            <p className="text-xs text-slate-500">{formatDateTime(n.at)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
