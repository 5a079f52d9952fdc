"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader, Skeleton } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage, fieldErrors as serverFieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { CURRENCIES, fieldErrors, LevelInput, OfferInput } from "@/server/admin/schemas";
import { OffsetPager } from "./offset-pager";
import { bps, iso, type RouterOutputs, useAdminRefresh } from "./util";

type Offer = RouterOutputs["admin"]["rewards"]["offers"]["data"][number];
type Level = RouterOutputs["admin"]["rewards"]["levels"][number];

const STATE_TONE: Record<Offer["state"], string> = { live: "active", scheduled: "pending", ended: "disabled", inactive: "disabled" };

export function RewardsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Rewards" description="Cashback offers paid into wallets on matching recharges, and the levels accounts climb with points." />
      <OffersCard />
      <LevelsCard />
    </div>
  );
}

function OffersCard() {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const [state, setState] = useState<"all" | "live" | "inactive">("all");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Offer | "new" | null>(null);
  useEffect(() => setPage(1), [state]);
  const list = useQuery(trpc.admin.rewards.offers.queryOptions({ state, page, pageSize: 10 }, { placeholderData: (prev) => prev }));
  const toggle = useMutation(
    trpc.admin.rewards.setOfferActive.mutationOptions({
      onSuccess: (o) => {
        toast.success(`${o.name} ${o.active ? "switched on" : "switched off"}`);
        void refresh();
      },
      onError: (e) => toast.error("Could not change the offer", errorMessage(e)),
    }),
  );
  const columns: Column<Offer>[] = [
    { key: "name", header: "Offer", cell: (o) => <span><span className="font-medium">{o.name}</span><span className="block text-xs text-slate-500">{o.operatorCode ?? "Any operator"} · from {o.minAmount} {o.currency}</span></span> },
    { key: "pays", header: "Pays", cell: (o) => <span className="whitespace-nowrap">{bps(o.rateBps)}, max {o.maxCashback}<span className="block text-xs text-slate-500">{o.maxPerAccount}× per account</span></span> },
    { key: "when", header: "Runs", hideOnMobile: true, cell: (o) => <span className="text-xs text-slate-600">{formatDateTime(iso(o.startsAt))} →<br />{formatDateTime(iso(o.endsAt))}</span> },
    { key: "state", header: "State", cell: (o) => <span><StatusBadge status={STATE_TONE[o.state]} label={o.state[0].toUpperCase() + o.state.slice(1)} /><span className="block text-xs text-slate-500">{o.grants} paid</span></span> },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      cell: (o) => (
        <span className="flex justify-end gap-1">
          <Button size="sm" variant="secondary" onClick={() => setEditing(o)}>Edit</Button>
          <Button size="sm" variant="ghost" onClick={() => toggle.mutate({ id: o.id, active: !o.active })}>{o.active ? "Switch off" : "Switch on"}</Button>
        </span>
      ),
    },
  ];
  return (
    <Card title="Cashback offers" actions={<Button size="sm" onClick={() => setEditing("new")}>New offer</Button>} bodyClassName="relative overflow-hidden p-0">
      <div className="border-b border-slate-100 p-4 sm:max-w-xs">
        <Field id="offer-state" label="Show">
          <Select id="offer-state" value={state} onChange={(e) => setState(e.target.value as typeof state)}>
            <option value="all">All offers</option>
            <option value="live">Live now</option>
            <option value="inactive">Switched off</option>
          </Select>
        </Field>
      </div>
      <DataTable caption="Cashback offers" columns={columns} rows={list.data?.data} rowKey={(o) => o.id} rowTestId={() => "offer-row"} loading={list.isPending} error={list.isError ? errorMessage(list.error) : null} empty="No cashback offers." />
      <OffsetPager page={page} pageSize={10} total={list.data?.total} onPage={setPage} busy={list.isFetching} />
      <OfferDialog offer={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}

/** `datetime-local` wants local time without a zone. */
function toLocalInput(d: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function OfferDialog({ offer, onClose }: { offer: Offer | "new" | null; onClose: () => void }) {
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
      setErrors(serverFieldErrors(error));
      toast.error("Could not save the offer", errorMessage(error));
    },
  };
  const create = useMutation(trpc.admin.rewards.createOffer.mutationOptions(opts));
  const update = useMutation(trpc.admin.rewards.updateOffer.mutationOptions(opts));
  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = OfferInput.safeParse({ ...form, startsAt: form.startsAt ? new Date(form.startsAt) : undefined, endsAt: form.endsAt ? new Date(form.endsAt) : undefined });
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

function LevelsCard() {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const levels = useQuery(trpc.admin.rewards.levels.queryOptions());
  const [editing, setEditing] = useState<Level | "new" | null>(null);
  const [deleting, setDeleting] = useState<Level | null>(null);
  const remove = useMutation(
    trpc.admin.rewards.deleteLevel.mutationOptions({
      onSuccess: () => {
        toast.success("Level deleted");
        void refresh();
        setDeleting(null);
      },
      onError: (e) => toast.error("Could not delete the level", errorMessage(e)),
    }),
  );
  return (
    <Card title="Reward levels" description="Accounts earn 0.5 points per 100 recharged and move up as their total passes each threshold." actions={<Button size="sm" onClick={() => setEditing("new")}>New level</Button>}>
      {levels.isPending ? (
        <Skeleton className="h-20 w-full" />
      ) : levels.isError ? (
        <p role="alert" className="text-red-700">{errorMessage(levels.error)}</p>
      ) : levels.data.length === 0 ? (
        <EmptyState title="No levels yet" />
      ) : (
        <ol className="divide-y divide-slate-100" aria-label="Reward levels">
          {levels.data.map((l) => (
            <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="level-row">
              <span><span className="font-medium">{l.name}</span> <code className="text-xs text-slate-500">{l.key}</code> <span className="text-slate-600">from {l.minPoints} points</span></span>
              <span className="flex gap-1">
                <Button size="sm" variant="secondary" onClick={() => setEditing(l)} aria-label={`Edit level ${l.name}`}>Edit</Button>
                <Button size="sm" variant="ghost" className="text-red-700" onClick={() => setDeleting(l)} aria-label={`Delete level ${l.name}`}>Delete</Button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <LevelDialog level={editing} onClose={() => setEditing(null)} />
      <Dialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete level ${deleting?.name ?? ""}?`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setDeleting(null)}>Cancel</Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => deleting && remove.mutate({ id: deleting.id })}>Delete</Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">A level that points were already earned at cannot be deleted; rename it instead.</p>
      </Dialog>
    </Card>
  );
}

function LevelDialog({ level, onClose }: { level: Level | "new" | null; onClose: () => void }) {
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
      setErrors(serverFieldErrors(error));
      toast.error("Could not save the level", errorMessage(error));
    },
  };
  const create = useMutation(trpc.admin.rewards.createLevel.mutationOptions(opts));
  const update = useMutation(trpc.admin.rewards.updateLevel.mutationOptions(opts));
  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = LevelInput.safeParse(form);
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
