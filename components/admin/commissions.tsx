"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage, formErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { CURRENCIES, fieldErrors, PLAIN, SlabInput } from "@/server/admin/schemas";
import { CatalogTabs } from "./catalog-tabs";
import { OffsetPager } from "./offset-pager";
import { bps, type RouterOutputs, useAdminRefresh } from "./util";

type Slab = RouterOutputs["admin"]["catalog"]["slabs"]["data"][number];

export function CommissionsPage() {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const [scope, setScope] = useState<"all" | "default" | "account">("all");
  const [operator, setOperator] = useState("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Slab | "new" | null>(null);
  const [deleting, setDeleting] = useState<Slab | null>(null);
  useEffect(() => setPage(1), [scope, operator]);
  const list = useQuery(trpc.admin.catalog.slabs.queryOptions({ scope, operatorCode: operator.trim() || undefined, page, pageSize: 20 }, { placeholderData: (prev) => prev }));
  const remove = useMutation(
    trpc.admin.catalog.deleteSlab.mutationOptions({
      onSuccess: () => {
        toast.success("Slab deleted");
        void refresh();
        setDeleting(null);
      },
      onError: (e) => toast.error("Could not delete the slab", errorMessage(e)),
    }),
  );
  const columns: Column<Slab>[] = [
    { key: "applies", header: "Applies to", cell: (s) => <span><span className="font-medium">{s.operatorCode ?? "Any operator"}</span><span className="block text-xs text-slate-500">{s.accountId ? <Link className="text-brand-700 hover:underline" href={`/admin/accounts/${s.accountId}`}>{s.accountName ?? s.accountId}</Link> : "Every account"}</span></span> },
    { key: "range", header: "Amounts", cell: (s) => <span className="whitespace-nowrap tabular-nums">{s.minAmount} – {s.maxAmount ?? "∞"} {s.currency}</span> },
    { key: "rate", header: "Earns", cell: (s) => <span className="whitespace-nowrap">{bps(s.rateBps)}{s.flat !== "0.00" && s.flat !== "0.0000" ? ` + ${s.flat}` : ""}</span> },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      cell: (s) => (
        <span className="flex justify-end gap-1">
          <Button size="sm" variant="secondary" onClick={() => setEditing(s)}>Edit</Button>
          <Button size="sm" variant="ghost" className="text-red-700" onClick={() => setDeleting(s)}>Delete</Button>
        </span>
      ),
    },
  ];
  return (
    <div className="space-y-4">
      <PageHeader title="Catalog" description="The most specific slab wins: account and operator, then account, then operator, then any. Without a slab an account earns 1%." actions={<Button onClick={() => setEditing("new")}>New slab</Button>} />
      <CatalogTabs />
      <Card bodyClassName="relative overflow-hidden p-0">
        <form className="grid gap-3 border-b border-slate-100 p-4 sm:grid-cols-3" role="search" aria-label="Filter slabs" onSubmit={(e) => e.preventDefault()}>
          <Field id="slab-scope" label="Accounts">
            <Select id="slab-scope" value={scope} onChange={(e) => setScope(e.target.value as typeof scope)}>
              <option value="all">All slabs</option>
              <option value="default">For every account</option>
              <option value="account">For one account</option>
            </Select>
          </Field>
          <Field id="slab-op" label="Operator code"><Input id="slab-op" placeholder="GP" value={operator} onChange={(e) => setOperator(e.target.value)} /></Field>
        </form>
        <DataTable caption="Commission slabs" columns={columns} rows={list.data?.data} rowKey={(s) => s.id} rowTestId={() => "slab-row"} loading={list.isPending} error={list.isError ? errorMessage(list.error) : null} empty="No slabs: every account earns the 1% default." />
        <OffsetPager page={page} pageSize={20} total={list.data?.total} onPage={setPage} busy={list.isFetching} />
      </Card>
      <SlabDialog slab={editing} onClose={() => setEditing(null)} />
      <Dialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete this slab?"
        description={deleting ? `${deleting.operatorCode ?? "Any operator"}, ${deleting.accountName ?? "every account"}: ${bps(deleting.rateBps)}. Recharges after this use the next matching slab.` : undefined}
        footer={
          <>
            <Button variant="secondary" onClick={() => setDeleting(null)}>Cancel</Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => deleting && remove.mutate({ id: deleting.id })}>Delete</Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">The deletion is recorded in the audit log.</p>
      </Dialog>
    </div>
  );
}

function SlabDialog({ slab, onClose }: { slab: Slab | "new" | null; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const id = useId();
  const blank = { operatorCode: "", accountId: "", currency: "", minAmount: "0", maxAmount: "", rateBps: "100", flat: "0" };
  const [form, setForm] = useState(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    setErrors({});
    if (slab && slab !== "new") setForm({ operatorCode: slab.operatorCode ?? "", accountId: slab.accountId ?? "", currency: slab.currency ?? "", minAmount: slab.minAmount, maxAmount: slab.maxAmount ?? "", rateBps: String(slab.rateBps), flat: slab.flat });
    else setForm(blank);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slab]);
  const opts = {
    onSuccess: () => {
      toast.success(slab === "new" ? "Slab added" : "Slab saved");
      void refresh();
      onClose();
    },
    onError: (error: unknown) => {
      const said = formErrors(error, form);
      setErrors(said.fields);
      if (said.toast) toast.error("Could not save the slab", said.toast);
    },
  };
  const create = useMutation(trpc.admin.catalog.createSlab.mutationOptions(opts));
  const update = useMutation(trpc.admin.catalog.updateSlab.mutationOptions(opts));
  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = SlabInput.safeParse(form, PLAIN);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    if (slab && slab !== "new") update.mutate({ ...parsed.data, id: slab.id });
    else create.mutate(parsed.data);
  }
  const field = (k: keyof typeof form, label: string, hint?: string, control?: React.ReactNode) => (
    <Field id={`${id}-${k}`} label={label} error={errors[k]} hint={hint}>
      {control ?? <Input {...fieldAria(`${id}-${k}`, { error: errors[k], hint })} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />}
    </Field>
  );
  return (
    <Dialog open={slab !== null} onClose={onClose} title={slab === "new" ? "New commission slab" : "Edit commission slab"} description="Amounts are in the operator's currency (or the one chosen).">
      <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        {field("operatorCode", "Operator code", "Empty: any operator.")}
        {field("accountId", "Account id", "Empty: every account.")}
        {field("currency", "Currency", "Needed when no operator is named.", (
          <Select {...fieldAria(`${id}-currency`, { error: errors.currency })} value={form.currency} onChange={(e) => setForm({ ...form, currency: e.target.value })}>
            <option value="">From the operator or account</option>
            {CURRENCIES.map((c) => <option key={c}>{c}</option>)}
          </Select>
        ))}
        {field("rateBps", "Rate (bps)", "100 bps = 1% of the amount.")}
        {field("minAmount", "From amount")}
        {field("maxAmount", "Up to amount", "Empty: no upper bound.")}
        {field("flat", "Plus flat amount")}
        <div className="flex items-end justify-end gap-2 sm:col-span-2">
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>Save slab</Button>
        </div>
      </form>
    </Dialog>
  );
}
