"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, Stat } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage, fieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { clientToken } from "@/components/ui/ids";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";

type Target = { id: string; name: string; currency: string };

export function Retailers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const balance = useQuery(trpc.me.balance.queryOptions());
  const list = useQuery(trpc.merchant.retailers.list.queryOptions());
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ email: string } | null>(null);
  const [funding, setFunding] = useState<Target | null>(null);
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [confirming, setConfirming] = useState<(Target & { amount: string; note: string }) | null>(null);
  const [statusTarget, setStatusTarget] = useState<(Target & { status: string }) | null>(null);
  const [passwordTarget, setPasswordTarget] = useState<Target | null>(null);
  const fundKey = useRef("");

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.merchant.retailers.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.me.balance.queryKey() });
  };

  const create = useMutation(
    trpc.merchant.retailers.create.mutationOptions({
      onSuccess: (r) => {
        setAdding(false);
        setCreated(r);
        toast.success("Retailer created", `${r.email} can sign in now.`);
        refresh();
      },
      onError: (e) => {
        setErrors(fieldErrors(e));
        toast.error("Could not create the retailer", errorMessage(e));
      },
    }),
  );
  const fund = useMutation(
    trpc.merchant.retailers.fund.mutationOptions({
      onSuccess: (r) => {
        toast.success("Wallet funded", `${confirming?.amount} ${confirming?.currency} sent to ${confirming?.name}. Your balance: ${r.balance.available} ${r.balance.currency}.`);
        setConfirming(null);
        setFunding(null);
        refresh();
      },
      onError: (e) => {
        // Back to the form, with the reason next to the amount.
        if (confirming) setFunding(confirming);
        setConfirming(null);
        setErrors(fieldErrors(e).amount || fieldErrors(e).note ? fieldErrors(e) : { amount: errorMessage(e) });
        toast.error("Funding failed", errorMessage(e));
      },
    }),
  );

  function submitFund(e: React.FormEvent) {
    e.preventDefault();
    if (!funding) return;
    const value = amount.trim();
    if (!/^\d+(\.\d{1,2})?$/.test(value) || Number(value) <= 0) {
      setErrors({ amount: "Enter an amount like 500 or 250.50." });
      return;
    }
    // A second look before money moves: who, how much, and what stays.
    setConfirming({ ...funding, amount: value, note: note.trim() });
    setFunding(null);
  }

  type Row = NonNullable<typeof list.data>[number];
  const columns: Column<Row>[] = [
    {
      key: "name",
      header: "Retailer",
      mobile: "title",
      cell: (r) => (
        <div>
          <span className="font-medium">{r.name}</span>
          <span className="block text-xs text-slate-500">{r.email}</span>
        </div>
      ),
    },
    { key: "status", header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
    {
      key: "balance",
      header: "Balance",
      align: "right",
      cell: (r) => (
        <div className="tabular-nums">
          <span data-testid={`retailer-balance-${r.email}`}>
            {r.available} {r.currency}
          </span>
          {r.held !== "0.00" && <span className="block text-xs text-slate-500">{r.held} held</span>}
        </div>
      ),
    },
    { key: "since", header: "Since", cell: (r) => formatDate(r.created_at) },
    {
      key: "fund",
      header: <span className="sr-only">Actions</span>,
      mobile: "actions",
      align: "right",
      cell: (r) => (
        <div className="flex flex-wrap justify-end gap-1">
        <Button
          variant="secondary"
          size="sm"
          aria-label={`Fund ${r.name}`}
          onClick={() => {
            fundKey.current = clientToken("FUND");
            setAmount("");
            setNote("");
            setErrors({});
            setFunding({ id: r.id, name: r.name, currency: r.currency });
          }}
        >
          Fund
        </Button>
        <a href={`/merchant/wallet?account=${r.id}`} className={buttonClass("ghost", "sm")} aria-label={`Statement of ${r.name}`}>
          Statement
        </a>
        <Button variant="ghost" size="sm" aria-label={`${r.status === "suspended" ? "Reactivate" : "Suspend"} ${r.name}`} onClick={() => setStatusTarget({ id: r.id, name: r.name, currency: r.currency, status: r.status })}>
          {r.status === "suspended" ? "Reactivate" : "Suspend"}
        </Button>
        <Button variant="ghost" size="sm" aria-label={`Reset password of ${r.name}`} onClick={() => setPasswordTarget({ id: r.id, name: r.name, currency: r.currency })}>
          Reset password
        </Button>
        </div>
      ),
    },
  ];

  return (
    <div className="space-y-6">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <Stat label="Your available balance" testId="merchant-available" value={balance.data ? `${balance.data.available} ${balance.data.currency}` : "…"} hint="Funding a retailer moves money from here to its wallet." />
        <Stat label="Retailers" value={list.data ? list.data.length : "…"} />
      </div>
      <Card
        bodyClassName="p-0"
        title="Retailers"
        description="Shops that recharge through Refill on your account."
        actions={
          <Button
            onClick={() => {
              setForm({ name: "", email: "", password: "" });
              setErrors({});
              setAdding(true);
            }}
          >
            Add retailer
          </Button>
        }
      >
        <DataTable caption="Retailers" columns={columns} rows={list.data} rowKey={(r) => r.id} rowTestId={(r) => `retailer-${r.email}`} loading={list.isPending} error={list.isError ? errorMessage(list.error) : null} empty="No retailers yet. Add a shop to let it recharge from a wallet you fund." />
      </Card>

      <Dialog
        open={adding}
        onClose={() => setAdding(false)}
        title="Add a retailer"
        description="The shop signs in with this email and password. Its wallet uses your currency."
        footer={
          <>
            <Button variant="secondary" onClick={() => setAdding(false)}>
              Cancel
            </Button>
            <Button type="submit" form="add-retailer" loading={create.isPending}>
              Create retailer
            </Button>
          </>
        }
      >
        <form
          id="add-retailer"
          noValidate
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name: form.name, email: form.email, password: form.password });
          }}
        >
          {(
            [
              ["name", "Shop name", "text", "organization"],
              ["email", "Email", "email", "off"],
              ["password", "Password", "password", "new-password"],
            ] as const
          ).map(([key, label, type, autoComplete]) => (
            <Field key={key} id={`retailer-${key}`} label={label} error={errors[key]} hint={key === "password" ? "At least 8 characters." : undefined}>
              <Input
                {...fieldAria(`retailer-${key}`, { error: errors[key], hint: key === "password" })}
                type={type}
                autoComplete={autoComplete}
                value={form[key]}
                onChange={(e) => {
                  setForm((f) => ({ ...f, [key]: e.target.value }));
                  setErrors((prev) => ({ ...prev, [key]: "" }));
                }}
              />
            </Field>
          ))}
        </form>
      </Dialog>

      <Dialog
        open={Boolean(funding)}
        onClose={() => setFunding(null)}
        title={`Fund ${funding?.name ?? ""}`}
        description={balance.data ? `You have ${balance.data.available} ${balance.data.currency} available.` : undefined}
        footer={
          <>
            <Button variant="secondary" onClick={() => setFunding(null)}>
              Cancel
            </Button>
            <Button type="submit" form="fund-retailer">
              Review
            </Button>
          </>
        }
      >
        <form id="fund-retailer" noValidate onSubmit={submitFund} className="space-y-4">
          <Field id="fund-amount" label={`Amount (${funding?.currency ?? ""})`} error={errors.amount}>
            <Input {...fieldAria("fund-amount", { error: errors.amount })} inputMode="decimal" autoFocus value={amount} onChange={(e) => {
                setAmount(e.target.value);
                setErrors({});
              }} />
          </Field>
          <Field id="fund-note" label="Note (optional)" hint="Shown on both statements, e.g. cash received 12 May." error={errors.note}>
            <Input {...fieldAria("fund-note", { error: errors.note, hint: true })} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
        </form>
      </Dialog>

      <Dialog
        open={Boolean(created)}
        onClose={() => setCreated(null)}
        title={`Retailer ${created?.email ?? ""} created`}
        footer={<Button onClick={() => setCreated(null)}>Done</Button>}
      >
        <p className="text-sm text-slate-700" data-testid="retailer-created">
          {created?.email} can sign in now with the password you chose. Fund its wallet to let it recharge. If the shop wants to use the API, it creates its own key under
          API keys after signing in; only the shop sees its secret.
        </p>
      </Dialog>

      <ConfirmFund
        pending={confirming}
        busy={fund.isPending}
        balance={balance.data}
        onBack={() => setConfirming(null)}
        onConfirm={() => confirming && fund.mutate({ retailerAccountId: confirming.id, amount: confirming.amount, note: confirming.note || undefined, idempotencyKey: fundKey.current })}
      />
      <StatusDialog target={statusTarget} onClose={() => setStatusTarget(null)} onDone={refresh} />
      <PasswordDialog target={passwordTarget} onClose={() => setPasswordTarget(null)} />
    </div>
  );
}

