"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { buttonClass, Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage } from "@/components/ui/errors";
import { Input } from "@/components/ui/field";
import { RechargeFilterFields, type RechargeStatusFilter } from "@/components/ui/recharge-filters";
import { dayBound, formatDateTime } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { useDebounced } from "@/components/ui/use-debounced";
import { useUrlFilters } from "@/components/ui/use-url-filters";
import { ComplaintDialog, type ComplaintTarget } from "./complaint-dialog";
import { againHref } from "./recent-recharges";

type Status = RechargeStatusFilter;

export function RechargeHistory() {
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlFilters({ status: "", operator: "", from: "", to: "", q: "" });
  const { operator, from, to, q: search } = filters;
  const status = filters.status as Status | "";
  const [filtersOpen, setFiltersOpen] = useState(false);
  const active = [status, operator, from, to].filter(Boolean).length;
  const [complaint, setComplaint] = useState<ComplaintTarget | null>(null);
  const debouncedSearch = useDebounced(search.trim(), 400);
  const pages = useCursorPages();
  const { reset } = pages;

  useEffect(() => reset(), [status, operator, from, to, debouncedSearch, reset]);

  const mobile = useQuery(trpc.retail.operators.queryOptions({ service: "mobile" }, { staleTime: 10 * 60_000 }));
  const dth = useQuery(trpc.retail.operators.queryOptions({ service: "dth" }, { staleTime: 10 * 60_000 }));
  const bill = useQuery(trpc.retail.operators.queryOptions({ service: "bill" }, { staleTime: 10 * 60_000 }));
  const operatorOptions = [...(mobile.data?.operators ?? []), ...(dth.data?.operators ?? []), ...(bill.data?.operators ?? [])];

  const list = useQuery(
    trpc.retail.history.queryOptions(
      { status: status || undefined, operator: operator || undefined, from: dayBound(from), to: dayBound(to, true), search: debouncedSearch || undefined, cursor: pages.cursor, limit: 20 },
      { placeholderData: keepPreviousData, refetchInterval: (q) => (q.state.data?.data.some((r) => r.status === "pending") ? 3000 : false) },
    ),
  );

  type Row = NonNullable<typeof list.data>["data"][number];
  const columns: Column<Row>[] = [
    { key: "when", header: "Time", cell: (r) => <span className="whitespace-nowrap">{formatDateTime(r.created_at)}</span> },
    {
      key: "target",
      header: "Number",
      mobile: "title",
      cell: (r) => (
        <div>
          <span className="font-medium tabular-nums">{r.phone ?? r.account}</span>
          <span className="block text-xs text-slate-500">{r.operator}</span>
        </div>
      ),
    },
    { key: "amount", header: "Amount", cell: (r) => `${r.amount} ${r.currency}`, align: "right", className: "whitespace-nowrap tabular-nums" },
    {
      key: "status",
      header: "Status",
      cell: (r) => (
        <div>
          <StatusBadge status={r.status} />
          {r.failure_reason && <p className="mt-1 max-w-56 text-xs text-slate-600">{r.failure_reason}</p>}
        </div>
      ),
    },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      mobile: "actions",
      cell: (r) => (
        <div className="flex justify-end gap-1">
          <Link href={`/retail/receipt/${r.id}`} className={buttonClass("ghost", "sm")} aria-label={`Receipt for ${r.phone ?? r.account}`}>
            Receipt
          </Link>
          {r.service === "mobile" && r.phone && (
            <Link href={againHref(r)} className={buttonClass("ghost", "sm")} aria-label={`Recharge ${r.phone} again`}>
              Again
            </Link>
          )}
          {r.status === "succeeded" && (
            <Button variant="ghost" size="sm" onClick={() => setComplaint({ id: r.id, label: `${r.phone ?? r.account} · ${r.amount} ${r.currency} · ${formatDateTime(r.created_at)}` })} aria-label={`Report a problem with ${r.phone ?? r.account}`}>
              Report
            </Button>
          )}
        </div>
      ),
    },
  ];

  return (
    <Card bodyClassName="p-0">
      <form role="search" aria-label="Filter recharges" onSubmit={(e) => e.preventDefault()} className="grid gap-3 border-b border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-5">
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-1">
          <div className="min-w-0 flex-1">
            <label htmlFor="h-search" className="mb-1 block text-xs font-medium text-slate-600">
              Number or reference
            </label>
            <Input id="h-search" type="search" value={search} onChange={(e) => setFilters({ q: e.target.value })} placeholder="Any part, e.g. 345678" />
          </div>
          {/* On a phone the other filters fold away behind one button. */}
          <Button variant="secondary" className="sm:hidden" aria-expanded={filtersOpen} aria-controls="h-more" onClick={() => setFiltersOpen((o) => !o)}>
            Filters{active ? ` (${active})` : ""}
          </Button>
        </div>
        <div id="h-more" className={`${filtersOpen ? "grid" : "hidden"} gap-3 sm:col-span-2 sm:grid sm:grid-cols-2 lg:col-span-4 lg:grid-cols-4`}>
          <RechargeFilterFields idPrefix="h" values={{ status, operator, from, to }} onChange={(patch) => setFilters(patch)} operators={operatorOptions} />
        </div>
      </form>
      <DataTable
        caption="Recharge history"
        columns={columns}
        rows={list.data?.data}
        rowKey={(r) => r.id}
        rowTestId={(r) => `history-${r.id}`}
        loading={list.isPending}
        error={list.isError ? errorMessage(list.error) : null}
        empty={status || operator || from || to || debouncedSearch ? "No recharge matches these filters." : "No recharges yet. They will show here as soon as you make one."}
      />
      <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={list.isFetching} />
      <ComplaintDialog target={complaint} onClose={() => setComplaint(null)} />
    </Card>
  );
}
