"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Card } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage } from "@/components/ui/errors";
import { Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { DEPOSIT_STATUS_LABEL, FLAG_LABEL } from "./explain";

export type DepositStatus = "awaiting_payment" | "confirming" | "credited" | "expired";
export type DepositRow = { id: string; reference: string; status: string; flags: string[]; amount: string; received: string; credited_amount: string; credit_currency: string; address: string; created_at: string; account_id?: string };

export function depositBadge(status: string) {
  return <StatusBadge status={status === "credited" ? "succeeded" : status === "expired" ? "disabled" : "pending"} label={DEPOSIT_STATUS_LABEL[status] ?? status} />;
}

export function FlagPills({ flags }: { flags: string[] }) {
  if (!flags.length) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {flags.map((f) => (
        <span key={f} className="whitespace-nowrap rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
          {FLAG_LABEL[f] ?? f}
        </span>
      ))}
    </span>
  );
}

export const DEPOSIT_COLUMNS: Column<DepositRow>[] = [
  { key: "created", header: "Created", cell: (d) => formatDateTime(d.created_at), mobile: "title" },
  { key: "status", header: "Status", cell: (d) => depositBadge(d.status) },
  { key: "amount", header: "Expected", cell: (d) => `${d.amount} USDT`, align: "right" },
  { key: "received", header: "Received", cell: (d) => `${d.received} USDT`, align: "right" },
  { key: "credited", header: "Credited", cell: (d) => `${d.credited_amount} ${d.credit_currency}`, align: "right" },
  { key: "flags", header: "Flags", cell: (d) => <FlagPills flags={d.flags} /> },
  { key: "ref", header: "Order", cell: (d) => <span className="font-mono text-xs">{d.reference}</span>, hideOnMobile: true },
];

/** The account's own deposits, newest first; a row opens its top-up page. */
/** The deposits' status filter, shared by the merchant's, the retailer's and the admin's lists. */
export function DepositStatusSelect({ value, onChange }: { value: DepositStatus | ""; onChange: (value: DepositStatus | "") => void }) {
  return (
    <Select aria-label="Filter by status" value={value} onChange={(e) => onChange(e.target.value as DepositStatus | "")}>
      <option value="">All statuses</option>
      {Object.entries(DEPOSIT_STATUS_LABEL).map(([v, l]) => (
        <option key={v} value={v}>{l}</option>
      ))}
    </Select>
  );
}

export function DepositList({ base }: { base: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<DepositStatus | "">("");
  const pages = useCursorPages();
  const list = useQuery({ ...trpc.deposits.list.queryOptions({ cursor: pages.cursor, status: status || undefined }), placeholderData: keepPreviousData, refetchInterval: 5000 });
  const columns: Column<DepositRow>[] = [
    ...DEPOSIT_COLUMNS,
    { key: "open", header: <span className="sr-only">Open</span>, cell: (d) => <a className="text-brand-700 underline" href={`${base}?id=${d.id}`}>Open</a>, mobile: "actions" },
  ];
  return (
    <Card
      title="Your deposits"
      bodyClassName="p-0"
      actions={
        <DepositStatusSelect value={status} onChange={(v) => { setStatus(v); pages.reset(); }} />
      }
    >
      <DataTable caption="Your deposits" columns={columns} rows={list.data?.data} rowKey={(d) => d.id} loading={list.isPending} error={list.isError ? errorMessage(list.error) : null} empty="No top-ups yet." rowTestId={(d) => `deposit-row-${d.reference}`} />
      <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={list.isFetching} />
    </Card>
  );
}
