"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ReasonDialog } from "@/components/admin/reason-dialog";
import { DEPOSIT_COLUMNS, type DepositRow, type DepositStatus, DepositStatusSelect } from "@/components/deposits/deposit-list";
import { FLAG_LABEL, explainFlags } from "@/components/deposits/explain";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { toast } from "@/components/ui/toast";

type Flag = "underpaid" | "overpaid" | "late" | "unsolicited";

function Rates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rates = useQuery(trpc.deposits.admin.rates.queryOptions());
  const [currency, setCurrency] = useState("BDT");
  const [rate, setRate] = useState("");
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.deposits.admin.setRate.mutationOptions({
      onSuccess: (r) => {
        setError(null);
        setRate("");
        toast.success(`1 USDT = ${r.rate} ${r.currency} from now on`);
        void queryClient.invalidateQueries({ queryKey: trpc.deposits.admin.rates.queryKey() });
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  return (
    <Card title="USDT rates" description="Deposits are credited at the rate in force when they are confirmed; each credit records it.">
      <div className="flex flex-col gap-4 lg:flex-row">
        <ul className="flex-1 space-y-1 text-sm" data-testid="usdt-rates">
          {rates.data?.current.length === 0 && <li className="text-slate-500">No rate set: deposits to fiat wallets are refused until one is.</li>}
          {rates.data?.current.map((r) => (
            <li key={r.currency}>
              <strong>1 USDT = {r.rate} {r.currency}</strong> <span className="text-slate-500">since {formatDateTime(r.created_at)}{r.note ? ` · ${r.note}` : ""}</span>
            </li>
          ))}
        </ul>
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ currency, rate: rate.trim() });
          }}
        >
          <Field id="rate-currency" label="Currency">
            <Select id="rate-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {["BDT", "INR", "CNY", "USD"].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
          <Field id="rate-value" label="Per 1 USDT" error={error}>
            <Input inputMode="decimal" placeholder="121.50" value={rate} onChange={(e) => setRate(e.target.value)} {...fieldAria("rate-value", { error })} className="w-32" />
          </Field>
          <Button type="submit" loading={save.isPending}>
            Set rate
          </Button>
        </form>
      </div>
    </Card>
  );
}

export function DepositsAdmin({ initialFlag }: { initialFlag?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<DepositStatus | "">("");
  const [flag, setFlag] = useState<Flag | "">((initialFlag as Flag) ?? "");
  const pages = useCursorPages();
  const list = useQuery({ ...trpc.deposits.admin.list.queryOptions({ cursor: pages.cursor, status: status || undefined, flag: flag || undefined }), placeholderData: keepPreviousData });
  const [target, setTarget] = useState<{ row: DepositRow; action: "acknowledge" | "cancel" } | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const resolve = useMutation(
    trpc.deposits.admin.resolve.mutationOptions({
      onSuccess: () => {
        toast.success("Deposit resolved", "Recorded in the audit log.");
        setTarget(null);
        void queryClient.invalidateQueries({ queryKey: trpc.deposits.admin.list.pathKey() });
      },
      onError: (e) => setServerError(errorMessage(e)),
    }),
  );
  const columns: Column<DepositRow & { resolution?: string | null }>[] = [
    ...DEPOSIT_COLUMNS,
    { key: "account", header: "Account", cell: (d) => <a className="font-mono text-xs text-brand-700 underline" href={`/admin/accounts/${d.account_id}`}>{d.account_id}</a>, hideOnMobile: true },
    { key: "resolution", header: "Resolution", cell: (d) => d.resolution ?? "—", hideOnMobile: true },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      mobile: "actions",
      cell: (d) => (
        <span className="flex gap-2">
          {d.flags.length > 0 && !d.resolution && (
            <Button size="sm" variant="secondary" onClick={() => { setServerError(null); setTarget({ row: d, action: "acknowledge" }); }}>
              Resolve
            </Button>
          )}
          {d.status === "awaiting_payment" && (
            <Button size="sm" variant="secondary" onClick={() => { setServerError(null); setTarget({ row: d, action: "cancel" }); }}>
              Cancel
            </Button>
          )}
        </span>
      ),
    },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title="Deposits" description="USDT (TRC20) top-ups of every account: what was expected, what arrived, what was credited, and anything unusual." />
      <Rates />
      <Card
        title="All deposits"
        bodyClassName="p-0"
        actions={
          <>
            <DepositStatusSelect value={status} onChange={(v) => { setStatus(v); pages.reset(); }} />
            <Select aria-label="Filter by flag" value={flag} onChange={(e) => { setFlag(e.target.value as Flag | ""); pages.reset(); }}>
              <option value="">Any flag</option>
              {Object.entries(FLAG_LABEL).map(([v, l]) => (
                <option key={v} value={v}>{l}</option>
              ))}
            </Select>
          </>
        }
      >
        <DataTable caption="All deposits" columns={columns} rows={list.data?.data} rowKey={(d) => d.id} loading={list.isPending} error={list.isError ? errorMessage(list.error) : null} empty="No deposits match." rowTestId={(d) => `admin-deposit-${d.reference}`} />
        <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={list.isFetching} />
      </Card>
      <ReasonDialog
        open={target !== null}
        onClose={() => setTarget(null)}
        title={target?.action === "cancel" ? "Cancel this deposit order" : "Resolve this deposit"}
        description={target ? (target.action === "cancel" ? "The order stops waiting now. A payment that still arrives is credited, flagged late." : explainFlags(target.row).join(" ")) : null}
        confirmLabel={target?.action === "cancel" ? "Cancel order" : "Mark resolved"}
        tone={target?.action === "cancel" ? "danger" : "primary"}
        pending={resolve.isPending}
        serverError={serverError}
        onConfirm={(reason) => target && resolve.mutate({ id: target.row.id, action: target.action, reason })}
      />
    </div>
  );
}
