"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Card, Skeleton, Stat } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { formatDateTime, formatDuration, formatPercent } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { VolumeChart } from "./volume-chart";

export function MerchantOverview() {
  const trpc = useTRPC();
  const [timeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const overview = useQuery(trpc.merchant.overview.queryOptions({ timeZone }, { refetchInterval: 30_000 }));
  const recent = useQuery(trpc.merchant.transactions.queryOptions({ limit: 5 }));

  if (overview.isError) {
    return (
      <p role="alert" className="rounded-xl border border-red-200 bg-red-50 p-5 text-red-800">
        Could not load the overview. {errorMessage(overview.error)}
      </p>
    );
  }
  const o = overview.data;
  const loading = <Skeleton className="mt-1 h-8 w-28" />;
  return (
    <div className="space-y-6">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        <Stat className="col-span-2 lg:col-span-1" label="Available balance" testId="balance-available" value={o ? `${o.balance.available} ${o.currency}` : loading} />
        <Stat label="Held for recharges in progress" testId="balance-held" value={o ? `${o.balance.held} ${o.currency}` : loading} />
        <Stat label="Today's volume" testId="today-volume" value={o ? `${o.today.volume} ${o.currency}` : loading} hint={o ? `${o.today.count} recharges today` : undefined} />
        <Stat
          label="Success rate today"
          testId="success-rate"
          value={o ? formatPercent(o.today.success_rate) : loading}
          hint={o ? `${o.today.succeeded} succeeded · ${o.today.failed} failed${o.today.pending ? ` · ${o.today.pending} pending` : ""}` : undefined}
        />
        <Stat label="Median completion" testId="median-completion" value={o ? formatDuration(o.today.median_completion_seconds) : loading} hint="From order to the operator's confirmation" />
      </div>

      <Card title="Last 14 days" description={o ? `Succeeded volume per day (${o.time_zone})` : undefined}>
        {o ? <VolumeChart days={o.days} currency={o.currency} /> : <Skeleton className="h-48 w-full" />}
      </Card>

      <Card title="Latest transactions" bodyClassName="px-5 py-2" actions={<Link href="/merchant/transactions" className="text-sm font-medium text-brand-700 hover:underline">All transactions</Link>}>
        {recent.isPending ? (
          <Skeleton className="my-3 h-5 w-full" />
        ) : recent.isError ? (
          <p className="py-3 text-sm text-red-700">{errorMessage(recent.error)}</p>
        ) : recent.data.data.length === 0 ? (
          <p className="py-3 text-sm text-slate-500">No transactions yet. Orders placed through the API will show here.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {recent.data.data.map((r) => (
              <li key={r.id} className="flex items-center justify-between gap-3 py-2.5 text-sm">
                <div className="min-w-0">
                  <p className="truncate font-medium">{r.reference}</p>
                  <p className="text-xs text-slate-500">
                    {r.operator} {r.phone ?? r.account} · {formatDateTime(r.created_at)}
                  </p>
                </div>
                <div className="flex items-center gap-3">
                  <span className="whitespace-nowrap tabular-nums">
                    {r.amount} {r.currency}
                  </span>
                  <StatusBadge status={r.status} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
