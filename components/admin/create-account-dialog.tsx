"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { formErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { CreateAccountForm, CURRENCIES, fieldErrors, PLAIN } from "@/server/admin/schemas";
import { useAdminRefresh } from "./util";

type Created = { account_id: string; email: string; api_key: string | null; api_secret: string | null };

export function CreateAccountDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const id = useId();
  const empty = { type: "merchant", name: "", email: "", password: "", currency: "BDT", parentAccountId: "", credit: "" };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<Created | null>(null);
  const create = useMutation(
    trpc.admin.accounts.create.mutationOptions({
      onSuccess: (data) => {
        toast.success("Account created", data.email);
        setCreated(data);
        void refresh();
      },
      onError: (error) => {
        const said = formErrors(error, form);
        setErrors(said.fields);
        if (said.toast) toast.error("Could not create the account", said.toast);
      },
    }),
  );
  useEffect(() => {
    if (open) {
      setForm(empty);
      setErrors({});
      setCreated(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const set = (key: keyof typeof empty) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm((f) => ({ ...f, [key]: e.target.value }));
  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = CreateAccountForm.safeParse(form, PLAIN);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    const v = parsed.data;
    create.mutate({ ...v, parentAccountId: v.type === "retailer" && v.parentAccountId ? v.parentAccountId : undefined, credit: v.credit || undefined });
  }
  const f = (name: string, label: string, control: React.ReactNode, hint?: string) => (
    <Field id={`${id}-${name}`} label={label} error={errors[name]} hint={hint}>
      {control}
    </Field>
  );
  const aria = (name: string, hint?: string) => fieldAria(`${id}-${name}`, { error: errors[name], hint });
  return (
    <Dialog open={open} onClose={onClose} title={created ? "Account created" : "New account"} description={created ? (created.api_key ? "Hand these to the account holder. The API secret is shown only now." : "A retailer creates its own API key after signing in, if it wants one.") : undefined}>
      {created ? (
        <div className="space-y-3 text-sm">
          <dl className="space-y-2">
            {([["Account id", created.account_id], ["API key", created.api_key], ["API secret", created.api_secret]] as Array<[string, string | null]>).flatMap(([label, value]) => (value ? [[label, value] as const] : [])).map(([label, value]) => (
              <div key={label} className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-slate-50 px-3 py-2">
                <dt className="text-slate-500">{label}</dt>
                <dd className="flex items-center gap-2 break-all font-mono text-xs">{value} <CopyButton value={value} what={label} /></dd>
              </div>
            ))}
          </dl>
          <div className="flex justify-end gap-2">
            <Link href={`/admin/accounts/${created.account_id}`} className="rounded-lg px-4 py-2 font-medium text-brand-700 hover:bg-brand-50">Open account</Link>
            <Button onClick={onClose}>Done</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
          {f("type", "Type", <Select {...aria("type")} value={form.type} onChange={set("type")}><option value="merchant">Merchant</option><option value="retailer">Retailer</option></Select>)}
          {f("currency", "Currency", <Select {...aria("currency")} value={form.currency} onChange={set("currency")}>{CURRENCIES.map((c) => <option key={c}>{c}</option>)}</Select>)}
          <div className="sm:col-span-2">{f("name", "Name", <Input {...aria("name")} value={form.name} onChange={set("name")} autoComplete="off" />)}</div>
          {f("email", "Sign-in email", <Input {...aria("email")} type="email" value={form.email} onChange={set("email")} autoComplete="off" />)}
          {f("password", "Password", <Input {...aria("password", "At least 8 characters.")} type="password" value={form.password} onChange={set("password")} autoComplete="new-password" />, "At least 8 characters.")}
          {form.type === "retailer" && <div className="sm:col-span-2">{f("parentAccountId", "Merchant account id (optional)", <Input {...aria("parentAccountId")} placeholder="acct_…" value={form.parentAccountId} onChange={set("parentAccountId")} />)}</div>}
          {f("credit", "Opening credit (optional)", <Input {...aria("credit", "Paid in from outside, e.g. 1000.00.")} inputMode="decimal" placeholder="0.00" value={form.credit} onChange={set("credit")} />, "Paid in from outside, e.g. 1000.00.")}
          <div className="flex items-end justify-end gap-2 sm:col-span-2">
            <Button variant="secondary" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={create.isPending}>Create account</Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
