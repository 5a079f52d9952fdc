"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage, fieldErrors as serverFieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { CreateAccountForm, CURRENCIES, fieldErrors } from "@/server/admin/schemas";
import { iso, useAdminRefresh } from "./util";

type AccountRow = { id: string; type: string; name: string; email: string; status: string; currency: string; parentName: string | null; available: string; held: string; createdAt: Date };

export function AccountsPage({ initialStatus = "" }: { initialStatus?: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [debounced, setDebounced] = useState("");
  const [type, setType] = useState("");
  const [status, setStatus] = useState(initialStatus);
  const [creating, setCreating] = useState(false);
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(() => {
    const t = setTimeout(() => {
      setDebounced(search.trim());
      reset();
    }, 300);
    return () => clearTimeout(t);
  }, [search, reset]);
  const list = useQuery(
    trpc.admin.accounts.list.queryOptions(
      { search: debounced || undefined, type: (type || undefined) as "merchant" | "retailer" | undefined, status: (status || undefined) as "active" | "suspended" | undefined, cursor: pages.cursor, limit: 20 },
      { placeholderData: (prev) => prev },
    ),
  );
  const columns: Column<AccountRow>[] = [
    {
      key: "name",
      header: "Account",
      cell: (a) => (
        <div className="min-w-0">
          <Link href={`/admin/accounts/${a.id}`} className="font-medium text-brand-700 hover:underline">
            {a.name}
          </Link>
          <p className="max-w-[11rem] truncate text-xs text-slate-500 sm:max-w-none">{a.email}</p>
          {a.status !== "active" && <StatusBadge status={a.status} className="mt-1 sm:hidden" />}
        </div>
      ),
    },
    { key: "type", header: "Type", hideOnMobile: true, cell: (a) => <span className="capitalize">{a.type}{a.parentName ? <span className="block text-xs text-slate-500">under {a.parentName}</span> : null}</span> },
    { key: "status", header: "Status", hideOnMobile: true, cell: (a) => <StatusBadge status={a.status} /> },
    { key: "balance", header: "Available", align: "right", cell: (a) => <span className="whitespace-nowrap tabular-nums">{a.available} <span className="text-xs text-slate-500">{a.currency}</span></span> },
    { key: "created", header: "Created", hideOnMobile: true, cell: (a) => <span className="whitespace-nowrap text-slate-600">{formatDate(iso(a.createdAt))}</span> },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title="Accounts" description="Merchants and retailers, their wallets and status." actions={<Button onClick={() => setCreating(true)}>New account</Button>} />
      <Card bodyClassName="p-0">
        <form className="grid gap-3 border-b border-slate-100 p-4 sm:grid-cols-3" role="search" aria-label="Filter accounts" onSubmit={(e) => e.preventDefault()}>
          <Field id="acct-search" label="Search">
            <Input id="acct-search" type="search" placeholder="Name, email or acct_ id" value={search} onChange={(e) => setSearch(e.target.value)} />
          </Field>
          <Field id="acct-type" label="Type">
            <Select id="acct-type" value={type} onChange={(e) => { setType(e.target.value); pages.reset(); }}>
              <option value="">All types</option>
              <option value="merchant">Merchants</option>
              <option value="retailer">Retailers</option>
            </Select>
          </Field>
          <Field id="acct-status" label="Status">
            <Select id="acct-status" value={status} onChange={(e) => { setStatus(e.target.value); pages.reset(); }}>
              <option value="">Any status</option>
              <option value="active">Active</option>
              <option value="suspended">Suspended</option>
            </Select>
          </Field>
        </form>
        <DataTable caption="Accounts" columns={columns} rows={list.data?.data} rowKey={(a) => a.id} rowTestId={() => "account-row"} loading={list.isPending} error={list.isError ? errorMessage(list.error) : null} empty="No accounts match." />
        <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={list.isFetching} />
      </Card>
      <CreateAccountDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

type Created = { account_id: string; email: string; api_key: string | null; api_secret: string | null };

function CreateAccountDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const id = useId();
  const empty = { type: "merchant", name: "", email: "", password: "", currency: "BDT", parentAccountId: "", credit: "" };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<Created | null>(null);
  const create = useMutation(
    trpc.admin.accounts.create.mutationOptions({
      onSuccess: (data) => {
        toast.success("Account created", data.email);
        setCreated(data);
        void refresh();
      },
      onError: (error) => {
        setErrors(serverFieldErrors(error));
        toast.error("Could not create the account", errorMessage(error));
      },
    }),
  );
  useEffect(() => {
    if (open) {
      setForm(empty);
      setErrors({});
      setCreated(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const set = (key: keyof typeof empty) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm((f) => ({ ...f, [key]: e.target.value }));
  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = CreateAccountForm.safeParse(form);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    const v = parsed.data;
    create.mutate({ ...v, parentAccountId: v.type === "retailer" && v.parentAccountId ? v.parentAccountId : undefined, credit: v.credit || undefined });
  }
  const f = (name: string, label: string, control: React.ReactNode, hint?: string) => (
    <Field id={`${id}-${name}`} label={label} error={errors[name]} hint={hint}>
      {control}
    </Field>
  );
  const aria = (name: string, hint?: string) => fieldAria(`${id}-${name}`, { error: errors[name], hint });
  return (
    <Dialog open={open} onClose={onClose} title={created ? "Account created" : "New account"} description={created ? (created.api_key ? "Hand these to the account holder. The API secret is shown only now." : "A retailer creates its own API key after signing in, if it wants one.") : undefined}>
      {created ? (
        <div className="space-y-3 text-sm">
          <dl className="space-y-2">
            {([["Account id", created.account_id], ["API key", created.api_key], ["API secret", created.api_secret]] as Array<[string, string | null]>).flatMap(([label, value]) => (value ? [[label, value] as const] : [])).map(([label, value]) => (
              <div key={label} className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-slate-50 px-3 py-2">
                <dt className="text-slate-500">{label}</dt>
                <dd className="flex items-center gap-2 break-all font-mono text-xs">{value} <CopyButton value={value} what={label} /></dd>
              </div>
            ))}
          </dl>
          <div className="flex justify-end gap-2">
            <Link href={`/admin/accounts/${created.account_id}`} className="rounded-lg px-4 py-2 font-medium text-brand-700 hover:bg-brand-50">Open account</Link>
            <Button onClick={onClose}>Done</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
          {f("type", "Type", <Select {...aria("type")} value={form.type} onChange={set("type")}><option value="merchant">Merchant</option><option value="retailer">Retailer</option></Select>)}
          {f("currency", "Currency", <Select {...aria("currency")} value={form.currency} onChange={set("currency")}>{CURRENCIES.map((c) => <option key={c}>{c}</option>)}</Select>)}
          <div className="sm:col-span-2">{f("name", "Name", <Input {...aria("name")} value={form.name} onChange={set("name")} autoComplete="off" />)}</div>
          {f("email", "Sign-in email", <Input {...aria("email")} type="email" value={form.email} onChange={set("email")} autoComplete="off" />)}
          {f("password", "Password", <Input {...aria("password", "At least 8 characters.")} type="password" value={form.password} onChange={set("password")} autoComplete="new-password" />, "At least 8 characters.")}
          {form.type === "retailer" && <div className="sm:col-span-2">{f("parentAccountId", "Merchant account id (optional)", <Input {...aria("parentAccountId")} placeholder="acct_…" value={form.parentAccountId} onChange={set("parentAccountId")} />)}</div>}
          {f("credit", "Opening credit (optional)", <Input {...aria("credit", "Paid in from outside, e.g. 1000.00.")} inputMode="decimal" placeholder="0.00" value={form.credit} onChange={set("credit")} />, "Paid in from outside, e.g. 1000.00.")}
          <div className="flex items-end justify-end gap-2 sm:col-span-2">
            <Button variant="secondary" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={create.isPending}>Create account</Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
