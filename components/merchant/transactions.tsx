"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage } from "@/components/ui/errors";
import { Input, Select } from "@/components/ui/field";
import { RechargeFilterFields, type RechargeStatusFilter } from "@/components/ui/recharge-filters";
import { dayBound, formatDateTime } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { useDebounced } from "@/components/ui/use-debounced";
import { useUrlFilters } from "@/components/ui/use-url-filters";
import { TransactionDrawer } from "./transaction-drawer";

type Status = RechargeStatusFilter;

export function Transactions() {
  const trpc = useTRPC();
  // Filters live in the URL: Refresh, Back and a shared link show the same list. `scope`: "" the
  // merchant's orders and its retailers', "own" the merchant's API orders, or one retailer.
  const [filters, setFilters] = useUrlFilters({ status: "", operator: "", from: "", to: "", q: "", scope: "" });
  const { operator, from, to, q: search, scope } = filters;
  const status = filters.status as Status | "";
  const [openId, setOpenId] = useState<string | null>(null);
  const ref = useDebounced(search.trim(), 400);
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(() => reset(), [status, operator, from, to, ref, scope, reset]);

  const filter = useMemo(
    () => ({ status: status || undefined, operator: operator || undefined, from: dayBound(from), to: dayBound(to, true), search: ref || undefined, scope }),
    [status, operator, from, to, ref, scope],
  );
  const operators = useQuery(trpc.merchant.operators.queryOptions(undefined, { staleTime: 10 * 60_000 }));
  const retailers = useQuery(trpc.merchant.retailers.list.queryOptions(undefined, { staleTime: 60_000 }));
  const list = useQuery(
    trpc.merchant.transactions.queryOptions({ ...filter, cursor: pages.cursor, limit: 25 }, { placeholderData: keepPreviousData, refetchInterval: (q) => (q.state.data?.data.some((r) => r.status === "pending") ? 3000 : false) }),
  );

  const exportHref = useMemo(() => {
    const params = new URLSearchParams();
    if (filter.status) params.set("status", filter.status);
    if (filter.operator) params.set("operator", filter.operator);
    if (filter.search) params.set("search", filter.search);
    params.set("scope", filter.scope);
    if (filter.from) params.set("from", filter.from.toISOString());
    if (filter.to) params.set("to", filter.to.toISOString());
    const qs = params.toString();
    return `/merchant/transactions/export${qs ? `?${qs}` : ""}`;
  }, [filter]);

  type Row = NonNullable<typeof list.data>["data"][number];
  const columns: Column<Row>[] = [
    { key: "when", header: "Created", cell: (r) => <span className="whitespace-nowrap">{formatDateTime(r.created_at)}</span> },
    {
      key: "reference",
      header: "Reference",
      mobile: "title",
      cell: (r) => (
        <div className="max-w-48">
          <span className="block truncate font-medium">{r.reference}</span>
          {r.account_name && <span className="block truncate text-xs font-medium text-brand-700" data-testid="txn-retailer">{r.account_name}</span>}
          <span className="block text-xs text-slate-500">
            {r.operator} · <span className="tabular-nums">{r.phone ?? r.account}</span>
          </span>
        </div>
      ),
    },
    { key: "amount", header: "Amount", cell: (r) => `${r.amount} ${r.currency}`, align: "right", className: "whitespace-nowrap tabular-nums" },
    { key: "status", header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
    {
      key: "open",
      header: <span className="sr-only">Details</span>,
      mobile: "actions",
      align: "right",
      cell: (r) => (
        <Button variant="ghost" size="sm" onClick={() => setOpenId(r.id)} aria-label={`Details of ${r.reference}`}>
          Details
        </Button>
      ),
    },
  ];

  return (
    <Card
      bodyClassName="p-0"
      title="Transactions"
      actions={
        <a href={exportHref} download className={buttonClass("secondary", "sm")} data-testid="export-csv">
          Export CSV
        </a>
      }
    >
      <form role="search" aria-label="Filter transactions" onSubmit={(e) => e.preventDefault()} className="grid gap-3 border-b border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-6">
        <div className="sm:col-span-2 lg:col-span-1">
          <label htmlFor="t-ref" className="mb-1 block text-xs font-medium text-slate-600">
            Number or reference
          </label>
          <Input id="t-ref" type="search" value={search} onChange={(e) => setFilters({ q: e.target.value })} placeholder="Any part of a number or order id" />
        </div>
        <div>
          <label htmlFor="t-scope" className="mb-1 block text-xs font-medium text-slate-600">
            Placed by
          </label>
          <Select id="t-scope" value={scope} onChange={(e) => setFilters({ scope: e.target.value })}>
            <option value="">You and your retailers</option>
            <option value="own">You (API)</option>
            {(retailers.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </Select>
        </div>
        <RechargeFilterFields
          idPrefix="t"
          values={{ status, operator, from, to }}
          onChange={(patch) => setFilters(patch)}
          operators={operators.data ?? []}
        />
      </form>
      <DataTable
        caption="Transactions"
        columns={columns}
        rows={list.data?.data}
        rowKey={(r) => r.id}
        rowTestId={(r) => `txn-${r.reference}`}
        loading={list.isPending}
        error={list.isError ? errorMessage(list.error) : null}
        empty={status || operator || from || to || ref ? "No transaction matches these filters." : "No transactions yet. Orders placed through the API show here."}
      />
      <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={list.isFetching} />
      <TransactionDrawer id={openId} onClose={() => setOpenId(null)} />
    </Card>
  );
}
