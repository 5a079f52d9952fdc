"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader, Skeleton, Stat } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage, fieldErrors as serverFieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { AdminAdjustWalletInput, PLAIN } from "@/server/admin/schemas";
import { actionLabel, auditSummary } from "./audit-log";
import { ReasonDialog } from "./reason-dialog";
import { iso, useAdminRefresh } from "./util";

export function AccountDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const account = useQuery(trpc.admin.accounts.get.queryOptions({ id }));
  const recharges = useQuery(trpc.admin.recharges.list.queryOptions({ accountId: id, limit: 10 }));
  const audit = useQuery(trpc.admin.audit.list.queryOptions({ accountId: id, limit: 10 }));
  const [dialog, setDialog] = useState<null | "credit" | "debit" | "status">(null);

  if (account.isPending) {
    return (
      <div className="space-y-4" aria-busy="true">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }
  if (account.isError) {
    return (
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6 text-red-800">
        {errorMessage(account.error)} <Link href="/admin/accounts" className="underline">Back to accounts</Link>
      </div>
    );
  }
  const a = account.data;
  const suspended = a.status === "suspended";
  type R = NonNullable<typeof recharges.data>["data"][number];
  const rechargeColumns: Column<R>[] = [
    { key: "ref", header: "Reference", cell: (r) => <Link href={`/admin/recharges/${r.id}`} className="font-medium text-brand-700 hover:underline">{r.reference}</Link> },
    { key: "target", header: "Number", hideOnMobile: true, cell: (r) => `${r.operator} · ${r.target}` },
    { key: "amount", header: "Amount", align: "right", cell: (r) => <span className="tabular-nums">{r.amount} {r.currency}</span> },
    { key: "status", header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
  ];
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/admin/accounts" className="hover:underline">Accounts</Link> / <span>{a.name}</span>
      </nav>
      <PageHeader
        title={a.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={a.status} /> <span className="capitalize">{a.type}</span> · {a.email} · <code className="text-xs">{a.id}</code>
          </span>
        }
        actions={
          <>
            <Button onClick={() => setDialog("credit")}>Credit wallet</Button>
            <Button variant="secondary" onClick={() => setDialog("debit")}>Debit wallet</Button>
            <Button variant={suspended ? "secondary" : "danger"} onClick={() => setDialog("status")}>{suspended ? "Reactivate" : "Suspend"}</Button>
          </>
        }
      />
      {suspended && (
        <p role="status" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          Suspended{a.statusChange ? ` ${formatDateTime(iso(a.statusChange.at))}: “${a.statusChange.reason}”` : ""}. Its users cannot sign in.
        </p>
      )}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Available" value={<>{a.available} <span className="text-base font-normal text-slate-500">{a.currency}</span></>} testId="account-available" />
        <Stat label="Held" value={<>{a.held} <span className="text-base font-normal text-slate-500">{a.currency}</span></>} hint="For recharges in progress" />
        <Stat label="Parent" value={<span className="text-base">{a.parentName ?? "—"}</span>} />
        <Stat label="Retailers" value={a.retailerCount} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Recent recharges" actions={<Link href={`/admin/recharges?account=${a.id}`} className="text-sm font-medium text-brand-700 hover:underline">All</Link>} bodyClassName="p-0">
          <DataTable caption="Recent recharges of this account" columns={rechargeColumns} rows={recharges.data?.data} rowKey={(r) => r.id} loading={recharges.isPending} error={recharges.isError ? errorMessage(recharges.error) : null} empty="No recharges yet." />
        </Card>
        <Card title="Admin actions" actions={<Link href={`/admin/audit?account=${a.id}`} className="text-sm font-medium text-brand-700 hover:underline">Audit log</Link>}>
          {audit.isPending ? (
            <Skeleton className="h-20 w-full" />
          ) : !audit.data?.data.length ? (
            <EmptyState title="No admin actions yet" />
          ) : (
            <ul className="divide-y divide-slate-100 text-sm" aria-label="Admin actions on this account">
              {audit.data.data.map((e) => (
                <li key={e.id} className="py-2" data-testid="account-audit-entry">
                  <p><span className="font-medium">{actionLabel(e.action)}</span> <span className="text-slate-600">{auditSummary(e)}</span></p>
                  <p className="text-xs text-slate-500">{formatDateTime(iso(e.createdAt))} · by {e.actor ?? "system"}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title="Users">
        <ul className="divide-y divide-slate-100 text-sm">
          {a.users.map((u) => (
            <li key={u.id} className="flex flex-wrap justify-between gap-2 py-2"><span>{u.name} · {u.email}</span><span className="capitalize text-slate-500">{u.role}</span></li>
          ))}
        </ul>
      </Card>
      <WalletDialog accountId={a.id} currency={a.currency} direction={dialog === "credit" || dialog === "debit" ? dialog : null} onClose={() => setDialog(null)} />
      <StatusDialog accountId={a.id} name={a.name} suspended={suspended} open={dialog === "status"} onClose={() => setDialog(null)} />
    </div>
  );
}

function WalletDialog({ accountId, currency, direction, onClose }: { accountId: string; currency: string; direction: "credit" | "debit" | null; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const id = useId();
  const [amount, setAmount] = useState("");
  const [amountError, setAmountError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  // One key per dialog opening: a retried submit can never move the money twice.
  const idempotencyKey = useMemo(() => (direction ? `admin-${direction}-${crypto.randomUUID()}` : ""), [direction]);
  const adjust = useMutation(
    trpc.admin.accounts.adjustWallet.mutationOptions({
      onSuccess: (data, vars) => {
        toast.success(`${vars.direction === "credit" ? "Credited" : "Debited"} ${vars.amount} ${currency}`, `Available now ${data.balance.available} ${data.balance.currency}`);
        void refresh();
        setAmount("");
        onClose();
      },
      onError: (error) => {
        const fields = serverFieldErrors(error);
        setAmountError(fields.amount ?? null);
        setServerError(fields.note ?? null);
        toast.error(`Could not ${direction ?? "adjust"} the wallet`, errorMessage(error));
      },
    }),
  );
  const title = direction === "credit" ? "Credit wallet" : "Debit wallet";
  return (
    <ReasonDialog
      open={direction !== null}
      onClose={() => {
        setAmountError(null);
        setServerError(null);
        onClose();
      }}
      title={title}
      description={direction === "debit" ? "Takes money out of the available balance. This cannot be undone except by a credit." : "Adds money to the available balance."}
      confirmLabel={direction === "credit" ? "Credit" : "Debit"}
      tone={direction === "debit" ? "danger" : "primary"}
      pending={adjust.isPending}
      serverError={serverError}
      canSubmit={() => {
        const parsed = AdminAdjustWalletInput.shape.amount.safeParse(amount, PLAIN);
        setAmountError(parsed.success ? null : (parsed.error.issues[0]?.message ?? "Invalid amount."));
        return parsed.success;
      }}
      onConfirm={(note) => direction && adjust.mutate({ accountId, amount: amount.trim(), direction, note, idempotencyKey })}
    >
      <Field id={`${id}-amount`} label={`Amount (${currency})`} error={amountError} hint="For example 100.00">
        <Input {...fieldAria(`${id}-amount`, { error: amountError, hint: "For example 100.00" })} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />
      </Field>
    </ReasonDialog>
  );
}

function StatusDialog({ accountId, name, suspended, open, onClose }: { accountId: string; name: string; suspended: boolean; open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useAdminRefresh();
  const set = useMutation(
    trpc.admin.accounts.setStatus.mutationOptions({
      onSuccess: (data) => {
        toast.success(data.status === "suspended" ? `${name} suspended` : `${name} reactivated`);
        void refresh();
        onClose();
      },
      onError: (error) => toast.error("Could not change the status", errorMessage(error)),
    }),
  );
  return (
    <ReasonDialog
      open={open}
      onClose={onClose}
      title={suspended ? `Reactivate ${name}?` : `Suspend ${name}?`}
      description={suspended ? "Its users can sign in again." : "Its users will be refused at sign-in until it is reactivated."}
      confirmLabel={suspended ? "Reactivate" : "Suspend"}
      tone={suspended ? "primary" : "danger"}
      pending={set.isPending}
      onConfirm={(reason) => set.mutate({ accountId, status: suspended ? "active" : "suspended", reason })}
    />
  );
}
