"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader, Skeleton } from "@/components/ui/card";
import { errorMessage, fieldErrors as serverFieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input } from "@/components/ui/field";
import { formatPercent, formatRelative } from "@/components/ui/format";
import { toast } from "@/components/ui/toast";
import type { SetSimulatorControlInput } from "@/server/admin/schemas";
import type { RouterOutputs } from "./util";
import { CallsChart, LatencyChart } from "./charts";
import { HealthPill } from "./health-pill";
import { iso, useAdminRefresh } from "./util";

export function ProvidersPage() {
  const trpc = useTRPC();
  const health = useQuery(trpc.admin.providers.health.queryOptions(undefined, { refetchInterval: 15_000 }));
  const sim = useQuery(trpc.admin.providers.simulator.queryOptions());
  return (
    <div className="space-y-6">
      <PageHeader title="Providers" description="Health, circuit breakers and the last 24 hours of calls; routing order and costs." />
      {health.isPending ? (
        <div className="space-y-4"><Skeleton className="h-64 w-full" /><Skeleton className="h-64 w-full" /></div>
      ) : health.isError ? (
        <p role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6 text-red-800">{errorMessage(health.error)}</p>
      ) : health.data.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 p-8 text-center text-slate-500">No providers are configured.</p>
      ) : (
        health.data.map((p) => <ProviderCard key={p.name} provider={p} control={sim.data?.enabled ? sim.data.controls.find((c) => c.name === p.name) : undefined} />)
      )}
    </div>
  );
}

type ProviderHealth = RouterOutputs["admin"]["providers"]["health"][number];
type Control = { name: SetSimulatorControlInput["name"]; down: boolean; latency_ms: number; fail_rate: number; balance: string };

function ProviderCard({ provider: p, control }: { provider: ProviderHealth; control?: Control }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const check = useMutation(
    trpc.admin.providers.checkHealth.mutationOptions({
      onSuccess: (r) => {
        if (r.ok) toast.success(`${p.displayName} answered`, `${r.latencyMs} ms`);
        else toast.error(`${p.displayName} did not answer`, r.error ?? undefined);
        void refresh();
      },
      onError: (error) => toast.error("Could not check health", errorMessage(error)),
    }),
  );
  const reset = useMutation(
    trpc.admin.providers.resetCircuit.mutationOptions({
      onSuccess: () => {
        toast.success(`${p.displayName}: circuit closed`);
        void refresh();
      },
      onError: (error) => toast.error("Could not close the circuit", errorMessage(error)),
    }),
  );
  const s = p.stats;
  return (
    <Card
      aria-label={`Provider ${p.displayName}`}
      data-testid={`provider-${p.name}`}
      title={
        <span className="flex flex-wrap items-center gap-2">
          {p.displayName} <code className="text-xs font-normal text-slate-500">{p.name}</code>
          <HealthPill health={p.health} testId={`health-${p.name}`} />
        </span>
      }
      description={<span data-testid={`health-reason-${p.name}`}>{p.healthReason}</span>}
      actions={
        <>
          <Button variant="secondary" size="sm" loading={check.isPending} onClick={() => check.mutate({ name: p.name })}>Check health</Button>
          {p.breaker.state !== "closed" && <Button variant="secondary" size="sm" loading={reset.isPending} onClick={() => reset.mutate({ name: p.name })}>Close circuit</Button>}
          <Link href={`/admin/providers/${p.name}`} className="rounded-lg px-2.5 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50">Costs &amp; calls</Link>
        </>
      }
    >
      <div className="grid gap-6 lg:grid-cols-[1fr_1fr_18rem]">
        <div className="space-y-4">
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4 lg:grid-cols-2">
            <Metric label="Calls, 24 h" value={s.calls} />
            <Metric label="Success rate" value={formatPercent(s.successRate)} testId={`success-rate-${p.name}`} />
            <Metric label="Avg latency" value={s.avgLatencyMs === null ? "—" : `${s.avgLatencyMs} ms`} />
            <Metric label="p95 latency" value={s.p95LatencyMs === null ? "—" : `${s.p95LatencyMs} ms`} />
          </dl>
          <dl className="space-y-1 text-sm">
            <div className="flex justify-between gap-2"><dt className="text-slate-500">Circuit</dt><dd data-testid={`breaker-${p.name}`}>{circuitText(p.breaker)}</dd></div>
            <div className="flex justify-between gap-2"><dt className="text-slate-500">Last health check</dt><dd>{p.lastCheck ? `${p.lastCheck.ok ? "OK" : "Failed"}, ${formatRelative(iso(p.lastCheck.at))}` : "never"}</dd></div>
          </dl>
        </div>
        <div className="space-y-4">
          <CallsChart series={p.series} label={p.displayName} />
          <LatencyChart series={p.series} label={p.displayName} />
        </div>
        <div className="space-y-4">
          <RoutingForm provider={p} />
          {control && <SimulatorForm control={control} providerName={p.displayName} />}
        </div>
      </div>
    </Card>
  );
}

