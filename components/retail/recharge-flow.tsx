"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorCode, errorDetails, errorMessage, fieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select } from "@/components/ui/field";
import { clientToken } from "@/components/ui/ids";
import { toast } from "@/components/ui/toast";
import { useDebounced } from "@/components/ui/use-debounced";
import { CreateRechargeInput } from "@/server/recharge/schemas";
import type { ComplaintTarget } from "./complaint-dialog";

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

type Duplicate = { rechargeId: string | null; retryAfter: number | null };

/** Number → operator (detected, changeable) → plan or amount → confirm → live status → receipt. */
export function RechargeFlow() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [phone, setPhone] = useState("");
  const [operatorChoice, setOperatorChoice] = useState<string | null>(null);
  const [amount, setAmount] = useState("");
  const [planId, setPlanId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [reviewing, setReviewing] = useState(false);
  const [reviewedOperator, setReviewedOperator] = useState<string | null>(null);
  const [reviewedPhone, setReviewedPhone] = useState("");
  const [rechargeId, setRechargeId] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [complaint, setComplaint] = useState<ComplaintTarget | null>(null);
  const reference = useRef<string | null>(null);
  const phoneInput = useRef<HTMLInputElement>(null);

  const debouncedPhone = useDebounced(phone.trim(), 250);
  const digits = debouncedPhone.replace(/\D/g, "");
  const operators = useQuery(trpc.retail.operators.queryOptions({ service: "mobile" }, { staleTime: 10 * 60_000 }));
  const detect = useQuery(trpc.retail.detect.queryOptions({ phone: debouncedPhone }, { enabled: digits.length >= 10, staleTime: 60_000 }));
  const detection = digits.length >= 10 && detect.data ? detect.data : null;
  const detected = detection?.ok ? detection.operator : null;
  const operator = operatorChoice ?? detected;
  const currency = operators.data?.currency ?? "";
  const operatorInfo = operators.data?.operators.find((o) => o.code === operator);

  // A new number means a new detection: forget a manual operator choice and the plan picked for it.
  useEffect(() => {
    setOperatorChoice(null);
    setPlanId(null);
    setDuplicate(null);
  }, [debouncedPhone]);

  const create = useMutation(
    trpc.retail.create.mutationOptions({
      onSuccess: (result) => {
        reference.current = null;
        setReviewing(false);
        setRechargeId(result.recharge.id);
        if (result.kind === "existing") toast.info("This recharge was already placed", "Showing its status.");
        void queryClient.invalidateQueries({ queryKey: trpc.me.balance.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.retail.history.pathKey() });
      },
      onError: (error) => {
        if (errorCode(error) === "duplicate_recharge") {
          const d = errorDetails(error);
          setDuplicate({ rechargeId: (d.recharge_id as string) ?? null, retryAfter: (d.retry_after_seconds as number) ?? null });
          return;
        }
        const fields = fieldErrors(error);
        const code = errorCode(error);
        if (!code && Object.keys(fields).length === 0) {
          // No answer from the server (connection lost): the order may exist. Keep its reference so
          // pressing again finds it instead of placing a second one.
          toast.error("Not sure the recharge went through", "Check the connection, then press Recharge again: it will not be placed twice.");
          return;
        }
        reference.current = null;
        setReviewing(false);
        if (code === "invalid_amount" || code === "insufficient_balance") fields.amount = errorMessage(error);
        if (code === "operator_number_mismatch" || code === "invalid_operator") fields.operator = errorMessage(error);
        setErrors(fields);
        toast.error("Recharge not placed", errorMessage(error));
      },
    }),
  );

  function input(allowDuplicate = false) {
    return { reference: reference.current ?? "WEB-PENDING", service: "mobile" as const, phone: phone.trim(), operator: reviewedOperator ?? operator ?? undefined, amount: amount.trim(), account_type: "prepaid" as const, allow_duplicate: allowDuplicate };
  }

  async function review(e: React.FormEvent) {
    e.preventDefault();
    // A fast typist may press Continue before the debounced detection has answered: ask now.
    let current = detection;
    if (!operatorChoice && phone.replace(/\D/g, "").length >= 10 && (debouncedPhone !== phone.trim() || !detection)) {
      try {
        current = await queryClient.fetchQuery(trpc.retail.detect.queryOptions({ phone: phone.trim() }, { staleTime: 60_000 }));
      } catch {
        current = null;
      }
    }
    const chosen = operatorChoice ?? (current?.ok ? current.operator : null);
    const next: Record<string, string> = {};
    const parsed = CreateRechargeInput.safeParse({ ...input(), operator: chosen ?? undefined });
    if (!parsed.success) for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message;
    if (current && !current.ok) next.phone = PARSE_HINT[current.reason] || "This is not a valid mobile number.";
    if (!phone.trim()) next.phone = "Enter the customer's mobile number.";
    else if (!chosen && !next.phone) next.operator = "Choose the operator.";
    const info = operators.data?.operators.find((o) => o.code === chosen);
    const value = Number(amount);
    if (!amount.trim()) next.amount = "Choose a plan or enter an amount.";
    else if (!/^\d+(\.\d{1,2})?$/.test(amount.trim()) || value <= 0) next.amount = "Enter an amount like 50 or 49.50.";
    else if (info && (value < Number(info.min) || value > Number(info.max))) next.amount = `${info.name} takes ${info.min}–${info.max} ${currency}.`;
    setErrors(next);
    if (Object.keys(next).length) return;
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
    setRechargeId(null);
    setReviewing(false);
    setPhone("");
    setAmount("");
    setPlanId(null);
    setOperatorChoice(null);
    setReviewedOperator(null);
    setErrors({});
    setDuplicate(null);
    reference.current = null;
    setTimeout(() => phoneInput.current?.focus(), 0);
  }

  if (rechargeId) {
    return (
      <>
        <StatusCard id={rechargeId} onNew={startOver} onComplain={() => setComplaint({ id: rechargeId, label: `${phone} · ${amount} ${currency}` })} />
        <ComplaintDialog target={complaint} onClose={() => setComplaint(null)} />
      </>
    );
  }

  const candidates = detection?.ok ? detection.candidates : [];
  const others = (operators.data?.operators ?? []).filter((o) => !candidates.some((c) => c.code === o.code));

  if (reviewing) {
    return (
      <Card title="Confirm the recharge" description="Check the number with the customer before you confirm.">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-base">
          <dt className="text-slate-500">Number</dt>
          <dd className="font-semibold tabular-nums" data-testid="confirm-phone">{reviewedPhone}</dd>
          <dt className="text-slate-500">Operator</dt>
          <dd className="font-medium">{operators.data?.operators.find((o) => o.code === reviewedOperator)?.name ?? reviewedOperator}</dd>
          <dt className="text-slate-500">Amount</dt>
          <dd className="text-xl font-semibold tabular-nums">
            {amount} {currency}
          </dd>
        </dl>
        {duplicate && (
          <div role="alert" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            <p className="font-medium">The same recharge was made moments ago.</p>
            <p className="mt-1">Operators refuse an identical top-up within a few minutes{duplicate.retryAfter ? ` (about ${Math.ceil(duplicate.retryAfter / 60)} min left)` : ""}. Send it again only if the customer really wants two.</p>
            <div className="mt-3 flex flex-wrap gap-2">
              {duplicate.rechargeId && (
                <Button variant="secondary" size="sm" onClick={() => setRechargeId(duplicate.rechargeId)}>
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
          <Button size="lg" onClick={() => confirm(false)} loading={create.isPending} disabled={Boolean(duplicate)} className="flex-1 sm:flex-none">
            {create.isPending ? "Recharging…" : `Recharge ${amount} ${currency}`}
          </Button>
          <Button size="lg" variant="secondary" onClick={() => setReviewing(false)} disabled={create.isPending}>
            Edit
          </Button>
        </div>
      </Card>
    );
  }

  return (
    <Card title="Mobile recharge">
      <form onSubmit={(e) => void review(e)} className="space-y-5" noValidate>
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
              setPhone(e.target.value);
              setErrors((prev) => ({ ...prev, phone: "" }));
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

        {(detection?.ok || operatorChoice) && (
          <Field id="operator" label="Operator" error={errors.operator} hint={detected && operator !== detected ? "You changed the detected operator." : undefined}>
            <Select
              {...fieldAria("operator", { error: errors.operator, hint: detected && operator !== detected })}
              value={operator ?? ""}
              onChange={(e) => {
                setOperatorChoice(e.target.value || null);
                setPlanId(null);
                setErrors((prev) => ({ ...prev, operator: "" }));
              }}
            >
              {!operator && <option value="">Choose…</option>}
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
              <optgroup label="Other operators">
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
            onSelect={(plan) => {
              setPlanId(plan.id);
              setAmount(plan.amount);
              setErrors((prev) => ({ ...prev, amount: "" }));
            }}
          />
        )}

        <Field id="amount" label={planId ? "Amount (from the plan)" : "Amount"} error={errors.amount} hint={operatorInfo ? `${operatorInfo.min}–${operatorInfo.max} ${currency}` : undefined}>
          <div className="relative">
            <Input
              {...fieldAria("amount", { error: errors.amount, hint: Boolean(operatorInfo) })}
              inputMode="decimal"
              autoComplete="off"
              value={amount}
              onChange={(e) => {
                setAmount(e.target.value);
                setPlanId(null);
                setErrors((prev) => ({ ...prev, amount: "" }));
              }}
              className="pr-14 text-lg"
            />
            <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-slate-500">{currency}</span>
          </div>
        </Field>

        <Button type="submit" size="lg" className="w-full sm:w-auto">
          Continue
        </Button>
      </form>
    </Card>
  );
}
