"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader, Skeleton } from "@/components/ui/card";
import { downloadCsv } from "@/components/ui/csv";
import { errorMessage } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { ReasonDialog } from "./reason-dialog";
import { type RouterOutputs, useAdminRefresh } from "./util";

type Run = RouterOutputs["admin"]["recon"]["runs"]["data"][number];
type Difference = RouterOutputs["admin"]["recon"]["differences"]["data"][number];

const RUNS_PAGE = 20;
const DIFFERENCES_PAGE = 25;
type Action = "capture" | "recover" | "refund" | "write_off";

export const KIND_LABEL: Record<string, string> = {
  provider_performed: "Provider performed it, we did not",
  provider_missing: "Provider has no record",
  provider_failed: "Provider failed it, we captured",
  amount_mismatch: "Amount differs",
  cost_mismatch: "Cost differs",
  unknown_order: "Order we never sent",
  float_drift: "Float drift",
};

const ACTION: Record<Action, { label: string; title: string; description: string; tone: "danger" | "primary" }> = {
  capture: { label: "Check status and capture", title: "Check with the provider and capture?", description: "A status check runs now; if the provider confirms, the held amount is captured like any successful recharge.", tone: "primary" },
  recover: { label: "Recover from wallet", title: "Debit the customer's wallet?", description: "The customer got this amount back when the recharge failed, but the provider delivered it. The amount is debited from their wallet to the provider float.", tone: "danger" },
  refund: { label: "Refund", title: "Refund this recharge?", description: "We captured the amount but the provider did not deliver. The amount (less commission) goes back to the customer's wallet.", tone: "danger" },
  write_off: { label: "Write off", title: "Write this amount off?", description: "The provider's float paid for it and nobody will: the amount moves from our revenue to the provider float.", tone: "danger" },
};

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

export function ReconciliationPage() {
  const trpc = useTRPC();
  const providers = useQuery(trpc.admin.providers.health.queryOptions());
  const names = (providers.data ?? []).map((p) => p.name);
  const [provider, setProvider] = useState("");
  useEffect(() => {
    if (!provider && names.length) setProvider(names[0]);
  }, [provider, names]);
  const [runId, setRunId] = useState<string | null>(null);
  // Each run started here takes the runs list back to its first page, where the new run is.
  const [runs, setRuns] = useState(0);
  return (
    <div className="space-y-6">
      <PageHeader title="Reconciliation" description="Each provider's statement compared with our books, daily and on demand. Settle every difference: resolve it (one journal) or dismiss it with a reason." />
      <div className="grid gap-6 lg:grid-cols-2">
        <RunNow provider={provider} providers={names} onProvider={setProvider} onRun={(id) => { setRunId(id); setRuns((n) => n + 1); }} />
        <FloatCard provider={provider} />
      </div>
      <RunsCard provider={provider} selected={runId} onSelect={setRunId} started={runs} />
      <DifferencesCard runId={runId} provider={provider} onClearRun={() => setRunId(null)} />
    </div>
  );
}

function RunNow({ provider, providers, onProvider, onRun }: { provider: string; providers: string[]; onProvider: (p: string) => void; onRun: (id: string) => void }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const id = useId();
  const [day, setDay] = useState(yesterday);
  const run = useMutation(
    trpc.admin.recon.run.mutationOptions({
      onSuccess: (r) => {
        if (r.status === "failed") toast.error(`Run for ${r.provider} failed`, r.error ?? undefined);
        else toast.success(`${r.provider} ${r.day}: ${r.differences} difference${r.differences === 1 ? "" : "s"}`, `${r.matched} matched, ${r.newDifferences} new`);
        onRun(r.id);
        void refresh();
      },
      onError: (error) => toast.error("Could not run the reconciliation", errorMessage(error)),
    }),
  );
  return (
    <Card title="Run a reconciliation" description="Fetches the provider's statement for the day (UTC) and compares it with our orders.">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (provider) run.mutate({ provider, day });
        }}
      >
        <Field id={`${id}-p`} label="Provider" className="min-w-36">
          <Select id={`${id}-p`} value={provider} onChange={(e) => onProvider(e.target.value)}>
            {providers.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={`${id}-d`} label="Day">
          <Input id={`${id}-d`} type="date" value={day} max={new Date().toISOString().slice(0, 10)} onChange={(e) => setDay(e.target.value)} required />
        </Field>
        <Button type="submit" loading={run.isPending} disabled={!provider}>
          Run now
        </Button>
      </form>
    </Card>
  );
}

