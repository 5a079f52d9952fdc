"use client";
import { Input, Select } from "./field";

export const RECHARGE_STATUSES = ["pending", "succeeded", "failed", "refunded", "reversed"] as const;
export type RechargeStatusFilter = (typeof RECHARGE_STATUSES)[number];

export type RechargeFilterValues = { status: RechargeStatusFilter | ""; operator: string; from: string; to: string };

/** Status, operator and date-range fields shared by every recharge list's filter bar. */
export function RechargeFilterFields({
  idPrefix,
  values,
  onChange,
  operators,
}: {
  idPrefix: string;
  values: RechargeFilterValues;
  onChange: (patch: Partial<RechargeFilterValues>) => void;
  operators: Array<{ code: string; name: string }>;
}) {
  const label = "mb-1 block text-xs font-medium text-slate-600";
  // Typed dates can cross; the list then says why it is empty (the server's message) and this offers the fix.
  const inverted = Boolean(values.from && values.to && values.from > values.to);
  return (
    <>
      <div>
        <label htmlFor={`${idPrefix}-status`} className={label}>
          Status
        </label>
        <Select id={`${idPrefix}-status`} value={values.status} onChange={(e) => onChange({ status: e.target.value as RechargeStatusFilter | "" })}>
          <option value="">All</option>
          {RECHARGE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0].toUpperCase() + s.slice(1)}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor={`${idPrefix}-operator`} className={label}>
          Operator
        </label>
        <Select id={`${idPrefix}-operator`} value={values.operator} onChange={(e) => onChange({ operator: e.target.value })}>
          <option value="">All</option>
          {operators.map((o) => (
            <option key={o.code} value={o.code}>
              {o.name}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor={`${idPrefix}-from`} className={label}>
          From
        </label>
        <Input id={`${idPrefix}-from`} type="date" value={values.from} max={values.to || undefined} onChange={(e) => onChange({ from: e.target.value })} />
      </div>
      <div>
        <label htmlFor={`${idPrefix}-to`} className={label}>
          To
        </label>
        <Input id={`${idPrefix}-to`} type="date" value={values.to} min={values.from || undefined} aria-invalid={inverted || undefined} onChange={(e) => onChange({ to: e.target.value })} />
        {inverted && (
          <button type="button" onClick={() => onChange({ from: values.to, to: values.from })} className="mt-1 text-xs font-medium text-brand-700 hover:underline">
            Swap the dates
          </button>
        )}
      </div>
    </>
  );
}
