"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Card, PageHeader } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";

const STATUSES = ["pending", "succeeded", "failed", "refunded", "reversed"] as const;
type Status = (typeof STATUSES)[number];

export type RechargeFilters = { account?: string; status?: string; review?: boolean; operator?: string; reference?: string; q?: string; from?: string; to?: string };

function useDebounced<T>(value: T, ms = 300) {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function RechargesPage({ initial }: { initial: RechargeFilters }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState({
    account: initial.account ?? "",
    status: initial.status ?? "",
    review: initial.review ?? false,
    operator: initial.operator ?? "",
    reference: initial.reference ?? "",
    q: initial.q ?? "",
    from: initial.from ?? "",
    to: initial.to ?? "",
  });
  const pages = useCursorPages();
  const f = useDebounced(filters);
  // The filters are the URL's: Refresh and Back keep them, a link shares them.
  useEffect(() => {
    const next = new URLSearchParams();
    if (f.account.trim()) next.set("account", f.account.trim());
    if (f.status) next.set("status", f.status);
    if (f.review) next.set("review", "1");
    if (f.operator.trim()) next.set("operator", f.operator.trim());
    if (f.reference.trim()) next.set("reference", f.reference.trim());
    if (f.q.trim()) next.set("q", f.q.trim());
    if (f.from) next.set("from", f.from);
    if (f.to) next.set("to", f.to);
    const url = `${window.location.pathname}${next.size ? `?${next}` : ""}`;
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", url);
  }, [f]);
  const { reset } = pages;
  useEffect(() => reset(), [f, reset]);
  const list = useQuery(
    trpc.admin.recharges.list.queryOptions(
      {
        accountId: f.account.trim() || undefined,
        status: (f.status || undefined) as Status | undefined,
        needsReview: f.review ? true : undefined,
        operator: f.operator.trim() || undefined,
        reference: f.reference.trim() || undefined,
        search: f.q.trim() || undefined,
        from: f.from ? new Date(`${f.from}T00:00:00`) : undefined,
        to: f.to ? new Date(`${f.to}T23:59:59.999`) : undefined,
        cursor: pages.cursor,
        limit: 20,
      },
      { placeholderData: (prev) => prev },
    ),
  );
  type R = NonNullable<typeof list.data>["data"][number];
  const columns: Column<R>[] = [
    {
      key: "ref",
      header: "Recharge",
      cell: (r) => (
        <div>
          <Link href={`/admin/recharges/${r.id}`} className="font-medium text-brand-700 hover:underline">{r.reference}</Link>
          <p className="text-xs text-slate-500">{r.account_name}</p>
        </div>
      ),
    },
    { key: "target", header: "Number", hideOnMobile: true, cell: (r) => <span className="whitespace-nowrap">{r.operator} · {r.target}</span> },
    { key: "amount", header: "Amount", align: "right", cell: (r) => <span className="whitespace-nowrap tabular-nums">{r.amount} {r.currency}</span> },
    { key: "status", header: "Status", cell: (r) => <span className="flex flex-wrap gap-1"><StatusBadge status={r.status} />{r.needs_review && <StatusBadge status="open" label="Needs decision" />}</span> },
    { key: "provider", header: "Provider", hideOnMobile: true, cell: (r) => r.provider ?? "—" },
    { key: "at", header: "Created", hideOnMobile: true, cell: (r) => <span className="whitespace-nowrap text-slate-600">{formatDateTime(r.created_at)}</span> },
  ];
  const set = (key: keyof typeof filters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setFilters((v) => ({ ...v, [key]: e.target.type === "checkbox" ? (e.target as HTMLInputElement).checked : e.target.value }));
  return (
    <div className="space-y-6">
      <PageHeader title="Recharges" description="Every account's orders. Open one to see its timeline, refund it, or decide a stuck one." />
      <Card bodyClassName="p-0">
        <form className="grid grid-cols-2 gap-3 border-b border-slate-100 p-4 md:grid-cols-4" role="search" aria-label="Filter recharges" onSubmit={(e) => e.preventDefault()}>
          <Field id="r-status" label="Status">
            <Select id="r-status" value={filters.status} onChange={set("status")}>
              <option value="">Any</option>
              {STATUSES.map((s) => <option key={s} value={s}>{s[0].toUpperCase() + s.slice(1)}</option>)}
            </Select>
          </Field>
          <Field id="r-q" label="Phone, account or reference"><Input id="r-q" type="search" placeholder="Any part, e.g. 345678" value={filters.q} onChange={set("q")} /></Field>
          <Field id="r-ref" label="Exact reference"><Input id="r-ref" value={filters.reference} onChange={set("reference")} /></Field>
          <Field id="r-op" label="Operator"><Input id="r-op" placeholder="GP" value={filters.operator} onChange={set("operator")} /></Field>
          <Field id="r-acct" label="Account id"><Input id="r-acct" placeholder="acct_…" value={filters.account} onChange={set("account")} /></Field>
          <Field id="r-from" label="From"><Input id="r-from" type="date" value={filters.from} onChange={set("from")} /></Field>
          <Field id="r-to" label="To"><Input id="r-to" type="date" value={filters.to} onChange={set("to")} /></Field>
          <label className="col-span-2 flex items-center gap-2 self-end pb-2 text-sm font-medium text-slate-700">
            <input type="checkbox" className="h-4 w-4 accent-brand-600" checked={filters.review} onChange={set("review")} />
            Only those awaiting a decision
          </label>
        </form>
        <DataTable caption="Recharges" columns={columns} rows={list.data?.data} rowKey={(r) => r.id} rowTestId={() => "recharge-row"} loading={list.isPending} error={list.isError ? errorMessage(list.error) : null} empty="No recharges match these filters." />
        <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={list.isFetching} />
      </Card>
    </div>
  );
}
