"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { iso } from "./util";

// The new-account form loads when it is opened: it is not part of what every visit to the list pays for.
const CreateAccountDialog = dynamic(() => import("./create-account-dialog").then((m) => m.CreateAccountDialog), { ssr: false });

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
      {creating && <CreateAccountDialog open onClose={() => setCreating(false)} />}
    </div>
  );
}
