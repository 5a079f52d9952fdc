"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader, Skeleton } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { actionLabel, auditSummary } from "./audit-log";
import { ReasonDialog } from "./reason-dialog";
import { iso, useAdminRefresh } from "./util";

export function RechargeDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const detail = useQuery(trpc.admin.recharges.get.queryOptions({ id }));
  const [dialog, setDialog] = useState<null | "refund" | "resolve">(null);
  const [outcome, setOutcome] = useState<"succeeded" | "failed">("failed");
  const [operatorTxn, setOperatorTxn] = useState("");
  const fid = useId();
  const refund = useMutation(
    trpc.admin.recharges.refund.mutationOptions({
      onSuccess: (r) => {
        toast.success("Recharge refunded", `${r.amount} ${r.currency} returned to the account.`);
        void refresh();
        setDialog(null);
      },
      onError: (error) => toast.error("Could not refund", errorMessage(error)),
    }),
  );
  const resolve = useMutation(
    trpc.admin.recharges.resolve.mutationOptions({
      onSuccess: (r) => {
        toast.success(`Recharge marked ${r.status}`);
        void refresh();
        setDialog(null);
      },
      onError: (error) => toast.error("Could not resolve", errorMessage(error)),
    }),
  );

  if (detail.isPending) return <Skeleton className="h-40 w-full" />;
  if (detail.isError) {
    return (
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6 text-red-800">
        {errorMessage(detail.error)} <Link href="/admin/recharges" className="underline">Back to recharges</Link>
      </div>
    );
  }
  const { recharge: r, timeline, providerCalls, actions } = detail.data;
  const rows: Array<[string, React.ReactNode]> = [
    ["Account", <Link key="a" href={`/admin/accounts/${r.account_id}`} className="text-brand-700 hover:underline">{r.account_name ?? r.account_id}</Link>],
    ["Number", `${r.target} (${r.operator}, ${r.country})`],
    ["Service", `${r.service} · ${r.account_type}`],
    ["Amount", `${r.amount} ${r.currency}`],
    ["Commission", `${r.commission} ${r.currency}`],
    ["Provider", r.provider ? `${r.provider}${r.provider_ref ? ` · ${r.provider_ref}` : ""}` : "—"],
    ["Operator transaction", r.operator_transaction_id ?? "—"],
    [r.status === "refunded" ? "Refund reason" : "Failure", r.failure_reason ?? "—"],
    ["Balance before → after", r.balance_before ? `${r.balance_before} → ${r.balance_after ?? "…"}` : "—"],
    ...(r.last_error ? ([["Last error", <span key="e" className="text-red-700" data-testid="recharge-last-error">{r.last_error}</span>]] as Array<[string, React.ReactNode]>) : []),
    ["Channel", r.channel],
    ["Created", formatDateTime(r.created_at)],
    ["Completed", formatDateTime(r.completed_at)],
  ];
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/admin/recharges" className="hover:underline">Recharges</Link> / <span>{r.reference}</span>
      </nav>
      <PageHeader
        title={`Recharge ${r.reference}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={r.status} />
            {r.needs_review && <StatusBadge status="open" label="Needs decision" />}
            <code className="text-xs">{r.id}</code>
          </span>
        }
        actions={
          <>
            {r.status === "succeeded" && <Button variant="danger" onClick={() => setDialog("refund")}>Refund</Button>}
            {r.needs_review && r.internal_status === "pending" && <Button onClick={() => setDialog("resolve")}>Decide outcome</Button>}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            {rows.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd className="min-w-0 break-words" data-testid={k === "Account" ? undefined : undefined}>{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="Timeline">
          <ol className="relative space-y-3 border-l border-slate-200 pl-4 text-sm" aria-label="Status history">
            {timeline.map((t, i) => (
              <li key={i}>
                <span aria-hidden="true" className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white bg-brand-500" />
                <p className="font-medium capitalize">{t.status}</p>
                <p className="text-xs text-slate-500">{formatDateTime(t.at)}{t.note ? ` · ${t.note}` : ""}</p>
              </li>
            ))}
            {actions.map((a) => (
              <li key={a.id}>
                <span aria-hidden="true" className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white bg-sky-500" />
                <p className="font-medium">{actionLabel(a.action)}</p>
                <p className="text-xs text-slate-500">{formatDateTime(iso(a.at))} · {auditSummary(a)}</p>
              </li>
            ))}
          </ol>
        </Card>
      </div>
      <Card title="Provider calls" description="Requests and answers, secrets masked." bodyClassName="p-0">
        {providerCalls.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">No calls to any provider.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {providerCalls.map((c) => (
              <li key={c.id} className="px-5 py-3 text-sm">
                <details>
                  <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1">
                    <span className="font-medium">{c.provider} · {c.operation}</span>
                    <StatusBadge status={c.outcome.startsWith("failed") ? "failed" : c.outcome} label={c.outcome} />
                    <span className="text-slate-500">{c.latencyMs} ms · HTTP {c.httpStatus ?? "—"} · {formatDateTime(iso(c.createdAt))}</span>
                  </summary>
                  <div className="mt-2 grid gap-2 md:grid-cols-2">
                    <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs" aria-label="Request">{c.method} {c.url}{"\n"}{JSON.stringify(c.request, null, 2)}</pre>
                    <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs" aria-label="Response">{c.error ? `${c.error}\n` : ""}{JSON.stringify(c.response, null, 2)}</pre>
                  </div>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <ReasonDialog
        open={dialog === "refund"}
        onClose={() => setDialog(null)}
        title="Refund this recharge?"
        description={`${r.amount} ${r.currency} goes back to ${r.account_name ?? "the account"}'s wallet, and the commission is taken back. This cannot be undone.`}
        confirmLabel="Refund"
        pending={refund.isPending}
        onConfirm={(reason) => refund.mutate({ id: r.id, reason })}
      />
      <ReasonDialog
        open={dialog === "resolve"}
        onClose={() => setDialog(null)}
        title="Decide this recharge"
        description="Only after checking with the provider: its status checks ran out without a definite answer."
        confirmLabel={outcome === "succeeded" ? "Mark succeeded" : "Mark failed and release"}
        tone={outcome === "succeeded" ? "primary" : "danger"}
        reasonLabel="Note"
        pending={resolve.isPending}
        onConfirm={(note) => resolve.mutate({ id: r.id, outcome, note, operatorTransactionId: operatorTxn.trim() || undefined })}
      >
        <Field id={`${fid}-outcome`} label="Outcome">
          <Select id={`${fid}-outcome`} value={outcome} onChange={(e) => setOutcome(e.target.value as "succeeded" | "failed")}>
            <option value="failed">Failed: release the held amount</option>
            <option value="succeeded">Succeeded: capture the held amount</option>
          </Select>
        </Field>
        {outcome === "succeeded" && (
          <Field id={`${fid}-txn`} label="Operator transaction id (optional)">
            <Input id={`${fid}-txn`} value={operatorTxn} onChange={(e) => setOperatorTxn(e.target.value)} />
          </Field>
        )}
      </ReasonDialog>
    </div>
  );
}