function ConfirmFund({ pending, busy, balance, onBack, onConfirm }: { pending: (Target & { amount: string; note: string }) | null; busy: boolean; balance?: { available: string; currency: string }; onBack: () => void; onConfirm: () => void }) {
  const after = pending && balance ? subtract(balance.available, pending.amount) : null;
  return (
    <Dialog
      open={Boolean(pending)}
      onClose={onBack}
      title="Confirm funding"
      footer={
        <>
          <Button variant="secondary" onClick={onBack} disabled={busy}>
            Back
          </Button>
          <Button onClick={onConfirm} loading={busy}>
            Send {pending?.amount} {pending?.currency}
          </Button>
        </>
      }
    >
      {pending && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm" data-testid="fund-summary">
          <dt className="text-slate-500">To</dt>
          <dd className="font-medium">{pending.name}</dd>
          <dt className="text-slate-500">Amount</dt>
          <dd className="font-medium tabular-nums">
            {pending.amount} {pending.currency}
          </dd>
          {pending.note && (
            <>
              <dt className="text-slate-500">Note</dt>
              <dd>{pending.note}</dd>
            </>
          )}
          {after && (
            <>
              <dt className="text-slate-500">Your balance after</dt>
              <dd className={`tabular-nums ${after.startsWith("-") ? "font-medium text-red-700" : ""}`}>
                {after.startsWith("-") ? `Not enough: you have ${balance?.available} ${balance?.currency}` : `${after} ${balance?.currency}`}
              </dd>
            </>
          )}
        </dl>
      )}
    </Dialog>
  );
}

