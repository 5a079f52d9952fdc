"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, Skeleton } from "@/components/ui/card";
import { errorCode, errorMessage, fieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { clientToken } from "@/components/ui/ids";
import { toast } from "@/components/ui/toast";
import { asciiDigits } from "@/server/lib/digits";
import { amountProblem } from "./amount-check";
import { PlanBrowser } from "./plan-browser";
import { StatusCard } from "./status-card";
import { useOrderInUrl } from "./use-order-in-url";

type Service = "dth" | "bill";
const SERVICE_LABEL: Record<Service, string> = { dth: "DTH / TV", bill: "Utility bills" };

/**
 * Choose a biller → account number → fetch the bill → pay it (DTH: a pack or an amount). The payment
 * on screen is in the URL (?order=rch_…), as in the mobile flow: Refresh, Back and Forward keep it.
 */
export function BillPay() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [service, setService] = useState<Service>("dth");
  const [biller, setBiller] = useState("");
  const [account, setAccount] = useState("");
  const [lookup, setLookup] = useState<{ biller: string; account: string } | null>(null);
  const [amount, setAmount] = useState("");
  const [planId, setPlanId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [reviewing, setReviewing] = useState(false);
  const { order: rechargeId, show: showOrder, clear: clearOrder } = useOrderInUrl();
  const [payAgain, setPayAgain] = useState(false);
  const reference = useRef<string | null>(null);

  const operators = useQuery(trpc.retail.operators.queryOptions({ service }, { staleTime: 10 * 60_000 }));
  const billerInfo = operators.data?.operators.find((o) => o.code === biller);
  const currency = operators.data?.currency ?? "";
  const bill = useQuery(trpc.retail.bill.queryOptions(lookup ?? { biller: "", account: "" }, { enabled: Boolean(lookup), retry: false, staleTime: 0 }));

  const create = useMutation(
    trpc.retail.create.mutationOptions({
      onSuccess: (result) => {
        reference.current = null;
        setReviewing(false);
        showOrder(result.recharge.id);
        void queryClient.invalidateQueries({ queryKey: trpc.me.balance.queryKey() });
        // The bill just paid must not be offered as due from the cache.
        void queryClient.invalidateQueries({ queryKey: trpc.retail.bill.pathKey() });
      },
      onError: (error) => {
        const fields = fieldErrors(error);
        const code = errorCode(error);
        if (!code && Object.keys(fields).length === 0) {
          // No answer (connection lost): keep the reference so paying again cannot pay twice.
          toast.error("Not sure the payment went through", "Check the connection, then press Pay again: it will not be paid twice.");
          return;
        }
        reference.current = null;
        setReviewing(false);
        if (code === "invalid_amount" || code === "insufficient_balance" || code === "duplicate_recharge") fields.amount = errorMessage(error);
        const shown = Object.fromEntries(Object.entries(fields).filter(([k]) => ["biller", "account", "amount"].includes(k)));
        // Whatever has no field of its own (a suspended account, no provider) is said on top of the form.
        // Said once, where it belongs: no toast repeating the same sentence.
        setErrors(Object.keys(shown).length ? shown : { form: errorMessage(error) });
      },
    }),
  );

  function switchService(next: Service) {
    setService(next);
    reset();
  }

  function reset() {
    setBiller("");
    setAccount("");
    setLookup(null);
    setAmount("");
    setPlanId(null);
    setErrors({});
    setReviewing(false);
    setPayAgain(false);
    reference.current = null;
  }

  function fetchBill(e: React.FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    const value = account.replace(/\s+/g, "");
    if (!biller) next.biller = "Choose who to pay.";
    if (!value) next.account = `Enter the ${billerInfo?.account_label ?? "account number"}.`;
    else if (billerInfo?.account_pattern && !new RegExp(billerInfo.account_pattern).test(value)) next.account = `This is not a valid ${billerInfo.account_label ?? "account number"} for ${billerInfo.name}.`;
    setErrors(next);
    if (Object.keys(next).length) return;
    setAmount("");
    setPlanId(null);
    setPayAgain(false);
    setLookup({ biller, account: value });
  }

  const fetched = bill.data && lookup ? bill.data : null;
  // Before Pay: what it costs the shop, and whether the balance covers it.
  const quote = useQuery(trpc.retail.quote.queryOptions({ operator: biller, amount: amount.trim() }, { enabled: reviewing && Boolean(biller) && Boolean(amount.trim()), staleTime: 0 }));
  // A fetched bill pre-fills what is due; DTH packs are chosen instead.
  useEffect(() => {
    if (service === "bill" && bill.data && !bill.data.paid && !amountProblem(bill.data.amountDue, billerInfo, currency)) setAmount(bill.data.amountDue);
  }, [bill.data, service, billerInfo, currency]);

  function input() {
    return { reference: reference.current ?? "WEB-PENDING", service, biller, account: lookup?.account ?? account, amount: amount.trim(), account_type: service === "bill" ? ("postpaid" as const) : ("prepaid" as const) };
  }

  function review() {
    const next: Record<string, string> = {};
    const problem = amountProblem(amount.trim(), billerInfo, currency, service === "dth" ? "Choose a pack or enter an amount." : "Enter the amount to pay.");
    if (problem) next.amount = problem;
    setErrors(next);
    if (Object.keys(next).length) return;
    reference.current = clientToken("WEB");
    setReviewing(true);
  }

  if (rechargeId)
    return (
      <StatusCard
        id={rechargeId}
        onNew={() => {
          reset();
          clearOrder();
        }}
      />
    );

  return (
    <div className="space-y-6">
      <div role="radiogroup" aria-label="What to pay" className="inline-flex rounded-lg border border-slate-300 bg-white p-1">
        {(Object.keys(SERVICE_LABEL) as Service[]).map((s) => (
          <button
            key={s}
            type="button"
            role="radio"
            aria-checked={service === s}
            onClick={() => switchService(s)}
            className={`rounded-md px-4 py-1.5 text-sm font-medium ${service === s ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {SERVICE_LABEL[s]}
          </button>
        ))}
      </div>

      {operators.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : operators.isError ? (
        <p role="alert" className="text-red-700">
          {errorMessage(operators.error)}
        </p>
      ) : operators.data.operators.length === 0 ? (
        <EmptyState title={`No ${service === "dth" ? "DTH operators" : "billers"} for ${currency} wallets yet`}>
          Payments are made in the wallet's currency; ask your distributor for a wallet in the biller's currency.
        </EmptyState>
      ) : (
        <Card title={service === "dth" ? "DTH recharge" : "Pay a bill"}>
          {errors.form && (
            <p role="alert" data-testid="form-error" className="mb-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
              {errors.form}
            </p>
          )}
          <form onSubmit={fetchBill} className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start" noValidate>
            <Field id="biller" label={service === "dth" ? "Operator" : "Biller"} error={errors.biller}>
              <Select
                {...fieldAria("biller", { error: errors.biller })}
                value={biller}
                onChange={(e) => {
                  setBiller(e.target.value);
                  setLookup(null);
                  setErrors({});
                }}
              >
                <option value="">Choose…</option>
                {operators.data.operators.map((o) => (
                  <option key={o.code} value={o.code}>
                    {o.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="account" label={billerInfo?.account_label ?? "Account number"} error={errors.account}>
              <Input
                {...fieldAria("account", { error: errors.account })}
                inputMode="numeric"
                autoComplete="off"
                value={account}
                onChange={(e) => {
                  setAccount(asciiDigits(e.target.value));
                  setLookup(null);
                }}
              />
            </Field>
            <Button type="submit" variant="secondary" loading={bill.isFetching} className="sm:mt-6">
              Fetch bill
            </Button>
          </form>

          {lookup && bill.isError && (
            <p role="alert" className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="bill-error">
              {errorCode(bill.error) === "not_found" ? `No bill is due for this account. ${errorMessage(bill.error)}` : errorMessage(bill.error)}
            </p>
          )}

          {fetched && (
            <div className="mt-5 space-y-5 border-t border-slate-100 pt-5">
              <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="bill">
                <div>
                  <dt className="text-slate-500">Customer</dt>
                  <dd className="font-medium">{fetched.customerName}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">{service === "dth" ? "Balance due" : "Amount due"}</dt>
                  <dd className="font-semibold tabular-nums" data-testid="amount-due">
                    {fetched.paid && service === "bill" ? <span className="text-brand-700">Paid</span> : `${fetched.amountDue} ${currency}`}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-500">Due date</dt>
                  <dd>{formatDate(fetched.dueDate)}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Bill number</dt>
                  <dd className="break-all font-mono text-xs">{fetched.billNumber}</dd>
                </div>
              </dl>

              {fetched.paid && (
                <div role="status" data-testid="bill-paid" className="rounded-lg border border-brand-500/40 bg-brand-50 p-3 text-sm">
                  <p className="font-medium">
                    {service === "bill" ? "This bill is already paid" : "Recharged recently"}: {fetched.paid.amount} {currency} on {formatDate(fetched.paid.at)}
                    {fetched.paid.status === "pending" ? " (still being confirmed)" : ""}.
                  </p>
                  <div className="mt-2 flex flex-wrap items-center gap-3">
                    <Link href={`/retail/receipt/${fetched.paid.id}`} className="font-medium text-brand-700 hover:underline">
                      See the receipt
                    </Link>
                    {!payAgain && (
                      <Button variant="secondary" size="sm" onClick={() => setPayAgain(true)}>
                        Pay again anyway
                      </Button>
                    )}
                  </div>
                </div>
              )}

              {(!fetched.paid || payAgain) && service === "dth" && (
                <PlanBrowser
                  operator={biller}
                  currency={currency}
                  selected={planId}
                  onSelect={(plan) => {
                    setPlanId(plan.id);
                    setAmount(plan.amount);
                  }}
                />
              )}

              {(!fetched.paid || payAgain) && (
              <>
              <Field id="bill-amount" label="Amount to pay" error={errors.amount} hint={billerInfo?.rule}>
                <Input
                  {...fieldAria("bill-amount", { error: errors.amount, hint: Boolean(billerInfo) })}
                  inputMode="decimal"
                  value={amount}
                  onChange={(e) => {
                    setAmount(asciiDigits(e.target.value));
                    setPlanId(null);
                    setReviewing(false);
                  }}
                  className="text-lg sm:max-w-xs"
                />
              </Field>

              {reviewing ? (
                <div className="rounded-lg border border-brand-500/40 bg-brand-50 p-4">
                  <p className="font-medium">
                    Pay {amount} {currency} to {billerInfo?.name} for {fetched.customerName} ({lookup?.account})?
                  </p>
                  {quote.data && (
                    <p className="mt-1 text-sm text-slate-700" data-testid="bill-cost">
                      Your commission {quote.data.commission} {currency} · your cost {quote.data.cost} {currency}
                    </p>
                  )}
                  {quote.data && !quote.data.enough && (
                    <p role="alert" data-testid="low-balance" className="mt-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
                      Not enough balance: available {quote.data.available} {currency}, short by {quote.data.short_by} {currency}. Ask your distributor to add funds.
                    </p>
                  )}
                  <div className="mt-3 flex flex-wrap gap-2">
                    <Button size="lg" loading={create.isPending} disabled={Boolean(quote.data && !quote.data.enough)} onClick={() => create.mutate(input())}>
                      {create.isPending ? "Paying…" : `Pay ${amount} ${currency}`}
                    </Button>
                    <Button size="lg" variant="secondary" onClick={() => setReviewing(false)} disabled={create.isPending}>
                      Edit
                    </Button>
                  </div>
                </div>
              ) : (
                <Button size="lg" onClick={review}>
                  Continue
                </Button>
              )}
              </>
              )}
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
