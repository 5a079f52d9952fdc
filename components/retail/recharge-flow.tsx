"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorCode, errorDetails, errorMessage, fieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select } from "@/components/ui/field";
import { clientToken } from "@/components/ui/ids";
import { toast } from "@/components/ui/toast";
import { useDebounced } from "@/components/ui/use-debounced";
import { asciiDigits } from "@/server/lib/digits";
import { parseAmount } from "@/server/lib/money";
import { amountProblem, type OperatorInfo } from "./amount-check";
import type { ComplaintTarget } from "./complaint-dialog";
import { useOrderInUrl } from "./use-order-in-url";

// Shown only after the first steps: loaded on demand to keep the page's first load small.
const ComplaintDialog = dynamic(() => import("./complaint-dialog").then((m) => m.ComplaintDialog));
const PlanBrowser = dynamic(() => import("./plan-browser").then((m) => m.PlanBrowser));
const StatusCard = dynamic(() => import("./status-card").then((m) => m.StatusCard));

const PARSE_HINT: Record<string, string> = {
  too_short: "Keep typing…",
  too_long: "That number is too long.",
  invalid: "This is not a valid mobile number.",
  invalid_characters: "Use digits only.",
  unsupported_country: "Only Bangladeshi, Indian and Chinese numbers can be recharged.",
  empty: "",
};

const SOURCE_LABEL: Record<string, string> = {
  prefix: "from the number's prefix",
  learned: "this number was recharged on it before",
  portability: "ported number, confirmed",
};

// Fields the form shows; a server error about anything else is shown at the top of the form.
const FORM_FIELDS = new Set(["phone", "operator", "amount"]);

type Duplicate = { rechargeId: string | null; retryAfter: number | null };
type Plan = { id: string; amount: string; validity: string; description: string };
/** A prefilled order from the URL ("Recharge again" links): /retail?phone=…&operator=…&amount=…&plan=… */
function prefillOf(params: URLSearchParams) {
  const phone = params.get("phone");
  if (!phone) return null;
  return { phone: asciiDigits(phone), operator: params.get("operator"), amount: params.get("amount") ?? "", plan: params.get("plan") };
}

/**
 * Number → operator (detected, changeable) → plan or amount → confirm → live status → receipt. The
 * order on screen is in the URL (?order=rch_…), so Refresh, Back and Forward keep it.
 */
