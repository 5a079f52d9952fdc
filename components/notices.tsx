"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";

/**
 * What happened to the account's orders: reversals, refunds and answered complaints of the last 30
 * days. Unread ones are listed on the next visit; opening one shows what happened and marks it read
 * on the server, so another browser of the same user shows it as read too. With nothing new, a
 * single line offers the recent ones.
 */
export function Notices() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.me.notices.queryKey({});
  const notices = useQuery(trpc.me.notices.queryOptions({}, { refetchInterval: 60_000 }));
  const [opened, setOpened] = useState<Set<string>>(new Set());
  const [showRead, setShowRead] = useState(false);
  const markRead = useMutation(
    trpc.me.readNotices.mutationOptions({
      // Read at once on screen; the server's answer (or a failure) settles it.
      onMutate: ({ ids }) => {
        queryClient.setQueryData(key, (old) => old?.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)));
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
    }),
  );
  const items = notices.data ?? [];
  if (items.length === 0) return null;
  const unread = items.filter((n) => !n.read);

  function toggle(id: string, read: boolean) {
    setOpened((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    // The list stays open while the user reads, also once the last new one has been opened.
    setShowRead(true);
    if (!read) markRead.mutate({ ids: [id] });
  }

  if (unread.length === 0 && !showRead) {
    return (
      <div className="mb-6 flex flex-wrap items-center justify-between gap-2 rounded-xl border border-slate-200 bg-white px-4 py-2 text-sm text-slate-600" data-testid="notices-read">
        <span>No new updates on your recharges.</span>
        <button type="button" aria-expanded={false} onClick={() => setShowRead(true)} className="font-medium text-brand-700 hover:underline">
          Show the last {items.length === 1 ? "one" : items.length}
        </button>
      </div>
    );
  }

  return (
    <section aria-labelledby="notices-heading" className={`mb-6 rounded-xl border p-4 text-sm ${unread.length ? "border-amber-200 bg-amber-50" : "border-slate-200 bg-white"}`} data-testid="notices">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h2 id="notices-heading" className={`font-semibold ${unread.length ? "text-amber-900" : "text-slate-900"}`}>
          {unread.length === 0 ? "Updates on your recharges" : unread.length === 1 ? "1 new update on your recharges" : `${unread.length} new updates on your recharges`}
        </h2>
        {unread.length > 0 ? (
          <Button variant="secondary" size="sm" loading={markRead.isPending} onClick={() => markRead.mutate({ ids: unread.map((n) => n.id) })}>
            Mark all as read
          </Button>
        ) : (
          <Button variant="secondary" size="sm" onClick={() => setShowRead(false)}>
            Hide
          </Button>
        )}
      </div>
      <ul className="mt-2 divide-y divide-slate-200/70">
        {items.map((n) => {
          const open = opened.has(n.id);
          return (
            <li key={n.id} data-testid="notice" data-read={n.read} className="py-2">
              <button type="button" aria-expanded={open} aria-controls={`notice-${n.id}`} onClick={() => toggle(n.id, n.read)} className="flex w-full flex-wrap items-center gap-x-2 gap-y-1 text-left">
                <span data-testid="notice-state" className={n.read ? "text-xs text-slate-500" : "rounded-full bg-amber-200 px-2 py-0.5 text-xs font-semibold text-amber-900"}>
                  {n.read ? "Read" : "New"}
                </span>
                <span className={`hover:underline ${n.read ? "text-slate-700" : "font-semibold text-slate-900"}`}>
                  <span aria-hidden="true" className="mr-1 inline-block w-3 text-slate-500">
                    {open ? "▾" : "▸"}
                  </span>
                  {n.title}
                </span>
                <span className="ml-auto text-xs text-slate-500">{formatDateTime(n.at)}</span>
              </button>
              {open && (
                <p id={`notice-${n.id}`} data-testid="notice-body" className="mt-1 text-slate-700">
                  {n.body}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {unread.length > 0 && <p className="mt-2 text-xs text-slate-500">Open an update to read it; it is then marked as read wherever you sign in.</p>}
    </section>
  );
}
