"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { PLAIN, SetProviderCostInput } from "@/server/admin/schemas";
import { OffsetPager } from "./offset-pager";
import { bps, iso, type RouterOutputs, useAdminRefresh } from "./util";

type Cost = RouterOutputs["admin"]["providers"]["costs"]["data"][number];
type Call = RouterOutputs["admin"]["providers"]["calls"]["data"][number];

export function ProviderDetail({ name }: { name: string }) {
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/admin/providers" className="hover:underline">Providers</Link> / <span>{name}</span>
      </nav>
      <PageHeader title={`Provider ${name}`} description="What it charges per operator, and its latest calls." />
      <CostsCard provider={name} />
      <CallsCard provider={name} />
    </div>
  );
}

function CostsCard({ provider }: { provider: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [search]);
  const costs = useQuery(trpc.admin.providers.costs.queryOptions({ provider, search: search.trim() || undefined, page, pageSize: 15 }, { placeholderData: (prev) => prev }));
  const columns: Column<Cost>[] = [
    { key: "op", header: "Operator", cell: (c) => <span><span className="font-medium">{c.operatorCode}</span> <span className="text-slate-500">{c.operatorName ?? ""}</span></span> },
    { key: "country", header: "Country", hideOnMobile: true, cell: (c) => c.country ?? "—" },
    { key: "cost", header: "Discount to us", cell: (c) => <CostEditor provider={provider} cost={c} /> },
  ];
  return (
    <Card title="Costs per operator" description="The discount off face value the provider gives us, in basis points (100 bps = 1%). Unchecked operators are never routed here." bodyClassName="p-0">
      <div className="border-b border-slate-100 p-4 sm:max-w-xs">
        <Field id="cost-search" label="Operator code"><Input id="cost-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} /></Field>
      </div>
      <DataTable caption={`Costs of ${provider}`} columns={columns} rows={costs.data?.data} rowKey={(c) => c.operatorCode} loading={costs.isPending} error={costs.isError ? errorMessage(costs.error) : null} empty="No operators match." />
      <OffsetPager page={page} pageSize={15} total={costs.data?.total} onPage={setPage} busy={costs.isFetching} />
    </Card>
  );
}

function CostEditor({ provider, cost }: { provider: string; cost: Cost }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const [value, setValue] = useState(String(cost.costBps));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setValue(String(cost.costBps)), [cost.costBps]);
  const save = useMutation(
    trpc.admin.providers.setCost.mutationOptions({
      onSuccess: (row) => {
        toast.success(`${provider} · ${row.operatorCode}: ${row.enabled ? bps(row.costBps) : "not routed"}`);
        void refresh();
      },
      onError: (e) => toast.error("Could not save the cost", errorMessage(e)),
    }),
  );
  const inputId = `cost-${provider}-${cost.operatorCode.replace(/\s+/g, "-")}`;
  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = SetProviderCostInput.safeParse({ provider, operatorCode: cost.operatorCode, costBps: value }, PLAIN);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid");
    setError(null);
    save.mutate(parsed.data);
  }
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-center gap-2 sm:flex-nowrap">
      <label className="flex items-center gap-1 text-sm">
        <input type="checkbox" className="h-4 w-4 accent-brand-600" checked={save.isPending && save.variables?.enabled !== undefined ? save.variables.enabled : cost.enabled} disabled={save.isPending} onChange={(e) => save.mutate({ provider, operatorCode: cost.operatorCode, enabled: e.target.checked })} />
        <span className="sr-only">Route {cost.operatorCode} to {provider}</span>
      </label>
      <label htmlFor={inputId} className="sr-only">Cost of {cost.operatorCode} in basis points</label>
      <div className="w-24 shrink-0">
        <Input id={inputId} inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${inputId}-err` : undefined} />
      </div>
      <span className="text-xs text-slate-500">bps ({bps(Number(value) || 0)})</span>
      {value !== String(cost.costBps) && <Button type="submit" size="sm" variant="secondary" loading={save.isPending}>Save</Button>}
      {error && <p id={`${inputId}-err`} className="w-full text-sm text-red-700">{error}</p>}
    </form>
  );
}

function CallsCard({ provider }: { provider: string }) {
  const trpc = useTRPC();
  const [outcome, setOutcome] = useState("");
  const pages = useCursorPages();
  const calls = useQuery(trpc.admin.providers.calls.queryOptions({ provider, outcome: outcome || undefined, cursor: pages.cursor, limit: 20 }, { placeholderData: (prev) => prev }));
  const columns: Column<Call>[] = [
    { key: "at", header: "When", cell: (c) => <span className="whitespace-nowrap text-slate-600">{formatDateTime(iso(c.createdAt))}</span> },
    { key: "op", header: "Call", cell: (c) => <span>{c.operation}{c.rechargeId && <Link href={`/admin/recharges/${c.rechargeId}`} className="block text-xs text-brand-700 hover:underline">{c.rechargeId}</Link>}</span> },
    { key: "outcome", header: "Outcome", cell: (c) => <StatusBadge status={c.outcome.startsWith("failed") || c.outcome === "unknown" ? "failed" : c.outcome === "pending" ? "pending" : "ok"} label={c.outcome} /> },
    { key: "lat", header: "Latency", align: "right", cell: (c) => <span className="tabular-nums">{c.latencyMs} ms</span> },
    { key: "http", header: "HTTP", hideOnMobile: true, cell: (c) => c.httpStatus ?? (c.error ? <span className="text-red-700">{c.error.slice(0, 60)}</span> : "—") },
  ];
  return (
    <Card title="Latest calls" bodyClassName="p-0">
      <div className="border-b border-slate-100 p-4 sm:max-w-xs">
        <Field id="call-outcome" label="Outcome">
          <Select id="call-outcome" value={outcome} onChange={(e) => { setOutcome(e.target.value); pages.reset(); }}>
            <option value="">All</option>
            <option value="succeeded">Succeeded</option>
            <option value="pending">Pending</option>
            <option value="failed">Failed (any code)</option>
            <option value="unknown">Unknown</option>
            <option value="ok">Health / read OK</option>
            <option value="error">Health / read error</option>
          </Select>
        </Field>
      </div>
      <DataTable caption={`Calls to ${provider}`} columns={columns} rows={calls.data?.data} rowKey={(c) => c.id} loading={calls.isPending} error={calls.isError ? errorMessage(calls.error) : null} empty="No calls yet." />
      <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={calls.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={calls.isFetching} />
    </Card>
  );
}