export function RechargeFlow() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const params = useSearchParams();
  const { order: rechargeId, show: showOrder, clear: clearOrder } = useOrderInUrl();
  const prefill = prefillOf(params);
  const prefillKey = prefill ? JSON.stringify(prefill) : "";

  const [phone, setPhone] = useState(prefill?.phone ?? "");
  const [operatorChoice, setOperatorChoice] = useState<string | null>(prefill?.operator ?? null);
  const [amount, setAmount] = useState(prefill?.amount ?? "");
  const [planId, setPlanId] = useState<string | null>(prefill?.plan ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [reviewedOperator, setReviewedOperator] = useState<string | null>(null);
  const [reviewedPhone, setReviewedPhone] = useState("");
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [complaint, setComplaint] = useState<ComplaintTarget | null>(null);
  const reference = useRef<string | null>(null);
  const phoneInput = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const keepChoice = useRef(Boolean(prefill));

  const debouncedPhone = useDebounced(phone.trim(), 250);
  const digits = debouncedPhone.replace(/\D/g, "");
  const operators = useQuery(trpc.retail.operators.queryOptions({ service: "mobile" }, { staleTime: 10 * 60_000 }));
  const detect = useQuery(trpc.retail.detect.queryOptions({ phone: debouncedPhone }, { enabled: digits.length >= 10, staleTime: 60_000, retry: false }));
  const detection = digits.length >= 10 && detect.data ? detect.data : null;
  const detected = detection?.ok ? detection.operator : null;
  const operator = operatorChoice ?? detected;
  const currency = operators.data?.currency ?? "";
  const operatorInfo = operators.data?.operators.find((o) => o.code === operator);
  const last = useQuery(trpc.retail.last.queryOptions({ target: debouncedPhone }, { enabled: Boolean(detection?.ok), staleTime: 30_000 }));
  const plans = useQuery(trpc.retail.plans.queryOptions({ operator: operator ?? "" }, { enabled: Boolean(operator), staleTime: 5 * 60_000 }));
  const plan: Plan | null = (planId && plans.data?.plans.find((p) => p.id === planId)) || null;
  const quote = useQuery(trpc.retail.quote.queryOptions({ operator: reviewedOperator ?? "", amount: amount.trim() }, { enabled: reviewing && Boolean(reviewedOperator), staleTime: 0 }));

  // A "Recharge again" link fills the form (also when followed from this page).
  useEffect(() => {
    if (!prefill) return;
    keepChoice.current = true;
    setPhone(prefill.phone);
    setOperatorChoice(prefill.operator);
    setAmount(prefill.amount);
    setPlanId(prefill.plan);
    setReviewing(false);
    setErrors({});
    setFormError(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [prefillKey]);

  // A new number means a new detection: forget a manual operator choice and the plan picked for it.
  useEffect(() => {
    if (keepChoice.current) {
      keepChoice.current = false;
      return;
    }
    setOperatorChoice(null);
    setPlanId(null);
    setDuplicate(null);
  }, [debouncedPhone]);

  // On the confirm screen the next key press is for Confirm.
  useEffect(() => {
    if (reviewing) confirmButton.current?.focus();
  }, [reviewing]);

  const create = useMutation(
    trpc.retail.create.mutationOptions({
      onSuccess: (result) => {
        reference.current = null;
        setReviewing(false);
        showOrder(result.recharge.id);
        if (result.kind === "existing") toast.info("This recharge was already placed", "Showing its status.");
        void queryClient.invalidateQueries({ queryKey: trpc.me.balance.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.retail.history.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.retail.last.pathKey() });
      },
      onError: (error) => {
        if (errorCode(error) === "duplicate_recharge") {
          const d = errorDetails(error);
          setDuplicate({ rechargeId: (d.recharge_id as string) ?? null, retryAfter: (d.retry_after_seconds as number) ?? null });
          return;
        }
        const fields = fieldErrors(error);
        const code = errorCode(error);
        if (!code && Object.keys(fields).length === 0 && !error.data?.code) {
          // No answer from the server (connection lost): the order may exist. Keep its reference so
          // pressing again finds it instead of placing a second one.
          toast.error("Not sure the recharge went through", "Check the connection, then press Recharge again: it will not be placed twice.");
          return;
        }
        reference.current = null;
        setReviewing(false);
        const message = errorMessage(error);
        const next: Record<string, string> = {};
        if (code === "invalid_amount" || code === "insufficient_balance") next.amount = message;
        else if (code === "operator_number_mismatch" || code === "invalid_operator") next.operator = message;
        else if (code === "validation_failed" && fields.phone) next.phone = "This is not a valid mobile number.";
        for (const [key, text] of Object.entries(fields)) if (FORM_FIELDS.has(key)) next[key] ??= text;
        setErrors(next);
        // Whatever has no field of its own (a suspended account, no provider, a fault) goes on top.
        // Said once, where it belongs: no toast repeating the same sentence.
        setFormError(Object.keys(next).length ? null : message);
      },
    }),
  );

  function input(allowDuplicate = false) {
    return {
      reference: reference.current ?? "WEB-PENDING",
      service: "mobile" as const,
      phone: phone.trim(),
      operator: reviewedOperator ?? operator ?? undefined,
      amount: amount.trim(),
      account_type: "prepaid" as const,
      allow_duplicate: allowDuplicate,
      plan_id: plan && plan.amount === normalisedAmount() ? plan.id : undefined,
    };
  }

  function normalisedAmount() {
    const minor = currency ? parseAmount(amount.trim(), currency) : null;
    return minor === null ? amount.trim() : `${minor / 100n}.${String(minor % 100n).padStart(2, "0")}`;
  }

  async function review(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    if (operators.isError) return setFormError(errorMessage(operators.error));
    // A fast typist may press Continue before the debounced detection has answered: ask now.
    let current = detection;
    if (phone.replace(/\D/g, "").length >= 10 && (debouncedPhone !== phone.trim() || !detection)) {
      try {
        current = await queryClient.fetchQuery(trpc.retail.detect.queryOptions({ phone: phone.trim() }, { staleTime: 60_000, retry: false }));
      } catch (error) {
        // The server refused to look (e.g. the account was suspended meanwhile): say so on top.
        return setFormError(errorMessage(error));
      }
    }
    const chosen = operatorChoice ?? (current?.ok ? current.operator : null);
    const next: Record<string, string> = {};
    if (!phone.trim()) next.phone = "Enter the customer's mobile number.";
    else if (phone.trim().length > 32) next.phone = "That number is too long.";
    else if (current && !current.ok) next.phone = PARSE_HINT[current.reason] || "This is not a valid mobile number.";
    else if (phone.replace(/\D/g, "").length < 10) next.phone = "This number is too short: a mobile number has 11 digits, like 01712345678.";
    else if (current?.ok && !current.same_country) next.phone = `This is a ${current.phone.country} number; your wallet pays in ${currency} and can only recharge local operators.`;
    else if (!chosen) next.operator = "We could not tell the operator of this number: choose it here.";
    const info = operators.data?.operators.find((o) => o.code === chosen);
    const problem = amountProblem(amount.trim(), info, currency);
    if (problem) next.amount = problem;
    setErrors(next);
    if (Object.keys(next).length) {
      // Focus the first field in trouble, so the message is where the eyes are.
      const first = ["phone", "amount", "operator"].find((k) => next[k]);
      if (first) document.getElementById(first)?.focus();
      return;
    }
    reference.current = clientToken("WEB");
    setDuplicate(null);
    setReviewedOperator(chosen);
    setReviewedPhone(current?.ok ? current.phone.national : phone.trim());
    setReviewing(true);
  }

  function confirm(allowDuplicate = false) {
    if (allowDuplicate) reference.current = clientToken("WEB");
    reference.current ??= clientToken("WEB");
    create.mutate(input(allowDuplicate));
  }

  function startOver() {
    setReviewing(false);
    setPhone("");
    setAmount("");
    setPlanId(null);
    setOperatorChoice(null);
    setReviewedOperator(null);
    setErrors({});
    setFormError(null);
    setDuplicate(null);
    reference.current = null;
    clearOrder();
    setTimeout(() => phoneInput.current?.focus(), 0);
  }

  if (rechargeId) {
    return (
      <>
        <StatusCard id={rechargeId} onNew={startOver} onComplain={(r) => setComplaint({ id: r.id, label: `${r.phone ?? r.account} · ${r.amount} ${r.currency}` })} />
        <ComplaintDialog target={complaint} onClose={() => setComplaint(null)} />
      </>
    );
  }

  const candidates = detection?.ok ? detection.candidates : [];
  const others = (operators.data?.operators ?? []).filter((o) => !candidates.some((c) => c.code === o.code));
  const reviewedInfo = operators.data?.operators.find((o) => o.code === reviewedOperator);

  if (reviewing) {
    const q = quote.data;
    const short = q && !q.enough;
    return (
      <Card title="Confirm the recharge" description="Check the number with the customer before you confirm.">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-base" data-testid="confirm-summary">
          <dt className="text-slate-500">Number</dt>
          <dd className="font-semibold tabular-nums" data-testid="confirm-phone">{reviewedPhone}</dd>
          <dt className="text-slate-500">Operator</dt>
          <dd className="font-medium">{reviewedInfo?.name ?? reviewedOperator}</dd>
          {plan && plan.amount === normalisedAmount() && (
            <>
              <dt className="text-slate-500">Pack</dt>
              <dd data-testid="confirm-pack">
                {plan.description}, {plan.validity}
              </dd>
            </>
          )}
          <dt className="text-slate-500">Amount</dt>
          <dd className="text-xl font-semibold tabular-nums">
            {amount} {currency}
          </dd>
          <dt className="text-slate-500">Your commission</dt>
          <dd className="tabular-nums" data-testid="confirm-commission">{q ? `${q.commission} ${currency}` : "…"}</dd>
          <dt className="text-slate-500">Your cost</dt>
          <dd className="font-medium tabular-nums" data-testid="confirm-cost">
            {q ? `${q.cost} ${currency}` : "…"}
            {q && <span className="block text-xs font-normal text-slate-500">{q.amount} held now; {q.commission} comes back when it succeeds</span>}
          </dd>
        </dl>
        {short && (
          <div role="alert" data-testid="low-balance" className="mt-4 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            <p className="font-medium">Not enough balance for this recharge.</p>
            <p className="mt-1">
              Available {q.available} {currency}; this needs {q.amount} {currency} (short by {q.short_by} {currency}). Ask your distributor to add funds, or lower the amount.
            </p>
          </div>
        )}
        {quote.isError && (
          <p role="alert" className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {errorMessage(quote.error)}
          </p>
        )}
        {duplicate && (
          <div role="alert" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            <p className="font-medium">The same recharge was made moments ago.</p>
            <p className="mt-1">Operators refuse an identical top-up within a few minutes{duplicate.retryAfter ? ` (about ${Math.ceil(duplicate.retryAfter / 60)} min left)` : ""}. Send it again only if the customer really wants two.</p>
            <div className="mt-3 flex flex-wrap gap-2">
              {duplicate.rechargeId && (
                <Button variant="secondary" size="sm" onClick={() => showOrder(duplicate.rechargeId!)}>
                  See the earlier recharge
                </Button>
              )}
              <Button variant="secondary" size="sm" onClick={() => confirm(true)} loading={create.isPending}>
                Recharge again anyway
              </Button>
            </div>
          </div>
        )}
        <div className="mt-6 flex flex-wrap gap-2">
          <Button ref={confirmButton} size="lg" onClick={() => confirm(false)} loading={create.isPending} disabled={Boolean(duplicate) || Boolean(short)} className="flex-1 sm:flex-none">
            {create.isPending ? "Recharging…" : `Recharge ${amount} ${currency}`}
          </Button>
          <Button size="lg" variant="secondary" onClick={() => setReviewing(false)} disabled={create.isPending}>
            Edit
          </Button>
        </div>
      </Card>
    );
  }

  const lastOrder = last.data && detection?.ok ? last.data : null;

  return (
    <Card title="Mobile recharge">
      <form onSubmit={(e) => void review(e)} className="space-y-5" noValidate>
        {(formError || detect.isError || operators.isError) && (
          <div role="alert" data-testid="form-error" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
            {formError ?? errorMessage(detect.error ?? operators.error)}
          </div>
        )}
        <Field id="phone" label="Mobile number" error={errors.phone}>
          <Input
            ref={phoneInput}
            {...fieldAria("phone", { error: errors.phone })}
            aria-describedby={[errors.phone ? "phone-error" : null, "operator-detected"].filter(Boolean).join(" ")}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            autoFocus
            placeholder={currency === "INR" ? "98765 43210" : "01712 345678"}
            value={phone}
            onChange={(e) => {
              // Bengali or Devanagari digits become the same number in ASCII, visibly.
              setPhone(asciiDigits(e.target.value));
              setErrors((prev) => ({ ...prev, phone: "" }));
              setFormError(null);
            }}
            className="text-lg tracking-wide"
          />
        </Field>

        <div id="operator-detected" aria-live="polite" className="-mt-3 min-h-5 text-sm">
          {digits.length >= 10 && detect.isFetching && !detection ? (
            <span className="text-slate-500">Finding the operator…</span>
          ) : detection && !detection.ok ? (
            <span className="text-slate-500">{PARSE_HINT[detection.reason]}</span>
          ) : detection?.ok && !detection.same_country ? (
            <span className="text-amber-800">This is a {detection.phone.country} number; your wallet pays in {currency} and can only recharge local operators.</span>
          ) : detection?.ok && detection.operator ? (
            <span className="flex flex-wrap items-center gap-2" data-testid="detected-operator">
              <span className="rounded-full bg-brand-100 px-2 py-0.5 font-medium text-brand-700">{detection.candidates[0]?.name ?? detection.operator}</span>
              <span className="text-slate-500">
                {Math.round(detection.confidence * 100)}% sure · {SOURCE_LABEL[detection.source ?? ""] ?? "detected"}
              </span>
            </span>
          ) : detection?.ok ? (
            <span className="text-amber-800">We could not tell the operator; choose it below.</span>
          ) : null}
        </div>

        <Field id="amount" label={plan ? "Amount (from the plan)" : "Amount"} error={errors.amount} hint={operatorInfo?.rule}>
          <div className="relative">
            <Input
              {...fieldAria("amount", { error: errors.amount, hint: Boolean(operatorInfo) })}
              inputMode="decimal"
              autoComplete="off"
              placeholder={operatorInfo?.quick_amounts[1]?.replace(/\.00$/, "") ?? "50"}
              value={amount}
              onChange={(e) => {
                setAmount(asciiDigits(e.target.value));
                setPlanId(null);
                setErrors((prev) => ({ ...prev, amount: "" }));
              }}
              className="pr-14 text-lg"
            />
            <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-slate-500">{currency}</span>
          </div>
        </Field>
        {operatorInfo && operatorInfo.quick_amounts.length > 0 && (
          <div role="group" aria-label="Quick amounts" className="-mt-3 flex flex-wrap gap-2" data-testid="quick-amounts">
            {operatorInfo.quick_amounts.map((value) => (
              <button
                key={value}
                type="button"
                tabIndex={-1}
                aria-pressed={amount === value || amount === value.replace(/\.00$/, "")}
                onClick={() => {
                  setAmount(value.replace(/\.00$/, ""));
                  setPlanId(null);
                  setErrors((prev) => ({ ...prev, amount: "" }));
                }}
                className="rounded-full border border-slate-300 bg-white px-3 py-1 text-sm font-medium tabular-nums hover:border-brand-500 aria-pressed:border-brand-600 aria-pressed:bg-brand-50"
              >
                {value.replace(/\.00$/, "")}
              </button>
            ))}
          </div>
        )}

        {lastOrder && (
          <div data-testid="last-order" className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-slate-50 px-3 py-2 text-sm">
            <span>
              Last time: <span className="font-medium tabular-nums">{lastOrder.amount.replace(/\.00$/, "")} {currency}</span>
              {lastOrder.plan ? ` · ${lastOrder.plan.description}, ${lastOrder.plan.validity}` : ""} on {operators.data?.operators.find((o) => o.code === lastOrder.operator)?.name ?? lastOrder.operator}
            </span>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => {
                setOperatorChoice(lastOrder.operator);
                setAmount(lastOrder.amount);
                setPlanId(lastOrder.plan?.id ?? null);
                setErrors({});
              }}
            >
              Same again
            </Button>
          </div>
        )}

        {operators.data && (
          <Field id="operator" label="Operator" error={errors.operator} hint={detected && operator !== detected ? "You changed the detected operator." : !detected ? "Detected from the number; change it if the customer moved operator." : undefined}>
            <Select
              {...fieldAria("operator", { error: errors.operator, hint: true })}
              value={operator ?? ""}
              onChange={(e) => {
                setOperatorChoice(e.target.value || null);
                setPlanId(null);
                setErrors((prev) => ({ ...prev, operator: "" }));
              }}
            >
              {!operator && <option value="">{digits.length >= 10 ? "Choose…" : "Detected from the number…"}</option>}
              {candidates.length > 0 && (
                <optgroup label="Possible for this number">
                  {candidates.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                      {c.code === detected ? " (detected)" : ""}
                    </option>
                  ))}
                </optgroup>
              )}
              <optgroup label={candidates.length > 0 ? "Other operators" : "Operators"}>
                {others.map((o) => (
                  <option key={o.code} value={o.code}>
                    {o.name}
                  </option>
                ))}
              </optgroup>
            </Select>
          </Field>
        )}

        {operator && currency && (
          <PlanBrowser
            operator={operator}
            currency={currency}
            selected={planId}
            lastPlanId={lastOrder?.operator === operator ? (lastOrder.plan?.id ?? null) : null}
            onSelect={(p) => {
              setPlanId(p.id);
              setAmount(p.amount);
              setErrors((prev) => ({ ...prev, amount: "" }));
            }}
          />
        )}
        <Button type="submit" size="lg" className="w-full sm:w-auto">
          Continue
        </Button>
      </form>
    </Card>
  );
}
