"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, Stat } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage, fieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { clientToken } from "@/components/ui/ids";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { SecretDialog } from "./api-keys";

type Target = { id: string; name: string; currency: string };

export function Retailers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const balance = useQuery(trpc.me.balance.queryOptions());
  const list = useQuery(trpc.merchant.retailers.list.queryOptions());
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ email: string; api_key: string; api_secret: string } | null>(null);
  const [funding, setFunding] = useState<Target | null>(null);
  const [amount, setAmount] = useState("");
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
        toast.success("Wallet funded", `${amount.trim()} ${funding?.currency} sent to ${funding?.name}. Your balance: ${r.balance.available} ${r.balance.currency}.`);
        setFunding(null);
        refresh();
      },
      onError: (e) => {
        setErrors(fieldErrors(e).amount ? fieldErrors(e) : { amount: errorMessage(e) });
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
    fund.mutate({ retailerAccountId: funding.id, amount: value, idempotencyKey: fundKey.current });
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
        <Button
          variant="secondary"
          size="sm"
          aria-label={`Fund ${r.name}`}
          onClick={() => {
            fundKey.current = clientToken("FUND");
            setAmount("");
            setErrors({});
            setFunding({ id: r.id, name: r.name, currency: r.currency });
          }}
        >
          Fund
        </Button>
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
            <Button type="submit" form="fund-retailer" loading={fund.isPending}>
              Send
            </Button>
          </>
        }
      >
        <form id="fund-retailer" noValidate onSubmit={submitFund}>
          <Field id="fund-amount" label={`Amount (${funding?.currency ?? ""})`} error={errors.amount}>
            <Input {...fieldAria("fund-amount", { error: errors.amount })} inputMode="decimal" autoFocus value={amount} onChange={(e) => {
                setAmount(e.target.value);
                setErrors({});
              }} />
          </Field>
        </form>
      </Dialog>

      <SecretDialog secret={created && { title: `Retailer ${created.email} created`, api_key: created.api_key, api_secret: created.api_secret }} onClose={() => setCreated(null)} />
    </div>
  );
}