function Metric({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg bg-slate-50 px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums" data-testid={testId}>{value}</dd>
    </div>
  );
}

function RoutingForm({ provider: p }: { provider: ProviderHealth }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useAdminRefresh();
  const id = useId();
  const formOf = () => ({ priority: String(p.priority), weight: String(p.weight), timeoutMs: String(p.timeoutMs), notFoundWindowSeconds: p.notFoundWindowSeconds === null ? "" : String(p.notFoundWindowSeconds) });
  const [form, setForm] = useState(formOf);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => setForm(formOf()), [p.priority, p.weight, p.timeoutMs, p.notFoundWindowSeconds]);
  const update = useMutation(
    trpc.admin.providers.update.mutationOptions({
      onSuccess: (row, vars) => {
        queryClient.setQueryData(trpc.admin.providers.health.queryKey(), (old) => old?.map((x) => (x.name === row.name ? { ...x, enabled: row.enabled, priority: row.priority, weight: row.weight, timeoutMs: row.timeoutMs, notFoundWindowSeconds: row.notFoundWindowSeconds } : x)));
        toast.success(vars.enabled === undefined ? `${row.displayName}: routing saved` : `${row.displayName} ${row.enabled ? "enabled" : "disabled"}`);
        void refresh();
      },
      onError: (error) => {
        // A field's problem is said next to it, once; anything else in a toast.
        const fields = serverFieldErrors(error);
        setErrors(fields);
        if (!Object.keys(fields).length) toast.error("Could not save", errorMessage(error));
      },
    }),
  );
  // Checked by the server (server/admin/schemas UpdateProviderInput, plain messages per field): the
  // schemas stay out of this page's first load (the 200 kB budget).
  function save(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    update.mutate({ name: p.name, ...form });
  }
  const aria = (k: string) => fieldAria(`${id}-${k}`, { error: errors[k] });
  return (
    <form onSubmit={save} noValidate className="space-y-3 rounded-lg border border-slate-200 p-3" aria-label={`Routing of ${p.displayName}`}>
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">Routing</h3>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" role="switch" className="h-4 w-4 accent-brand-600" checked={update.isPending && update.variables?.enabled !== undefined ? update.variables.enabled : p.enabled} disabled={update.isPending} onChange={(e) => update.mutate({ name: p.name, enabled: e.target.checked })} aria-describedby={`${id}-enabled-hint`} />
          Enabled
        </label>
      </div>
      <p id={`${id}-enabled-hint`} className="sr-only">A disabled provider receives no orders.</p>
      <div className="grid grid-cols-3 gap-2">
        <Field id={`${id}-priority`} label="Priority" error={errors.priority}><Input {...aria("priority")} inputMode="numeric" value={form.priority} onChange={(e) => setForm({ ...form, priority: e.target.value })} /></Field>
        <Field id={`${id}-weight`} label="Weight" error={errors.weight}><Input {...aria("weight")} inputMode="numeric" value={form.weight} onChange={(e) => setForm({ ...form, weight: e.target.value })} /></Field>
        <Field id={`${id}-timeoutMs`} label="Timeout ms" error={errors.timeoutMs}><Input {...aria("timeoutMs")} inputMode="numeric" value={form.timeoutMs} onChange={(e) => setForm({ ...form, timeoutMs: e.target.value })} /></Field>
      </div>
      <Field id={`${id}-notFoundWindowSeconds`} label="Not-found window s" error={errors.notFoundWindowSeconds}>
        <Input {...aria("notFoundWindowSeconds")} inputMode="numeric" placeholder="default" value={form.notFoundWindowSeconds} onChange={(e) => setForm({ ...form, notFoundWindowSeconds: e.target.value })} />
      </Field>
      <p className="text-xs text-slate-500">Lower priority runs first; the cheapest wins among equals, then weight. After a submit with no clear answer, an order moves to another provider only once this provider has said &ldquo;no such order&rdquo; past its not-found window (empty: the server default).</p>
      <Button type="submit" size="sm" variant="secondary" loading={update.isPending}>Save routing</Button>
    </form>
  );
}