/** Two lines, one point per reconciled day: the float they report and the float our books expect. */
function FloatCard({ provider }: { provider: string }) {
  const trpc = useTRPC();
  const series = useQuery({ ...trpc.admin.recon.float.queryOptions({ provider, days: 30 }), enabled: Boolean(provider) });
  const points = series.data ?? [];
  const currency = points[0]?.currency ?? "";
  const last = points[points.length - 1];
  const drift = last ? Number(last.reported) - Number(last.booked) : 0;
  return (
    <Card title={`Provider float: ${provider || "…"}`} description="What the provider reports against what our books expect, per reconciled day.">
      {series.isPending && provider ? (
        <Skeleton className="h-28 w-full" />
      ) : series.isError ? (
        <p role="alert" className="text-sm text-red-700">{errorMessage(series.error)}</p>
      ) : points.length === 0 ? (
        <EmptyState title="No reconciled days yet">Run a reconciliation to start the series.</EmptyState>
      ) : (
        <div className="space-y-2">
          <FloatChart points={points} provider={provider} />
          <p className="text-sm text-slate-700" data-testid="float-summary">
            {last.day}: reported <strong className="tabular-nums">{last.reported} {currency}</strong>, booked <strong className="tabular-nums">{last.booked} {currency}</strong>
            {drift !== 0 ? <span className="ml-1 font-medium text-red-700">(drift {drift > 0 ? "+" : ""}{drift.toFixed(2)})</span> : <span className="ml-1 text-brand-700">(in agreement)</span>}
          </p>
        </div>
      )}
    </Card>
  );
}

function FloatChart({ points, provider }: { points: Array<{ day: string; reported: string; booked: string; currency: string }>; provider: string }) {
  const w = 240;
  const h = 80;
  const values = points.flatMap((p) => [Number(p.reported), Number(p.booked)]);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const x = (i: number) => (points.length === 1 ? w / 2 : 4 + (i * (w - 8)) / (points.length - 1));
  const y = (v: number) => h - 6 - ((v - min) / span) * (h - 12);
  const line = (pick: (p: (typeof points)[number]) => string) => points.map((p, i) => `${x(i).toFixed(1)},${y(Number(pick(p))).toFixed(1)}`).join(" ");
  const summary = `${provider} float over ${points.length} day(s): last reported ${points[points.length - 1].reported}, booked ${points[points.length - 1].booked} ${points[0].currency}.`;
  return (
    <figure className="space-y-1">
      <figcaption className="flex items-baseline justify-between text-xs text-slate-500">
        <span>
          <span className="inline-flex items-center gap-1"><i className="inline-block h-0.5 w-3 bg-brand-600" aria-hidden="true" />reported</span>
          <span className="ml-2 inline-flex items-center gap-1"><i className="inline-block h-0.5 w-3 bg-amber-500" aria-hidden="true" />booked</span>
        </span>
        <span className="tabular-nums">{min.toFixed(2)} – {max.toFixed(2)} {points[0].currency}</span>
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" className="h-28 w-full rounded bg-slate-50" role="img" aria-label={summary} data-testid="float-chart">
        {points.length > 1 ? (
          <>
            <polyline points={line((p) => p.booked)} fill="none" className="stroke-amber-500" strokeWidth={2} strokeDasharray="4 3" vectorEffect="non-scaling-stroke" />
            <polyline points={line((p) => p.reported)} fill="none" className="stroke-brand-600" strokeWidth={2} vectorEffect="non-scaling-stroke" />
          </>
        ) : null}
        {points.map((p, i) => (
          <g key={p.day}>
            <title>{`${p.day}: reported ${p.reported}, booked ${p.booked}`}</title>
            <circle cx={x(i)} cy={y(Number(p.booked))} r={2} className="fill-amber-500" />
            <circle cx={x(i)} cy={y(Number(p.reported))} r={2} className="fill-brand-600" />
          </g>
        ))}
      </svg>
      <div className="flex justify-between text-[10px] text-slate-400" aria-hidden="true">
        <span>{points[0].day}</span>
        <span>{points[points.length - 1].day}</span>
      </div>
    </figure>
  );
}

