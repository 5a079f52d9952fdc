"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage, formErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select } from "@/components/ui/field";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { fieldErrors, PLAIN, UpdateOperatorInput } from "@/server/admin/schemas";
import { CatalogTabs } from "./catalog-tabs";
import { OffsetPager } from "./offset-pager";
import { type RouterOutputs, useAdminRefresh } from "./util";

type Operator = RouterOutputs["admin"]["catalog"]["operators"]["data"][number];

export function OperatorsPage() {
  const trpc = useTRPC();
  const [country, setCountry] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Operator | null>(null);
  useEffect(() => setPage(1), [country, search]);
  const list = useQuery(trpc.admin.catalog.operators.queryOptions({ country: (country || undefined) as "BD" | undefined, search: search.trim() || undefined, page, pageSize: 20 }, { placeholderData: (prev) => prev }));
  const columns: Column<Operator>[] = [
    { key: "op", header: "Operator", cell: (o) => <span><span className="font-medium">{o.code}</span> <span className="block text-xs text-slate-500">{o.name} · {o.country} · {o.kind}</span></span> },
    { key: "status", header: "Status", cell: (o) => <StatusBadge status={o.enabled ? "active" : "disabled"} label={o.enabled ? "On" : "Off"} /> },
    { key: "limits", header: "Amount limits", cell: (o) => <span className="whitespace-nowrap tabular-nums" data-testid={`limits-${o.code}`}>{o.minAmount} – {o.maxAmount} {o.currency}{o.postpaidMaxAmount && <span className="block text-xs text-slate-500">postpaid up to {o.postpaidMaxAmount}</span>}<span className="block text-xs text-slate-500" data-testid={`step-${o.code}`}>{o.amountStep ? `step ${o.amountStep} (${o.amountStep === "1.00" ? "whole amounts" : `multiples of ${o.amountStep}`})` : "any amount (no step)"}</span></span> },
    { key: "denoms", header: "Fixed amounts", hideOnMobile: true, cell: (o) => (o.denominations ? o.denominations.join(", ") : <span className="text-slate-400">any</span>) },
    { key: "dup", header: "Duplicate window", hideOnMobile: true, cell: (o) => `${o.duplicateWindowSeconds} s` },
    { key: "edit", header: <span className="sr-only">Actions</span>, align: "right", cell: (o) => <Button size="sm" variant="secondary" onClick={() => setEditing(o)} aria-label={`Edit ${o.code}`}>Edit</Button> },
  ];
  return (
    <div className="space-y-4">
      <PageHeader title="Catalog" description="Operators and billers: amount limits, fixed amounts, the duplicate window; and what accounts earn." />
      <CatalogTabs />
      {/* relative + overflow-hidden: the sr-only "Actions" header is absolutely positioned and would otherwise widen the page on phones. */}
      <Card bodyClassName="relative overflow-hidden p-0">
        <form className="grid gap-3 border-b border-slate-100 p-4 sm:grid-cols-3" role="search" aria-label="Filter operators" onSubmit={(e) => e.preventDefault()}>
          <Field id="op-country" label="Country">
            <Select id="op-country" value={country} onChange={(e) => setCountry(e.target.value)}>
              <option value="">All</option>
              <option value="BD">Bangladesh</option>
              <option value="IN">India</option>
              <option value="CN">China</option>
            </Select>
          </Field>
          <Field id="op-search" label="Search"><Input id="op-search" type="search" placeholder="Code or name" value={search} onChange={(e) => setSearch(e.target.value)} /></Field>
        </form>
        <DataTable caption="Operators" columns={columns} rows={list.data?.data} rowKey={(o) => o.code} rowTestId={(o) => `operator-${o.code}`} loading={list.isPending} error={list.isError ? errorMessage(list.error) : null} empty="No operators match." />
        <OffsetPager page={page} pageSize={20} total={list.data?.total} onPage={setPage} busy={list.isFetching} />
      </Card>
      <OperatorDialog operator={editing} onClose={() => setEditing(null)} />
    </div>
  );
}

function OperatorDialog({ operator: o, onClose }: { operator: Operator | null; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const id = useId();
  const [form, setForm] = useState({ enabled: true, minAmount: "", maxAmount: "", postpaidMaxAmount: "", amountStep: "", denominations: "", duplicateWindowSeconds: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!o) return;
    setErrors({});
    setForm({ enabled: o.enabled, minAmount: o.minAmount, maxAmount: o.maxAmount, postpaidMaxAmount: o.postpaidMaxAmount ?? "", amountStep: o.amountStep ?? "", denominations: o.denominations?.join(", ") ?? "", duplicateWindowSeconds: String(o.duplicateWindowSeconds) });
  }, [o]);
  const save = useMutation(
    trpc.admin.catalog.updateOperator.mutationOptions({
      onSuccess: (row) => {
        toast.success(`${row.code} saved`, `${row.rule} Duplicate window ${row.duplicateWindowSeconds} s.`);
        void refresh();
        onClose();
      },
      onError: (error) => {
        const said = formErrors(error, form);
        setErrors(said.fields);
        if (said.toast) toast.error("Could not save the operator", said.toast);
      },
    }),
  );
  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!o) return;
    const denominations = form.denominations.trim() ? form.denominations.split(/[\s,]+/).filter(Boolean) : null;
    const parsed = UpdateOperatorInput.safeParse(
      {
        code: o.code,
        enabled: form.enabled,
        minAmount: form.minAmount,
        maxAmount: form.maxAmount,
        postpaidMaxAmount: form.postpaidMaxAmount.trim() || null,
        amountStep: form.amountStep.trim() || null,
        denominations,
        duplicateWindowSeconds: form.duplicateWindowSeconds,
      },
      PLAIN,
    );
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    // Client-side echo of the server's cross-field rule, for an instant message.
    if (Number(parsed.data.maxAmount) < Number(parsed.data.minAmount)) return setErrors({ maxAmount: "The maximum can't be below the minimum." });
    setErrors({});
    save.mutate(parsed.data);
  }
  const text = (k: keyof typeof form, label: string, hint?: string, mode: "decimal" | "numeric" | "text" = "decimal") => (
    <Field id={`${id}-${k}`} label={label} error={errors[k] ?? errors[`${k}.0`]} hint={hint}>
      <Input {...fieldAria(`${id}-${k}`, { error: errors[k], hint })} inputMode={mode} value={String(form[k])} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
    </Field>
  );
  return (
    <Dialog open={o !== null} onClose={onClose} title={o ? `Edit ${o.code}` : "Edit operator"} description={o ? `${o.name} · amounts in ${o.currency}` : undefined}>
      <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        {text("minAmount", "Minimum amount")}
        {text("maxAmount", "Maximum amount")}
        {text("postpaidMaxAmount", "Postpaid maximum", "Empty: same as the maximum.")}
        {text("amountStep", "Amount step", "1.00: whole amounts only. Empty: any amount (to the paisa) within the limits.")}
        {text("duplicateWindowSeconds", "Duplicate window (seconds)", "Same number and amount within it is refused.", "numeric")}
        <div className="sm:col-span-2">{text("denominations", "Fixed amounts", "Comma-separated, e.g. 20, 50, 100. Empty: any amount within the limits.", "text")}</div>
        <label className="flex items-center gap-2 text-sm font-medium sm:col-span-2">
          <input type="checkbox" className="h-4 w-4 accent-brand-600" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} />
          Accept recharges for this operator
        </label>
        <div className="flex justify-end gap-2 sm:col-span-2">
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={save.isPending}>Save</Button>
        </div>
      </form>
    </Dialog>
  );
}
