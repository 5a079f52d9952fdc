"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";
import { Skeleton } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage } from "@/components/ui/errors";
import { formatDateTime, formatTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";

const INTERNAL: Record<string, string> = { held: "pending", submitting: "pending", received: "pending" };

const OPERATION: Record<string, string> = { submit: "Sent to the operator", status: "Status check" };
const OUTCOME: Record<string, string> = { succeeded: "succeeded", pending: "accepted, pending", unknown: "no definite answer", not_found: "no record yet", reversed: "reversed" };
const outcomeText = (o: string) => (o.startsWith("failed") ? "failed" : (OUTCOME[o] ?? o));

/** The order's own steps, said from the balance's side. */
const MONEY_LABEL: Record<string, string> = {
  recharge: "Charged",
  recharge_returned: "Returned: the recharge failed",
  commission: "Commission earned",
  cashback: "Cashback",
  refund: "Refunded",
  reversal: "Returned: the operator reversed it",
  commission_taken_back: "Commission taken back",
  cashback_taken_back: "Cashback taken back",
};


/** One transaction: its fields, the timeline of its events and the calls made to providers for it. */
export function TransactionDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.merchant.transaction.queryOptions({ id: id ?? "" }, { enabled: Boolean(id), refetchInterval: (q) => (q.state.data?.recharge.status === "pending" ? 2000 : false) }));
  const d = detail.data;
  return (
    <Dialog open={Boolean(id)} onClose={onClose} variant="drawer" title="Transaction" description={d ? <span className="break-all">{d.recharge.reference}</span> : undefined}>
      {detail.isPending ? (
        <div className="space-y-3">
          <Skeleton className="h-6 w-1/2" />
          <Skeleton className="h-32 w-full" />
        </div>
      ) : detail.isError ? (
        <p role="alert" className="text-red-700">
          {errorMessage(detail.error)}
        </p>
      ) : d ? (
        <div className="space-y-6" data-testid="transaction-detail">
          <div className="flex items-center justify-between gap-3">
            <p className="text-2xl font-semibold tabular-nums">
              {d.recharge.amount} <span className="text-base font-normal text-slate-500">{d.recharge.currency}</span>
            </p>
            <StatusBadge status={d.recharge.status} />
          </div>
          {d.recharge.failure_reason && <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{d.recharge.failure_reason}</p>}
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            {(
              [
                ["ID", <span className="break-all font-mono text-xs">{d.recharge.id}</span>],
                ["Service", d.recharge.service],
                ["Operator", d.recharge.operator],
                [d.recharge.service === "mobile" ? "Phone" : "Account", <span className="tabular-nums">{d.recharge.phone ?? d.recharge.account}</span>],
                ["Commission earned", `${d.commission_earned} ${d.recharge.currency}`],
                ["Operator txn", d.recharge.operator_transaction_id ?? "—"],
                ["Created", formatDateTime(d.recharge.created_at)],
                ["Completed", formatDateTime(d.recharge.completed_at)],
              ] as Array<[string, React.ReactNode]>
            ).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>

          <section aria-labelledby="money-h">
            <h3 id="money-h" className="mb-2 font-semibold">
              Money
            </h3>
            {d.money.length === 0 ? (
              <p className="text-sm text-slate-500">Nothing was charged for this order.</p>
            ) : (
              <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm" data-testid="money">
                {d.money.map((m) => (
                  <li key={m.id} className="flex items-baseline justify-between gap-3 px-3 py-2" data-testid="money-row">
                    <span>
                      {MONEY_LABEL[m.type] ?? m.description}
                      <span className="block text-xs text-slate-500">{formatTime(m.at)}</span>
                    </span>
                    <span className="text-right tabular-nums">
                      <span className={`font-medium ${m.amount.startsWith("-") ? "text-red-700" : "text-emerald-700"}`}>{m.amount.startsWith("-") ? `−${m.amount.slice(1)}` : `+${m.amount}`}</span>
                      <span className="block text-xs text-slate-500">balance {m.balance_after}</span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="timeline-h">
            <h3 id="timeline-h" className="mb-2 font-semibold">
              Timeline
            </h3>
            <ol className="relative space-y-3 border-l border-slate-200 pl-4" data-testid="timeline">
              {d.timeline.map((e, i) => (
                <li key={`${e.at}-${i}`} className="relative">
                  <span className="absolute -left-[21px] top-1.5 h-2.5 w-2.5 rounded-full border-2 border-white bg-brand-500" aria-hidden="true" />
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <StatusBadge status={INTERNAL[e.status] ?? e.status} label={e.status} />
                    <span className="text-xs text-slate-500">{formatTime(e.at)}</span>
                  </div>
                  {e.note && <p className="mt-0.5 text-sm text-slate-700">{e.note}</p>}
                </li>
              ))}
            </ol>
          </section>

          <section aria-labelledby="calls-h">
            <h3 id="calls-h" className="mb-2 font-semibold">
              Attempts
            </h3>
            {d.provider_calls.length === 0 ? (
              <p className="text-sm text-slate-500">No attempt was made for this order.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-sm" data-testid="provider-calls">
                  <caption className="sr-only">Attempts to perform the order</caption>
                  <thead>
                    <tr className="border-b border-slate-200 text-left text-xs uppercase text-slate-500">
                      <th scope="col" className="py-1.5 pr-3 font-medium">Time</th>
                      <th scope="col" className="py-1.5 pr-3 font-medium">Call</th>
                      <th scope="col" className="py-1.5 pr-3 font-medium">Outcome</th>
                      <th scope="col" className="py-1.5 text-right font-medium">Latency</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {d.provider_calls.map((c) => (
                      <tr key={c.id}>
                        <td className="py-1.5 pr-3 whitespace-nowrap">{formatTime(c.at)}</td>
                        <td className="py-1.5 pr-3">
                          {OPERATION[c.operation] ?? c.operation}
                          {c.attempt > 1 ? ` (try ${c.attempt})` : ""}
                        </td>
                        <td className="py-1.5 pr-3">{outcomeText(c.outcome)}</td>
                        <td className="py-1.5 text-right tabular-nums">{c.latency_ms} ms</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      ) : null}
    </Dialog>
  );
}