/** a − b for two decimal strings with the same number of decimals, exactly (no floats). */
function subtract(a: string, b: string) {
  const decimals = Math.max(a.split(".")[1]?.length ?? 0, b.split(".")[1]?.length ?? 0);
  const minor = (v: string) => BigInt((v.split(".")[0] || "0") + (v.split(".")[1] ?? "").padEnd(decimals, "0"));
  const diff = minor(a) - minor(b);
  const negative = diff < 0n;
  const digits = (negative ? -diff : diff).toString().padStart(decimals + 1, "0");
  return `${negative ? "-" : ""}${digits.slice(0, digits.length - decimals)}${decimals ? `.${digits.slice(-decimals)}` : ""}`;
}

function StatusDialog({ target, onClose, onDone }: { target: (Target & { status: string }) | null; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const suspending = target?.status !== "suspended";
  const mutation = useMutation(
    trpc.merchant.retailers.setStatus.mutationOptions({
      onSuccess: () => {
        toast.success(suspending ? "Retailer suspended" : "Retailer reactivated", suspending ? `${target?.name} can no longer sign in, recharge or use the API.` : `${target?.name} can sign in again.`);
        setReason("");
        onDone();
        onClose();
      },
      onError: (e) => setError(fieldErrors(e).reason ?? errorMessage(e)),
    }),
  );
  return (
    <Dialog
      open={Boolean(target)}
      onClose={onClose}
      title={`${suspending ? "Suspend" : "Reactivate"} ${target?.name ?? ""}`}
      description={suspending ? "The shop is signed out of every page and refused on the API until you reactivate it. Its money stays in its wallet." : "The shop can sign in and recharge again."}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant={suspending ? "danger" : "primary"} type="submit" form="retailer-status" loading={mutation.isPending}>
            {suspending ? "Suspend" : "Reactivate"}
          </Button>
        </>
      }
    >
      <form
        id="retailer-status"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim().length < 3) return setError("Say why, in a few words.");
          if (target) mutation.mutate({ retailerAccountId: target.id, status: suspending ? "suspended" : "active", reason: reason.trim() });
        }}
      >
        <Field id="status-reason" label="Reason" error={error}>
          <Input {...fieldAria("status-reason", { error })} value={reason} maxLength={500} onChange={(e) => { setReason(e.target.value); setError(null); }} />
        </Field>
      </form>
    </Dialog>
  );
}

function PasswordDialog({ target, onClose }: { target: Target | null; onClose: () => void }) {
  const trpc = useTRPC();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation(
    trpc.merchant.retailers.resetPassword.mutationOptions({
      onSuccess: (r) => {
        toast.success("Password changed", `${r.email} was signed out everywhere and signs in with the new password from now on.`);
        setPassword("");
        onClose();
      },
      onError: (e) => setError(fieldErrors(e).password ?? errorMessage(e)),
    }),
  );
  return (
    <Dialog
      open={Boolean(target)}
      onClose={onClose}
      title={`New password for ${target?.name ?? ""}`}
      description="Give the shop its new password in person or by phone. The old one stops working at once, and every browser where the shop is signed in is signed out."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="retailer-password" loading={mutation.isPending}>
            Set password
          </Button>
        </>
      }
    >
      <form
        id="retailer-password"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (password.length < 8) return setError("The new password needs at least 8 characters.");
          if (target) mutation.mutate({ retailerAccountId: target.id, password });
        }}
      >
        <Field id="new-password" label="New password" hint="At least 8 characters." error={error}>
          <Input {...fieldAria("new-password", { error, hint: true })} type="password" autoComplete="new-password" value={password} onChange={(e) => { setPassword(e.target.value); setError(null); }} />
        </Field>
      </form>
    </Dialog>
  );
}