function SimulatorForm({ control, providerName }: { control: Control; providerName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useAdminRefresh();
  const id = useId();
  const [form, setForm] = useState({ latency_ms: String(control.latency_ms), fail_rate: String(control.fail_rate) });
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The switch shows the admin's choice at once (set in the change handler, synchronously), until
  // the server's answer is in the cache; a mutation's pending state arrives a tick too late for that.
  const [wantDown, setWantDown] = useState<boolean | null>(null);
  useEffect(() => setForm({ latency_ms: String(control.latency_ms), fail_rate: String(control.fail_rate) }), [control.latency_ms, control.fail_rate]);
  const set = useMutation(
    trpc.admin.providers.setSimulator.mutationOptions({
      // A refetch already in flight would land after our answer with the old state: drop it.
      onMutate: () => queryClient.cancelQueries({ queryKey: trpc.admin.providers.simulator.queryKey() }),
      onSettled: () => setWantDown(null),
      onSuccess: (r) => {
        // Show the new state at once (the switch must not flick back while the refetch runs).
        queryClient.setQueryData(trpc.admin.providers.simulator.queryKey(), (old) => (old?.enabled ? { ...old, controls: old.controls.map((c) => (c.name === r.control.name ? r.control : c)) } : old));
        const state = r.control.down ? "down" : "up";
        toast.success(`Simulator ${providerName} is ${state}`, r.health ? (r.health.ok ? `Health check OK (${r.health.latencyMs} ms)` : `Health check failed: ${r.health.error ?? "no answer"}`) : undefined);
        void refresh();
      },
      onError: (error) => {
        const fields = serverFieldErrors(error);
        setErrors(fields);
        if (!Object.keys(fields).length) toast.error("Could not change the simulator", errorMessage(error));
      },
    }),
  );
  // Checked by the server, like the routing form.
  function apply(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    set.mutate({ name: control.name, ...form });
  }
  return (
    <form onSubmit={apply} noValidate className="space-y-3 rounded-lg border border-dashed border-amber-300 bg-amber-50/40 p-3" aria-label={`Simulator ${providerName}`}>
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">Simulator</h3>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" role="switch" className="h-4 w-4 accent-red-600" checked={wantDown ?? control.down} disabled={set.isPending} onChange={(e) => { setWantDown(e.target.checked); set.mutate({ name: control.name, down: e.target.checked }); }} />
          Down
        </label>
      </div>
      <div className="grid grid-cols-2 gap-2">
        <Field id={`${id}-lat`} label="Latency ms" error={errors.latency_ms}><Input {...fieldAria(`${id}-lat`, { error: errors.latency_ms })} inputMode="numeric" value={form.latency_ms} onChange={(e) => setForm({ ...form, latency_ms: e.target.value })} /></Field>
        <Field id={`${id}-fail`} label="Fail rate 0–1" error={errors.fail_rate}><Input {...fieldAria(`${id}-fail`, { error: errors.fail_rate })} inputMode="decimal" value={form.fail_rate} onChange={(e) => setForm({ ...form, fail_rate: e.target.value })} /></Field>
      </div>
      <Button type="submit" size="sm" variant="secondary" loading={set.isPending}>Apply</Button>
    </form>
  );
}

/** The circuit as it is: closed, open until its probe, or being probed (the sweeper probes on the cool-down). */
function circuitText(b: { state: string; consecutiveFailures: number; probeAt: Date | string | null; open: boolean }) {
  if (b.state === "closed") return b.consecutiveFailures ? `Closed · ${b.consecutiveFailures} failure${b.consecutiveFailures === 1 ? "" : "s"} in a row` : "Closed";
  if (b.open && b.probeAt) return `Open · next probe ${formatRelative(iso(b.probeAt))}`;
  return "Probing";
}
