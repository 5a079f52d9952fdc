"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, Skeleton } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { errorMessage } from "@/components/ui/errors";
import { Field, fieldAria, Input } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { DEPOSIT_STATUS_LABEL, explainFlags } from "./explain";

const OPEN = new Set(["awaiting_payment", "confirming"]);

function useCountdown(until: string | undefined) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!until) return null;
  const left = Math.max(0, Math.floor((new Date(until).getTime() - now) / 1000));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
}

/** Amount → address with QR, copy and countdown → live status → credited (with under/over/late explained). */
export function TopUp({ initialId }: { initialId?: string }) {
  const [depositId, setDepositId] = useState<string | null>(initialId ?? null);
  return depositId ? <DepositStatus id={depositId} onAnother={() => setDepositId(null)} /> : <AmountForm onCreated={setDepositId} />;
}

function AmountForm({ onCreated }: { onCreated: (id: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const quote = useQuery(trpc.deposits.quote.queryOptions());
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(
    trpc.deposits.create.mutationOptions({
      onSuccess: (r) => {
        void queryClient.invalidateQueries({ queryKey: trpc.deposits.list.pathKey() });
        onCreated(r.id);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  const valid = /^\d{1,7}(\.\d{1,4})?$/.test(amount.trim()) && Number(amount) > 0;
  const estimate = valid && quote.data?.rate ? (Number(amount) * Number(quote.data.rate)).toFixed(2) : null;
  return (
    <Card title="Top up with USDT (TRC20)" description="We give you a fresh TRON address for this top-up. Whatever arrives there is credited to your wallet once the network confirms it.">
      {quote.isPending ? (
        <Skeleton className="h-10 w-full" />
      ) : quote.data && !quote.data.available ? (
        <p role="alert" className="text-sm text-red-700">
          USDT top-ups are not available for {quote.data.currency} wallets right now. Please contact support.
        </p>
      ) : (
        <form
          className="flex flex-col gap-4 sm:max-w-md"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            if (!valid) return setError("Enter a positive USDT amount with at most 4 decimals.");
            create.mutate({ amount: amount.trim() });
          }}
        >
          <Field id="topup-amount" label="Amount (USDT)" error={error} hint={quote.data?.rate ? `Rate now: 1 USDT = ${quote.data.rate} ${quote.data.currency}${estimate ? ` · about ${estimate} ${quote.data.currency}` : ""}` : "Credited to your USDT wallet 1:1."}>
            <Input inputMode="decimal" autoComplete="off" placeholder="25.00" value={amount} onChange={(e) => { setAmount(e.target.value); setError(null); }} {...fieldAria("topup-amount", { error, hint: true })} />
          </Field>
          <Button type="submit" loading={create.isPending} className="sm:self-start">
            Get deposit address
          </Button>
        </form>
      )}
    </Card>
  );
}

function DepositStatus({ id, onAnother }: { id: string; onAnother: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.deposits.get.queryOptions({ id }, { refetchInterval: (q) => (q.state.data && !OPEN.has(q.state.data.status) ? false : 2000), refetchIntervalInBackground: true }));
  const d = query.data;
  const countdown = useCountdown(d?.expires_at);
  useEffect(() => {
    if (d?.status === "credited") {
      void queryClient.invalidateQueries({ queryKey: trpc.deposits.list.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.me.pathKey() });
    }
  }, [d?.status, queryClient, trpc]);
  if (query.isError) return <Card title="Top up">{errorMessage(query.error)}</Card>;
  if (!d) return <Card title="Top up"><Skeleton className="h-48 w-full" /></Card>;
  const transfer = d.transfers.find((t) => t.status !== "dropped");
  const notes = explainFlags(d);
  return (
    <Card
      title={`Top up ${d.amount} USDT`}
      description={<span>Order {d.reference} · created {formatDateTime(d.created_at)}</span>}
      actions={<StatusBadge status={d.status === "credited" ? "succeeded" : d.status === "expired" ? "disabled" : "pending"} label={DEPOSIT_STATUS_LABEL[d.status]} />}
    >
      <div data-testid="deposit-status" data-status={d.status} className="flex flex-col gap-5 sm:flex-row">
        {d.qr_svg && (
          <div className="mx-auto w-44 shrink-0 rounded-lg border border-slate-200 p-2 sm:mx-0 sm:w-52" aria-label="QR code of the deposit address" role="img" dangerouslySetInnerHTML={{ __html: d.qr_svg }} />
        )}
        <div className="min-w-0 flex-1 space-y-4">
          {OPEN.has(d.status) && (
            <div>
              <p className="text-sm text-slate-500">Send exactly <strong className="text-slate-900">{d.amount} USDT</strong> on the <strong className="text-slate-900">TRON (TRC20)</strong> network to:</p>
              <div className="mt-2 flex flex-wrap items-center gap-2">
                <code data-testid="deposit-address" className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm text-slate-900">{d.address}</code>
                <CopyButton value={d.address} what="Address" />
              </div>
              <p className="mt-2 text-xs text-slate-500">Only USDT on TRON. Other tokens or networks sent here cannot be credited automatically.</p>
            </div>
          )}
          {d.status === "awaiting_payment" && (
            <p className="text-sm text-slate-700">
              Waiting for your payment · expires in <strong data-testid="deposit-countdown" className="tabular-nums">{countdown}</strong>. A payment that arrives later is still credited.
            </p>
          )}
          {d.status === "confirming" && transfer && (
            <div>
              <p className="text-sm text-slate-700">
                {transfer.amount} USDT seen on the network · {Math.min(transfer.confirmations, d.confirmations_required)} of {d.confirmations_required} confirmations
              </p>
              <div className="mt-2 h-2 w-full overflow-hidden rounded bg-slate-100" aria-hidden="true">
                <div className="h-full bg-brand-600 transition-all" style={{ width: `${Math.min(100, (transfer.confirmations / d.confirmations_required) * 100)}%` }} />
              </div>
            </div>
          )}
          {d.status === "credited" && (
            <div className="space-y-2">
              <p className="text-lg font-semibold text-brand-700" data-testid="deposit-credited">
                {d.credited_amount} {d.credit_currency} credited to your wallet
              </p>
              <p className="text-sm text-slate-600">
                Received {d.received} USDT{d.transfers[0]?.rate ? ` at 1 USDT = ${d.transfers.at(-1)?.rate} ${d.credit_currency}` : ""} · {formatDateTime(d.credited_at)}
              </p>
            </div>
          )}
          {d.status === "expired" && <p className="text-sm text-slate-700">This order expired without a payment. If you still send USDT to this address it will be credited, as late.</p>}
          {notes.length > 0 && (
            <ul data-testid="deposit-flags" className="space-y-1 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
              {notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {!OPEN.has(d.status) && (
            <Button variant="secondary" onClick={onAnother}>
              New top-up
            </Button>
          )}
          {OPEN.has(d.status) && <p className="text-xs text-slate-500">You can leave this page: the top-up carries on and is listed under Your deposits.</p>}
        </div>
      </div>
    </Card>
  );
}
