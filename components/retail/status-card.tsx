"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/components/trpc";
import { buttonClass, Spinner } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { formatAmount, parseAmount } from "@/server/lib/money";
import type { RechargeObject } from "@/server/recharge/view";

/** What the order cost the shop: the amount less the commission earned on it (exact, in minor units). */
export function costOf(r: Pick<RechargeObject, "amount" | "commission" | "currency">) {
  return formatAmount((parseAmount(r.amount, r.currency) ?? 0n) - (parseAmount(r.commission, r.currency) ?? 0n), r.currency);
}

const FINAL = new Set(["succeeded", "failed", "refunded", "reversed"]);

const TITLES = {
  recharge: { succeeded: "Recharge successful", pending: "Recharge in progress…", failed: "Recharge failed", refunded: "Recharge refunded", reversed: "Recharge reversed" },
  bill: { succeeded: "Bill paid", pending: "Payment in progress…", failed: "Payment failed", refunded: "Payment refunded", reversed: "Payment reversed" },
} as const;

/** An order's state in words: a utility bill is paid, a phone or a DTH subscription recharged. */
export function orderTitle(r: Pick<RechargeObject, "service" | "status">): string {
  const titles: Record<string, string> = r.service === "bill" ? TITLES.bill : TITLES.recharge;
  return titles[r.status] ?? titles.pending;
}

/**
 * The live state of one order: polls until it is final, then shows the operator's transaction id
 * (or the friendly reason it failed) and the next steps.
 */
export function StatusCard({ id, onNew, onComplain }: { id: string; onNew: () => void; onComplain?: (recharge: RechargeObject) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(
    trpc.retail.recharge.queryOptions(
      { id },
      { refetchInterval: (q) => (q.state.data && FINAL.has(q.state.data.status) ? false : 1500), refetchIntervalInBackground: true },
    ),
  );
  const r = query.data;
  const final = r ? FINAL.has(r.status) : false;
  const announced = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!r || !final || announced.current) return;
    announced.current = true;
    void queryClient.invalidateQueries({ queryKey: trpc.me.balance.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.retail.history.pathKey() });
    if (r.status === "succeeded") toast.success(orderTitle(r), `${r.amount} ${r.currency} to ${r.phone ?? r.account}`);
    else toast.error(orderTitle(r), r.failure_reason ?? undefined);
    heading.current?.focus();
  }, [r, final, queryClient, trpc]);

  if (query.isError) {
    return (
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-5 text-red-800">
        Could not load the recharge status. It continues in the background; check History in a moment.
      </div>
    );
  }

  const tone = !r || !final ? "border-amber-200 bg-amber-50" : r.status === "succeeded" ? "border-brand-500/40 bg-brand-50" : "border-red-200 bg-red-50";
  return (
    <section aria-labelledby="status-heading" data-testid="status-card" className={`rounded-xl border p-5 ${tone}`}>
      <div className="flex items-start justify-between gap-3">
        <div>
          <h2 id="status-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold focus:outline-none" aria-live="polite">
            {!r ? "Sending…" : orderTitle(r)}
          </h2>
          {r && (
            <p className="mt-1 text-2xl font-semibold tabular-nums">
              {r.amount} <span className="text-base font-normal text-slate-600">{r.currency}</span>
            </p>
          )}
        </div>
        {r ? <StatusBadge status={r.status} /> : <Spinner className="h-5 w-5 text-amber-600" />}
      </div>

      {r && (
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">{r.service === "mobile" ? "Number" : "Account"}</dt>
          <dd className="font-medium tabular-nums">{r.phone ?? r.account}</dd>
          <dt className="text-slate-500">Operator</dt>
          <dd>{r.operator}</dd>
          {r.status === "succeeded" && (
            <>
              <dt className="text-slate-500">Your commission</dt>
              <dd className="tabular-nums" data-testid="status-commission">
                {r.commission} {r.currency} (your cost {costOf(r)} {r.currency})
              </dd>
            </>
          )}
          <dt className="text-slate-500">Reference</dt>
          <dd className="break-all">{r.reference}</dd>
          <dt className="text-slate-500">Time</dt>
          <dd>{formatDateTime(r.created_at)}</dd>
          {r.operator_transaction_id && (
            <>
              <dt className="text-slate-500">Operator transaction</dt>
              <dd className="font-mono" data-testid="operator-txn">{r.operator_transaction_id}</dd>
            </>
          )}
        </dl>
      )}

      {r && !final && (
        <p className="mt-4 flex items-center gap-2 text-sm text-amber-800">
          <Spinner /> Waiting for the operator. You can start another recharge; this one continues in the background.
        </p>
      )}
      {r?.failure_reason && (
        <p role="alert" className="mt-4 rounded-lg bg-white/70 px-3 py-2 text-sm font-medium text-red-800" data-testid="failure-reason">
          {r.failure_reason}
        </p>
      )}

      <div className="mt-5 flex flex-wrap gap-2">
        <button type="button" onClick={onNew} className={buttonClass(final ? "primary" : "secondary")}>
          {r?.service === "bill" ? "New payment" : "New recharge"}
        </button>
        {r && final && (
          <Link href={`/retail/receipt/${r.id}`} className={buttonClass("secondary")}>
            Receipt
          </Link>
        )}
        {r?.status === "succeeded" && onComplain && (
          <button type="button" onClick={() => onComplain(r)} className={buttonClass("ghost")}>
            Not received?
          </button>
        )}
      </div>
    </section>
  );
}
