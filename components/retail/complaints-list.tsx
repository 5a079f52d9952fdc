"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Card } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage } from "@/components/ui/errors";
import { Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { COMPLAINT_KIND_LABEL } from "./complaint-dialog";

type Status = "open" | "refunded" | "rejected";

/** The account's complaints and what the support team answered. */
export function ComplaintsList() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | "">("");
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(() => reset(), [status, reset]);
  const list = useQuery(trpc.retail.complaints.mine.queryOptions({ status: status || undefined, cursor: pages.cursor, limit: 20 }, { placeholderData: keepPreviousData }));

  type Row = NonNullable<typeof list.data>["data"][number];
  const columns: Column<Row>[] = [
    { key: "when", header: "Raised", cell: (c) => <span className="whitespace-nowrap">{formatDateTime(c.created_at)}</span> },
    {
      key: "recharge",
      header: "Recharge",
      mobile: "title",
      cell: (c) => (
        <div>
          <span className="font-medium tabular-nums">{c.recharge?.target}</span>
          <span className="block text-xs text-slate-500">
            {c.recharge?.operator} · {c.recharge?.amount} {c.recharge?.currency}
          </span>
        </div>
      ),
    },
    {
      key: "problem",
      header: "Problem",
      cell: (c) => (
        <div className="max-w-sm">
          <span className="text-sm">{COMPLAINT_KIND_LABEL[c.kind] ?? c.kind}</span>
          <p className="mt-0.5 text-xs text-slate-500">{c.message}</p>
        </div>
      ),
    },
    {
      key: "status",
      header: "Outcome",
      cell: (c) => (
        <div className="max-w-sm">
          <StatusBadge status={c.status} label={c.status === "open" ? "Being checked" : undefined} />
          {c.resolution_note && <p className="mt-1 text-xs text-slate-700">{c.resolution_note}</p>}
        </div>
      ),
    },
  ];

  return (
    <Card
      bodyClassName="p-0"
      title="Your complaints"
      description="Raise one from History on a recharge that succeeded but did not reach the customer."
      actions={
        <div>
          <label htmlFor="c-status" className="sr-only">
            Status
          </label>
          <Select id="c-status" value={status} onChange={(e) => setStatus(e.target.value as Status | "")}>
            <option value="">All</option>
            <option value="open">Open</option>
            <option value="refunded">Refunded</option>
            <option value="rejected">Rejected</option>
          </Select>
        </div>
      }
    >
      <DataTable
        caption="Complaints"
        columns={columns}
        rows={list.data?.data}
        rowKey={(c) => c.id}
        rowTestId={(c) => `complaint-${c.recharge_id}`}
        loading={list.isPending}
        error={list.isError ? errorMessage(list.error) : null}
        empty="No complaints. If a customer says a recharge did not arrive, report it from History."
      />
      <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={list.isFetching} />
    </Card>
  );
}
