"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader, Skeleton } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { Field, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { ReasonDialog } from "./reason-dialog";
import { useAdminRefresh } from "./util";

const KIND_LABEL: Record<string, string> = { not_received: "Not received", wrong_number: "Wrong number", wrong_amount: "Wrong amount", other: "Other" };

/** The exact amount a refund puts back, and why it is less than the face amount when it is. */
function refundSentence(c: { account_name?: string; recharge: { currency: string } | null; refund?: { amount: string; commission: string; cashback: string; net: string } }) {
  const who = c.account_name ?? "the account";
  if (!c.refund || !c.recharge) return `The amount goes back to ${who}'s wallet.`;
  const cur = c.recharge.currency;
  const kept = [Number(c.refund.commission) > 0 ? `the ${c.refund.commission} commission` : null, Number(c.refund.cashback) > 0 ? `the ${c.refund.cashback} cashback` : null].filter(Boolean);
  return `${c.refund.net} ${cur} goes back to ${who}'s wallet${kept.length ? `: the ${c.refund.amount} paid, less ${kept.join(" and ")} earned on it, which are taken back` : ""}.`;
}

export function ComplaintsPage() {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const [status, setStatus] = useState<"open" | "refunded" | "rejected" | "">("open");
  const pages = useCursorPages();
  const list = useQuery(trpc.admin.complaints.list.queryOptions({ status: status || undefined, cursor: pages.cursor, limit: 20 }, { placeholderData: (prev) => prev }));
  const [acting, setActing] = useState<null | { id: string; outcome: "refund" | "reject"; summary: string }>(null);
  const resolve = useMutation(
    trpc.admin.complaints.resolve.mutationOptions({
      onSuccess: (c) => {
        toast.success(c.status === "refunded" ? "Complaint refunded" : "Complaint rejected", c.recharge ? `${c.recharge.reference} · ${c.recharge.amount} ${c.recharge.currency}` : undefined);
        void refresh();
        setActing(null);
      },
      onError: (error) => toast.error("Could not resolve the complaint", errorMessage(error)),
    }),
  );
  return (
    <div className="space-y-6">
      <PageHeader title="Complaints" description="Disputed recharges. Refund the amount or reject with a note the account will read." />
      <Card bodyClassName="p-0">
        <div className="border-b border-slate-100 p-4 sm:max-w-xs">
          <Field id="c-status" label="Show">
            <Select id="c-status" value={status} onChange={(e) => { setStatus(e.target.value as typeof status); pages.reset(); }}>
              <option value="open">Open</option>
              <option value="refunded">Refunded</option>
              <option value="rejected">Rejected</option>
              <option value="">All</option>
            </Select>
          </Field>
        </div>
        {list.isPending ? (
          <div className="space-y-3 p-4"><Skeleton className="h-16 w-full" /><Skeleton className="h-16 w-full" /></div>
        ) : list.isError ? (
          <p role="alert" className="p-6 text-center text-red-700">{errorMessage(list.error)}</p>
        ) : list.data.data.length === 0 ? (
          <div className="p-4"><EmptyState title={status === "open" ? "No open complaints" : "No complaints here"}>{status === "open" ? "The queue is empty." : null}</EmptyState></div>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Complaints">
            {list.data.data.map((c) => (
              <li key={c.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between" data-testid="complaint-row">
                <div className="min-w-0 space-y-1 text-sm">
                  <p className="flex flex-wrap items-center gap-2">
                    <StatusBadge status={c.status} />
                    <span className="font-medium">{KIND_LABEL[c.kind] ?? c.kind}</span>
                    <span className="text-slate-500">· {c.account_name ?? c.account_id} · {formatDateTime(c.created_at)}</span>
                  </p>
                  <p className="break-words text-slate-800">“{c.message}”</p>
                  {c.recharge && (
                    <p className="text-slate-600">
                      <Link href={`/admin/recharges/${c.recharge_id}`} className="font-medium text-brand-700 hover:underline">{c.recharge.reference}</Link> · {c.recharge.operator} {c.recharge.target} · {c.recharge.amount} {c.recharge.currency} · <StatusBadge status={c.recharge.status} />
                    </p>
                  )}
                  {c.resolution_note && <p className="text-slate-500">Note: {c.resolution_note}</p>}
                </div>
                {c.status === "open" && (
                  <div className="flex shrink-0 gap-2">
                    <Button variant="danger" size="sm" onClick={() => setActing({ id: c.id, outcome: "refund", summary: refundSentence(c) })}>Refund</Button>
                    <Button variant="secondary" size="sm" onClick={() => setActing({ id: c.id, outcome: "reject", summary: "" })}>Reject</Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={list.isFetching} />
      </Card>
      <ReasonDialog
        open={acting !== null}
        onClose={() => setActing(null)}
        title={acting?.outcome === "refund" ? "Refund this recharge?" : "Reject this complaint?"}
        description={acting?.outcome === "refund" ? `${acting.summary} This cannot be undone.` : "The recharge stays as it is."}
        confirmLabel={acting?.outcome === "refund" ? "Refund" : "Reject"}
        tone={acting?.outcome === "refund" ? "danger" : "primary"}
        reasonLabel="Note to the account"
        reasonHint="The account reads this; it is also kept in the audit log."
        pending={resolve.isPending}
        onConfirm={(note) => acting && resolve.mutate({ id: acting.id, outcome: acting.outcome, note })}
      />
    </div>
  );
}
