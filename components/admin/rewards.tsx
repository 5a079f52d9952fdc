"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader, Skeleton } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage } from "@/components/ui/errors";
import { Field, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { OffsetPager } from "./offset-pager";
import { bps, iso, type RouterOutputs, useAdminRefresh } from "./util";

export type Offer = RouterOutputs["admin"]["rewards"]["offers"]["data"][number];
export type Level = RouterOutputs["admin"]["rewards"]["levels"][number];

// Opened on demand: their form schemas stay out of the page's first load.
const OfferDialog = dynamic(() => import("./reward-dialogs").then((m) => m.OfferDialog), { ssr: false });
const LevelDialog = dynamic(() => import("./reward-dialogs").then((m) => m.LevelDialog), { ssr: false });

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
      {editing && <OfferDialog offer={editing} onClose={() => setEditing(null)} />}
    </Card>
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
      {editing && <LevelDialog level={editing} onClose={() => setEditing(null)} />}
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
