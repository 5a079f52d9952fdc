"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { buttonClass } from "@/components/ui/button";
import { Card, Skeleton, Stat } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { Pager, useCursorPages } from "@/components/ui/pager";

const todayUtc = () => new Date().toISOString().slice(0, 10);

function signed(amount: string) {
  return amount.startsWith("-") ? `−${amount.slice(1)}` : `+${amount}`;
}

/**
 * Every movement of a wallet on one UTC day with the balance after it, the day's totals, and the
 * statement as CSV. A merchant can open each of its retailers' wallets too (`retailers`).
 */
export function WalletView({ base, accountId, withRetailers = false }: { base: string; accountId?: string; withRetailers?: boolean }) {
  const trpc = useTRPC();
  const retailerList = useQuery(trpc.merchant.retailers.list.queryOptions(undefined, { enabled: withRetailers, staleTime: 60_000 }));
  const retailers = withRetailers ? (retailerList.data ?? []) : undefined;
  const router = useRouter();
  const [date, setDate] = useState(todayUtc);
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(() => reset(), [date, accountId, reset]);
  const statement = useQuery(trpc.me.statement.queryOptions({ date, accountId, cursor: pages.cursor, limit: 100 }, { placeholderData: keepPreviousData, enabled: /^\d{4}-\d{2}-\d{2}$/.test(date) }));
  const s = statement.data;

  type Row = NonNullable<typeof s>["movements"][number];
  const columns: Column<Row>[] = [
    { key: "at", header: "Time (UTC)", cell: (m) => <span className="whitespace-nowrap tabular-nums">{m.at.slice(11, 19)}</span> },
    {
      key: "what",
      header: "Movement",
      mobile: "title",
      cell: (m) => (
        <div className="min-w-0">
          <p className="font-medium" data-testid="movement-description">{m.description}</p>
          {m.recharge_id && <p className="truncate font-mono text-xs text-slate-500">{m.recharge_id}</p>}
        </div>
      ),
    },
    {
      key: "amount",
      header: "Amount",
      align: "right",
      cell: (m) => (
        <span data-testid="movement-amount" className={`whitespace-nowrap font-medium tabular-nums ${m.amount.startsWith("-") ? "text-red-700" : "text-emerald-700"}`}>
          {signed(m.amount)}
        </span>
      ),
    },
    { key: "after", header: "Balance after", align: "right", cell: (m) => <span data-testid="movement-balance" className="whitespace-nowrap tabular-nums">{m.balance_after}</span> },
  ];

  const csvHref = `/wallet/statement?date=${encodeURIComponent(date)}${accountId ? `&account=${encodeURIComponent(accountId)}` : ""}`;
  const money = (v: string | undefined) => (s && v !== undefined ? `${v} ${s.currency}` : <Skeleton className="mt-1 h-8 w-28" />);
  const net = s ? (BigInt(s.closing_balance.replace(".", "")) - BigInt(s.opening_balance.replace(".", ""))).toString() : null;
  const netText = s && net !== null ? formatMinor(net, s.closing_balance.split(".")[1]?.length ?? 2) : undefined;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-3">
        <Field id="wallet-date" label="Day (UTC)">
          <Input id="wallet-date" type="date" value={date} max={todayUtc()} onChange={(e) => setDate(e.target.value)} />
        </Field>
        {retailers && (
          <Field id="wallet-account" label="Wallet">
            <Select id="wallet-account" value={accountId ?? ""} onChange={(e) => router.push(e.target.value ? `${base}?account=${e.target.value}` : base)}>
              <option value="">My wallet</option>
              {retailers.map((r) => (
                <option key={r.id} value={r.id}>
                  Retailer: {r.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <a href={csvHref} className={buttonClass("secondary", "md")} download>
          Download statement (CSV)
        </a>
      </div>

      {statement.isError ? (
        <p role="alert" className="rounded-xl border border-red-200 bg-red-50 p-5 text-red-800">
          Could not load the statement. {errorMessage(statement.error)}
        </p>
      ) : (
        <>
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
            <Stat label="Opening balance" testId="opening-balance" value={money(s?.opening_balance)} hint="At 00:00 UTC" />
            <Stat label="Recharges" testId="total-recharges" value={money(s?.totals.recharges)} hint="Sales net of failed and refunded" />
            <Stat label="Commission & cashback" testId="total-commission" value={money(s?.totals.commission_and_cashback)} hint="Earned, net of any taken back" />
            <Stat label="Funding & credits" testId="total-funding" value={money(s?.totals.funding_and_deposits)} hint="Deposits, funding and adjustments" />
            <Stat
              className="col-span-2 lg:col-span-1"
              label={date === todayUtc() ? "Balance now" : "Closing balance"}
              testId="closing-balance"
              value={money(s?.closing_balance)}
              hint={netText !== undefined ? `Net ${signed(netText)} over the day` : undefined}
            />
          </div>
          <Card title="Movements" description="Every change to your available balance, oldest first. Opening balance plus the movements is the closing balance." bodyClassName="px-2 pb-2">
            <DataTable
              caption="Wallet movements"
              columns={columns}
              rows={s?.movements}
              rowKey={(m) => m.id}
              rowTestId={() => "movement-row"}
              loading={statement.isPending}
              empty="No money moved on this day."
            />
            <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={s?.next_cursor} onPrev={pages.prev} onNext={pages.next} busy={statement.isFetching} />
          </Card>
        </>
      )}
    </div>
  );
}

function formatMinor(minor: string, decimals: number) {
  const negative = minor.startsWith("-");
  const digits = (negative ? minor.slice(1) : minor).padStart(decimals + 1, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}
