"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc";
import { Button, buttonClass } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { costOf, orderTitle } from "./status-card";

// On paper only the receipt shows: the app's header, navigation and buttons are left out.
const PRINT_CSS = `
@media print {
  @page { margin: 12mm; }
  body { background: #fff !important; }
  body header, body nav, [data-print="hide"] { display: none !important; }
  body main { padding: 0 !important; max-width: none !important; }
  [data-print="receipt"] { box-shadow: none !important; border: 1px solid #999 !important; max-width: 80mm !important; margin: 0 auto !important; }
}`;


export function Receipt({ id }: { id: string }) {
  const trpc = useTRPC();
  const receipt = useQuery(trpc.retail.receipt.queryOptions({ id }, { refetchInterval: (q) => (q.state.data?.recharge.status === "pending" ? 2000 : false) }));

  if (receipt.isPending) return <Skeleton className="mx-auto h-96 w-full max-w-sm" />;
  if (receipt.isError) {
    return (
      <div role="alert" className="mx-auto max-w-sm rounded-xl border border-red-200 bg-red-50 p-5 text-red-800">
        {errorMessage(receipt.error)}
      </div>
    );
  }
  const { recharge: r, shop, operator_name, plan } = receipt.data;
  const rows: Array<[string, React.ReactNode]> = [
    [r.service === "mobile" ? "Mobile number" : "Account", <span className="tabular-nums">{r.phone ?? r.account}</span>],
    ["Operator", operator_name],
  ];
  if (plan) rows.push(["Pack", <span data-testid="receipt-pack">{plan.description}, {plan.validity}</span>]);
  rows.push(

    ["Date", formatDateTime(r.created_at)],
    ["Reference", <span className="break-all">{r.reference}</span>],
    ["Receipt no.", <span className="break-all font-mono text-xs">{r.id}</span>],
  );
  if (r.operator_transaction_id) rows.push(["Operator txn", <span className="font-mono">{r.operator_transaction_id}</span>]);
  if (r.completed_at) rows.push(["Completed", formatDateTime(r.completed_at)]);
  // The shop's side of the sale: on paper only when asked for (the customer keeps the receipt).
  const shopRows: Array<[string, React.ReactNode]> =
    r.status === "succeeded"
      ? [
          ["Commission", <span className="tabular-nums" data-testid="receipt-commission">{r.commission} {r.currency}</span>],
          ["Your cost", <span className="tabular-nums" data-testid="receipt-cost">{costOf(r)} {r.currency}</span>],
        ]
      : [];

  return (
    <div className="space-y-4">
      <style>{PRINT_CSS}</style>
      <article data-print="receipt" aria-label="Receipt" className="mx-auto max-w-sm rounded-xl border border-slate-200 bg-white p-6 font-mono text-sm shadow-sm">
        <div className="border-b border-dashed border-slate-300 pb-3 text-center">
          <p className="font-sans text-lg font-bold text-brand-700">Refill</p>
          <p className="font-sans font-semibold">{shop.name}</p>
          <p className="text-xs text-slate-500">{shop.email}</p>
        </div>
        <div className="py-4 text-center">
          <p className="font-sans text-base font-semibold" data-testid="receipt-title">
            {orderTitle(r)}
          </p>
          <p className="mt-1 font-sans text-3xl font-bold tabular-nums">
            {r.amount} <span className="text-base font-normal">{r.currency}</span>
          </p>
          <div className="mt-2" data-print="hide">
            <StatusBadge status={r.status} />
          </div>
        </div>
        <dl className="space-y-1.5 border-t border-dashed border-slate-300 pt-3">
          {rows.map(([label, value]) => (
            <div key={label} className="flex justify-between gap-4">
              <dt className="text-slate-500">{label}</dt>
              <dd className="text-right">{value}</dd>
            </div>
          ))}
        </dl>
        {shopRows.length > 0 && (
          <dl data-print="hide" aria-label="For the shop" className="mt-3 space-y-1.5 rounded-md bg-slate-50 p-2">
            {shopRows.map(([label, value]) => (
              <div key={label} className="flex justify-between gap-4">
                <dt className="text-slate-500">{label}</dt>
                <dd className="text-right">{value}</dd>
              </div>
            ))}
          </dl>
        )}
        {r.failure_reason && <p className="mt-3 border-t border-dashed border-slate-300 pt-3 font-sans text-slate-700">{r.failure_reason}</p>}
        <p className="mt-4 border-t border-dashed border-slate-300 pt-3 text-center text-xs text-slate-500">Thank you. Keep this receipt for any query.</p>
      </article>
      <div data-print="hide" className="mx-auto flex max-w-sm flex-wrap justify-center gap-2">
        <Button onClick={() => window.print()}>Print receipt</Button>
        <Link href="/retail" className={buttonClass("secondary")}>
          New recharge
        </Link>
        <Link href="/retail/history" className={buttonClass("ghost")}>
          History
        </Link>
      </div>
    </div>
  );
}
