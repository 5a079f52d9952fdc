"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc";
import { Card, Skeleton } from "@/components/ui/card";
import { formatTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";

/** The recharge form filled with this order's number, operator and amount. */
export function againHref(r: { phone: string | null; operator: string; amount: string }) {
  return `/retail?${new URLSearchParams({ phone: r.phone ?? "", operator: r.operator, amount: r.amount.replace(/\.00$/, "") })}`;
}

/** The last few orders at a glance, refreshed while any is still pending. */
export function RecentRecharges() {
  const trpc = useTRPC();
  const recent = useQuery(
    trpc.retail.history.queryOptions({ limit: 5 }, { refetchInterval: (q) => (q.state.data?.data.some((r) => r.status === "pending") ? 3000 : false) }),
  );
  return (
    <Card title="Recent" bodyClassName="px-5 py-3" actions={<Link href="/retail/history" className="text-sm font-medium text-brand-700 hover:underline">All history</Link>}>
      {recent.isPending ? (
        <div className="space-y-3 py-2">
          <Skeleton className="h-5 w-full" />
          <Skeleton className="h-5 w-3/4" />
        </div>
      ) : recent.isError ? (
        <p className="py-2 text-sm text-red-700">Could not load recent recharges.</p>
      ) : recent.data.data.length === 0 ? (
        <p className="py-2 text-sm text-slate-500">No recharges yet. Your first one will show here.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {recent.data.data.map((r) => (
            <li key={r.id} className="flex items-center justify-between gap-3 py-2 text-sm">
              <Link href={`/retail/receipt/${r.id}`} className="min-w-0 hover:underline">
                <span className="block truncate font-medium tabular-nums">{r.phone ?? r.account}</span>
                <span className="block text-xs text-slate-500">
                  {r.operator} · {formatTime(r.created_at)}
                </span>
              </Link>
              <span className="flex items-center gap-2">
                <span className="flex flex-col items-end gap-0.5">
                  <span className="tabular-nums">{r.amount}</span>
                  <StatusBadge status={r.status} />
                </span>
                {r.service === "mobile" && r.phone && (
                  <Link href={againHref(r)} className="rounded-md px-2 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50" aria-label={`Recharge ${r.phone} again with ${r.amount}`}>
                    Again
                  </Link>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
