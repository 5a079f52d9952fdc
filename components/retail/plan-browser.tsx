"use client";
import { useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Skeleton } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { Input, inputClass } from "@/components/ui/field";

type Plan = { id: string; amount: string; validity: string; description: string; category: string };

/** "28 days" → 28, "1 day" → 1; anything unreadable sorts last. */
export function validityDays(validity: string) {
  const m = /(\d+)\s*(day|month|year)/i.exec(validity);
  if (!m) return Number.POSITIVE_INFINITY;
  const n = Number(m[1]);
  return m[2].toLowerCase() === "year" ? n * 365 : m[2].toLowerCase() === "month" ? n * 30 : n;
}

const VALIDITY_FILTERS = [
  { value: "any", label: "Any validity", test: () => true },
  { value: "short", label: "Up to 7 days", test: (d: number) => d <= 7 },
  { value: "month", label: "8 to 31 days", test: (d: number) => d > 7 && d <= 31 },
  { value: "long", label: "Longer than a month", test: (d: number) => d > 31 },
] as const;

/** The operator's plans as a choosable list, filtered by price and validity. */
export function PlanBrowser({ operator, currency, selected, lastPlanId = null, onSelect }: { operator: string; currency: string; selected: string | null; lastPlanId?: string | null; onSelect: (plan: Plan) => void }) {
  const trpc = useTRPC();
  const plans = useQuery(trpc.retail.plans.queryOptions({ operator }, { staleTime: 5 * 60_000 }));
  const [maxPrice, setMaxPrice] = useState("");
  const [validity, setValidity] = useState<(typeof VALIDITY_FILTERS)[number]["value"]>("any");
  const id = useId();

  const shown = useMemo(() => {
    const limit = maxPrice.trim() ? Number(maxPrice) : Number.POSITIVE_INFINITY;
    const test = VALIDITY_FILTERS.find((f) => f.value === validity)!.test;
    return (plans.data?.plans ?? []).filter((p) => Number(p.amount) <= limit && test(validityDays(p.validity))).sort((a, b) => Number(a.amount) - Number(b.amount));
  }, [plans.data, maxPrice, validity]);

  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-700">Plans</legend>
      <div className="grid grid-cols-2 gap-2">
        <div>
          <label htmlFor={`${id}-max`} className="sr-only">
            Maximum price
          </label>
          <Input id={`${id}-max`} inputMode="decimal" placeholder={`Max price (${currency})`} value={maxPrice} onChange={(e) => setMaxPrice(e.target.value.replace(/[^\d.]/g, ""))} />
        </div>
        <div>
          <label htmlFor={`${id}-validity`} className="sr-only">
            Validity
          </label>
          <select id={`${id}-validity`} className={inputClass} value={validity} onChange={(e) => setValidity(e.target.value as typeof validity)}>
            {VALIDITY_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {plans.isPending ? (
        <div className="space-y-2" aria-label="Loading plans">
          <Skeleton className="h-14 w-full" />
          <Skeleton className="h-14 w-full" />
        </div>
      ) : plans.isError ? (
        <p role="alert" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {errorMessage(plans.error)}
        </p>
      ) : shown.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-500">
          {plans.data.plans.length === 0 ? "This operator has no plans listed. Enter an amount below." : "No plan matches these filters."}
        </p>
      ) : (
        <ul className="grid gap-2 sm:max-h-80 sm:grid-cols-2 sm:overflow-y-auto sm:pr-1" aria-label={`${operator} plans`}>
          {shown.map((plan) => {
            const isSelected = plan.id === selected;
            return (
              <li key={plan.id}>
                <button
                  type="button"
                  aria-pressed={isSelected}
                  onClick={() => onSelect(plan)}
                  data-testid="plan"
                  className={`flex w-full items-start justify-between gap-3 rounded-lg border px-3 py-2.5 text-left transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${isSelected ? "border-brand-600 bg-brand-50" : "border-slate-200 bg-white hover:border-brand-500"}`}
                >
                  <span className="min-w-0">
                    <span className="block text-sm font-medium text-slate-900">{plan.description}</span>
                    <span className="block text-xs text-slate-500">
                      {plan.validity} · {plan.category}
                      {plan.id === lastPlanId && <span className="ml-2 rounded-full bg-amber-100 px-1.5 py-0.5 font-medium text-amber-800" data-testid="last-plan">Last time</span>}
                    </span>
                  </span>
                  <span className="whitespace-nowrap font-semibold tabular-nums">
                    {plan.amount.replace(/\.00$/, "")} <span className="text-xs font-normal text-slate-500">{currency}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
