"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc";
import { Card, PageHeader, Skeleton, Stat } from "@/components/ui/card";
import { formatRelative } from "@/components/ui/format";
import { AuditEntryLine } from "./audit-log";
import { HealthPill } from "./health-pill";
import { iso } from "./util";

export function AdminOverview() {
  const trpc = useTRPC();
  const ledger = useQuery(trpc.admin.ledgerCheck.queryOptions());
  const stats = useQuery(trpc.admin.overview.queryOptions());
  const providers = useQuery(trpc.admin.providers.health.queryOptions());
  const audit = useQuery(trpc.admin.audit.list.queryOptions({ limit: 6 }));
  const s = stats.data;
  const value = (v: number | undefined) => (stats.isPending ? <Skeleton className="h-7 w-12" /> : stats.isError ? "—" : v);
  return (
    <div className="space-y-6">
      <PageHeader title="Admin overview" description="What needs a person now, and the last 24 hours." />
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Link href="/admin/recharges?review=1" className="block h-full rounded-xl focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 [&>div]:h-full">
          <Stat label="Awaiting a decision" value={value(s?.needsReview)} hint="Pending orders whose checks ran out" testId="stat-needs-review" />
        </Link>
        <Link href="/admin/complaints" className="block h-full rounded-xl focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 [&>div]:h-full">
          <Stat label="Open complaints" value={value(s?.openComplaints)} testId="stat-open-complaints" />
        </Link>
        <Stat label="Recharges, 24 h" value={value(s?.recharges24h)} hint={s ? `${s.succeeded24h} succeeded · ${s.failed24h} failed` : undefined} />
        <Link href="/admin/accounts?status=suspended" className="block h-full rounded-xl focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 [&>div]:h-full">
          <Stat label="Accounts" value={value(s?.accounts)} hint={s ? `${s.suspended} suspended` : undefined} />
        </Link>
      </div>
      <div className="grid gap-6 md:grid-cols-3">
        <Card title="Ledger invariants" aria-label="Ledger">
          {ledger.isPending ? (
            <p className="text-slate-400">Checking…</p>
          ) : ledger.isError ? (
            <p className="text-red-700">Could not run the check.</p>
          ) : ledger.data.length === 0 ? (
            <p className="text-lg font-semibold text-brand-700" data-testid="ledger-status">All invariants hold</p>
          ) : (
            <p className="text-lg font-semibold text-red-700" data-testid="ledger-status">{ledger.data.length} violations</p>
          )}
          <p className="mt-1 text-sm text-slate-500">Every journal balances and every wallet matches its postings.</p>
        </Card>
        <Card title="Providers" className="md:col-span-2" actions={<Link href="/admin/providers" className="text-sm font-medium text-brand-700 hover:underline">Manage</Link>}>
          {providers.isPending ? (
            <Skeleton className="h-16 w-full" />
          ) : providers.isError ? (
            <p className="text-red-700">Could not load providers.</p>
          ) : providers.data.length === 0 ? (
            <p className="text-slate-500">No providers configured.</p>
          ) : (
            <ul className="grid gap-2 sm:grid-cols-3">
              {providers.data.map((p) => (
                <li key={p.name} className="rounded-lg border border-slate-100 p-3">
                  <p className="font-medium">{p.displayName}</p>
                  <HealthPill health={p.health} />
                  <p className="mt-1 text-xs text-slate-500">{p.healthReason}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title="Latest admin actions" actions={<Link href="/admin/audit" className="text-sm font-medium text-brand-700 hover:underline">Full audit log</Link>}>
        {audit.isPending ? (
          <Skeleton className="h-20 w-full" />
        ) : audit.isError ? (
          <p className="text-red-700">Could not load the audit log.</p>
        ) : audit.data.data.length === 0 ? (
          <p className="text-slate-500">Nothing yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {audit.data.data.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm">
                <AuditEntryLine entry={e} />
                <span className="text-xs text-slate-500">{formatRelative(iso(e.createdAt))}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