function RunsCard({ provider, selected, onSelect, started }: { provider: string; selected: string | null; onSelect: (id: string | null) => void; started: number }) {
  const trpc = useTRPC();
  const [all, setAll] = useState(false);
  const pages = useCursorPages();
  const { reset } = pages;
  // Another provider, all of them, or a run just started: back to the newest runs.
  useEffect(() => reset(), [provider, all, started, reset]);
  const runs = useQuery(trpc.admin.recon.runs.queryOptions({ provider: all ? undefined : provider || undefined, cursor: pages.cursor, limit: RUNS_PAGE }, { placeholderData: (prev) => prev }));
  return (
    <Card
      title="Runs"
      bodyClassName="p-0"
      actions={
        <label className="flex items-center gap-2 text-sm text-slate-600">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> All providers
        </label>
      }
    >
      {runs.isPending ? (
        <div className="space-y-2 p-4"><Skeleton className="h-8 w-full" /><Skeleton className="h-8 w-full" /></div>
      ) : runs.isError ? (
        <p role="alert" className="p-4 text-sm text-red-700">{errorMessage(runs.error)}</p>
      ) : runs.data.data.length === 0 ? (
        <div className="p-4"><EmptyState title="No runs yet">The daily run starts shortly after midnight UTC; run one now above.</EmptyState></div>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Reconciliation runs</caption>
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <th scope="col" className="px-3 py-2 font-medium">Day</th>
                <th scope="col" className="px-3 py-2 font-medium">Provider</th>
                <th scope="col" className="px-3 py-2 font-medium">Status</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Matched</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Differences</th>
                <th scope="col" className="hidden px-3 py-2 text-right font-medium md:table-cell">Float reported / booked</th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">Started</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">Open</span></th>
              </tr>
            </thead>
            <tbody>
              {runs.data.data.map((r) => (
                <RunRow key={r.id} run={r} selected={selected === r.id} onSelect={() => onSelect(selected === r.id ? null : r.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={runs.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={runs.isFetching} label="Runs pages" />
    </Card>
  );
}

function RunRow({ run: r, selected, onSelect }: { run: Run; selected: boolean; onSelect: () => void }) {
  return (
    <tr className={`border-b border-slate-100 ${selected ? "bg-brand-50" : ""}`} data-testid="recon-run">
      <td className="px-3 py-2 font-medium tabular-nums">{r.day}</td>
      <td className="px-3 py-2">{r.provider} <span className="text-xs text-slate-500">({r.trigger})</span></td>
      <td className="px-3 py-2">
        <StatusBadge status={r.status === "completed" ? (r.differences ? "open" : "ok") : r.status === "failed" ? "failed" : "pending"} label={r.status === "completed" ? (r.differences ? "Differences" : "Clean") : r.status === "failed" ? "Failed" : "Running"} />
        {r.error && <span className="ml-2 text-xs text-red-700">{r.error}</span>}
      </td>
      <td className="px-3 py-2 text-right tabular-nums">{r.matched}/{r.ourOrders}</td>
      <td className="px-3 py-2 text-right tabular-nums">
        {r.differences}
        {r.newDifferences ? <span className="ml-1 text-xs text-amber-700">({r.newDifferences} new)</span> : null}
      </td>
      <td className="hidden px-3 py-2 text-right tabular-nums md:table-cell">
        {r.reported ?? "—"} / {r.booked ?? "—"} {r.floatCurrency ?? ""}
        {r.drift && r.drift !== "0.00" ? <span className="ml-1 text-red-700">({r.drift})</span> : null}
      </td>
      <td className="hidden px-3 py-2 text-slate-600 md:table-cell">{formatDateTime(r.startedAt)}</td>
      <td className="px-3 py-2 text-right">
        <Button size="sm" variant={selected ? "primary" : "secondary"} onClick={onSelect} aria-pressed={selected}>
          {selected ? "Showing" : "Show"}
        </Button>
      </td>
    </tr>
  );
}

function DifferencesCard({ runId, provider, onClearRun }: { runId: string | null; provider: string; onClearRun: () => void }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const queryClient = useQueryClient();
  const [state, setState] = useState<"open" | "resolved" | "dismissed" | "">(runId ? "" : "open");
  useEffect(() => setState(runId ? "" : "open"), [runId]);
  const pages = useCursorPages();
  const { reset } = pages;
  // Another run, provider or state starts again at the newest differences.
  useEffect(() => reset(), [runId, provider, state, reset]);
  const filter = { runId: runId ?? undefined, provider: runId ? undefined : provider || undefined, state: state || undefined };
  const list = useQuery(trpc.admin.recon.differences.queryOptions({ ...filter, cursor: pages.cursor, limit: DIFFERENCES_PAGE }, { placeholderData: (prev) => prev }));
  const [exporting, setExporting] = useState(false);
  const [acting, setActing] = useState<null | { d: Difference; action: Action | "dismiss" }>(null);
  const onDone = (message: string) => {
    toast.success(message);
    setActing(null);
    void refresh();
  };
  const resolve = useMutation(trpc.admin.recon.resolve.mutationOptions({ onSuccess: (d) => onDone(`Resolved: ${KIND_LABEL[d.kind]}`) }));
  const dismiss = useMutation(trpc.admin.recon.dismiss.mutationOptions({ onSuccess: () => onDone("Dismissed") }));
  const pending = resolve.isPending || dismiss.isPending;
  const serverError = resolve.error ? errorMessage(resolve.error) : dismiss.error ? errorMessage(dismiss.error) : null;
  const rows = list.data?.data ?? [];

  /** Every difference the filter selects, not only the page on screen: fetched page by page. */
  async function exportCsv() {
    setExporting(true);
    try {
      const all: Difference[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryClient.fetchQuery(trpc.admin.recon.differences.queryOptions({ ...filter, cursor, limit: 500 }, { staleTime: 0 }));
        all.push(...page.data);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      downloadCsv(`reconciliation-${runId ?? provider ?? "all"}-${new Date().toISOString().slice(0, 10)}.csv`, [
        ["id", "provider", "kind", "subject", "recharge_id", "provider_ref", "amount", "currency", "summary", "state", "resolution", "reason", "journal_id", "settled_by", "settled_at", "found_at"],
        ...all.map((d) => [d.id, d.provider, d.kind, d.subject, d.rechargeId, d.providerRef, d.amount, d.currency, d.summary, d.state, d.resolution, d.reason, d.journalId, d.settledBy, d.settledAt, d.createdAt]),
      ]);
    } catch (error) {
      toast.error("Could not export the differences", errorMessage(error));
    } finally {
      setExporting(false);
    }
  }

  return (
    <Card
      title={runId ? "Differences found by this run" : `Differences${provider ? ` with ${provider}` : ""}`}
      bodyClassName="p-0"
      actions={
        <div className="flex flex-wrap items-center gap-2">
          {runId && (
            <Button size="sm" variant="ghost" onClick={onClearRun}>
              All runs
            </Button>
          )}
          <Button size="sm" variant="secondary" onClick={() => void exportCsv()} disabled={!rows.length} loading={exporting}>
            Export CSV
          </Button>
        </div>
      }
    >
      <div className="border-b border-slate-100 p-4 sm:max-w-xs">
        <Field id="rd-state" label="Show">
          <Select id="rd-state" value={state} onChange={(e) => setState(e.target.value as typeof state)}>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
            <option value="dismissed">Dismissed</option>
            <option value="">All</option>
          </Select>
        </Field>
      </div>
      {list.isPending ? (
        <div className="space-y-3 p-4"><Skeleton className="h-16 w-full" /><Skeleton className="h-16 w-full" /></div>
      ) : list.isError ? (
        <p role="alert" className="p-6 text-center text-red-700">{errorMessage(list.error)}</p>
      ) : rows.length === 0 ? (
        <div className="p-4"><EmptyState title={state === "open" ? "Nothing to settle" : "No differences here"}>{state === "open" ? "Our books agree with the provider's." : null}</EmptyState></div>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Differences">
          {rows.map((d) => (
            <li key={d.id} className="flex flex-col gap-3 p-4 lg:flex-row lg:items-start lg:justify-between" data-testid="recon-difference" data-kind={d.kind}>
              <div className="min-w-0 space-y-1 text-sm">
                <p className="flex flex-wrap items-center gap-2">
                  <StatusBadge status={d.state} />
                  <span className="font-medium">{KIND_LABEL[d.kind] ?? d.kind}</span>
                  <span className="text-slate-500">· {d.provider}{d.amount ? ` · ${d.amount} ${d.currency}` : ""}</span>
                </p>
                <p className="break-words text-slate-800">{d.summary}</p>
                <p className="break-all text-xs text-slate-500">
                  {d.rechargeId ? (
                    <Link href={`/admin/recharges/${d.rechargeId}`} className="font-medium text-brand-700 hover:underline">{d.subject}</Link>
                  ) : (
                    d.subject
                  )}
                  {d.providerRef ? ` · their ref ${d.providerRef}` : ""} · found {formatDateTime(d.createdAt)}
                </p>
                {d.state !== "open" && (
                  <p className="text-xs text-slate-600">
                    {d.state === "resolved" ? `Resolved (${d.resolution?.replace("_", " ")})` : "Dismissed"} by {d.settledBy} {formatDateTime(d.settledAt)}: “{d.reason}”{d.journalId ? ` · journal ${d.journalId}` : ""}
                  </p>
                )}
              </div>
              {d.state === "open" && (
                <div className="flex shrink-0 flex-wrap gap-2">
                  {d.actions.map((a) => (
                    <Button key={a} size="sm" variant={ACTION[a].tone === "danger" ? "danger" : "primary"} onClick={() => { resolve.reset(); setActing({ d, action: a }); }}>
                      {ACTION[a].label}
                    </Button>
                  ))}
                  <Button size="sm" variant="secondary" onClick={() => { dismiss.reset(); setActing({ d, action: "dismiss" }); }}>
                    Dismiss
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={list.isFetching} label="Differences pages" />
      <ReasonDialog
        open={acting !== null}
        onClose={() => setActing(null)}
        title={acting ? (acting.action === "dismiss" ? "Dismiss this difference?" : ACTION[acting.action].title) : ""}
        description={
          acting ? (
            <>
              <span className="block">{acting.d.summary}</span>
              <span className="mt-1 block">{acting.action === "dismiss" ? "Nothing is booked; the difference is closed with your reason." : ACTION[acting.action].description}</span>
            </>
          ) : undefined
        }
        confirmLabel={acting ? (acting.action === "dismiss" ? "Dismiss" : ACTION[acting.action].label) : ""}
        tone={acting && acting.action !== "dismiss" ? ACTION[acting.action].tone : "primary"}
        pending={pending}
        serverError={serverError}
        onConfirm={(reason) => {
          if (!acting) return;
          if (acting.action === "dismiss") dismiss.mutate({ id: acting.d.id, reason });
          else resolve.mutate({ id: acting.d.id, action: acting.action, reason });
        }}
      />
    </Card>
  );
}
