"use client";
// The rewards page's edit dialogs, loaded when one is opened: they carry the form schemas (zod), which
// the page's first load does without (the 200 kB budget).
import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { formErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { CURRENCIES, fieldErrors, LevelInput, OfferInput, PLAIN } from "@/server/admin/schemas";
import type { Level, Offer } from "./rewards";
import { useAdminRefresh } from "./util";

/** `datetime-local` wants local time without a zone. */
function toLocalInput(d: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function OfferDialog({ offer, onClose }: { offer: Offer | "new" | null; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const id = useId();
  const fresh = () => {
    const start = new Date();
    start.setSeconds(0, 0);
    return { name: "", operatorCode: "", currency: "BDT", minAmount: "0", rateBps: "100", maxCashback: "10.00", maxPerAccount: "1", startsAt: toLocalInput(start), endsAt: toLocalInput(new Date(start.getTime() + 7 * 86_400_000)), active: true };
  };
  const [form, setForm] = useState(fresh);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    setErrors({});
    if (offer && offer !== "new") {
      setForm({ name: offer.name, operatorCode: offer.operatorCode ?? "", currency: offer.currency, minAmount: offer.minAmount, rateBps: String(offer.rateBps), maxCashback: offer.maxCashback, maxPerAccount: String(offer.maxPerAccount), startsAt: toLocalInput(new Date(offer.startsAt)), endsAt: toLocalInput(new Date(offer.endsAt)), active: offer.active });
    } else setForm(fresh());
  }, [offer]);
  const opts = {
    onSuccess: () => {
      toast.success(offer === "new" ? "Offer created" : "Offer saved");
      void refresh();
      onClose();
    },
    onError: (error: unknown) => {
      const said = formErrors(error, form);
      setErrors(said.fields);
      if (said.toast) toast.error("Could not save the offer", said.toast);
    },
  };
  const create = useMutation(trpc.admin.rewards.createOffer.mutationOptions(opts));
  const update = useMutation(trpc.admin.rewards.updateOffer.mutationOptions(opts));
  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = OfferInput.safeParse({ ...form, startsAt: form.startsAt ? new Date(form.startsAt) : undefined, endsAt: form.endsAt ? new Date(form.endsAt) : undefined }, PLAIN);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    if (offer && offer !== "new") update.mutate({ id: offer.id, offer: parsed.data });
    else create.mutate(parsed.data);
  }
  const err = (k: string) => errors[k] ?? errors[`offer.${k}`];
  const field = (k: Exclude<keyof ReturnType<typeof fresh>, "active">, label: string, hint?: string, type = "text") => (
    <Field id={`${id}-${k}`} label={label} error={err(k)} hint={hint}>
      <Input {...fieldAria(`${id}-${k}`, { error: err(k), hint })} type={type} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
    </Field>
  );
  return (
    <Dialog open={offer !== null} onClose={onClose} title={offer === "new" ? "New cashback offer" : "Edit cashback offer"}>
      <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">{field("name", "Name")}</div>
        {field("operatorCode", "Operator code", "Empty: any operator.")}
        <Field id={`${id}-currency`} label="Currency" error={err("currency")}>
          <Select {...fieldAria(`${id}-currency`, { error: err("currency") })} value={form.currency} onChange={(e) => setForm({ ...form, currency: e.target.value })}>
            {CURRENCIES.map((c) => <option key={c}>{c}</option>)}
          </Select>
        </Field>
        {field("minAmount", "Minimum recharge")}
        {field("rateBps", "Cashback rate (bps)", "100 bps = 1%.")}
        {field("maxCashback", "Cap per recharge")}
        {field("maxPerAccount", "Times per account")}
        {field("startsAt", "Starts", undefined, "datetime-local")}
        {field("endsAt", "Ends", undefined, "datetime-local")}
        <label className="flex items-center gap-2 text-sm font-medium sm:col-span-2">
          <input type="checkbox" className="h-4 w-4 accent-brand-600" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />
          Active
        </label>
        <div className="flex justify-end gap-2 sm:col-span-2">
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>Save offer</Button>
        </div>
      </form>
    </Dialog>
  );
}

export function LevelDialog({ level, onClose }: { level: Level | "new" | null; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const id = useId();
  const [form, setForm] = useState({ key: "", name: "", minPoints: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    setErrors({});
    setForm(level && level !== "new" ? { key: level.key, name: level.name, minPoints: level.minPoints } : { key: "", name: "", minPoints: "" });
  }, [level]);
  const opts = {
    onSuccess: () => {
      toast.success(level === "new" ? "Level added" : "Level saved");
      void refresh();
      onClose();
    },
    onError: (error: unknown) => {
      const said = formErrors(error, form);
      setErrors(said.fields);
      if (said.toast) toast.error("Could not save the level", said.toast);
    },
  };
  const create = useMutation(trpc.admin.rewards.createLevel.mutationOptions(opts));
  const update = useMutation(trpc.admin.rewards.updateLevel.mutationOptions(opts));
  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = LevelInput.safeParse(form, PLAIN);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    if (level && level !== "new") update.mutate({ ...parsed.data, id: level.id });
    else create.mutate(parsed.data);
  }
  const field = (k: keyof typeof form, label: string, hint?: string) => (
    <Field id={`${id}-${k}`} label={label} error={errors[k]} hint={hint}>
      <Input {...fieldAria(`${id}-${k}`, { error: errors[k], hint })} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
    </Field>
  );
  return (
    <Dialog open={level !== null} onClose={onClose} title={level === "new" ? "New reward level" : "Edit reward level"}>
      <form onSubmit={submit} noValidate className="space-y-4">
        {field("name", "Name")}
        {field("key", "Key", "Lowercase, used by the API, e.g. gold.")}
        {field("minPoints", "From points", "e.g. 100 or 12.50")}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>Save level</Button>
        </div>
      </form>
    </Dialog>
  );
}
