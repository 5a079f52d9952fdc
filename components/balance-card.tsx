"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "./trpc";

export function BalanceCard() {
  const trpc = useTRPC();
  const balance = useQuery(trpc.me.balance.queryOptions());
  return (
    <section aria-label="Balance" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 className="text-sm font-medium text-slate-500">Available balance</h2>
      {balance.isPending ? (
        <p className="mt-2 h-8 w-40 animate-pulse rounded bg-slate-100" />
      ) : balance.isError ? (
        <p className="mt-2 text-red-700">Could not load the balance.</p>
      ) : (
        <>
          <p className="mt-1 text-3xl font-semibold" data-testid="balance-available">
            {balance.data.available} <span className="text-base font-normal text-slate-500">{balance.data.currency}</span>
          </p>
          <p className="mt-1 text-sm text-slate-500" data-testid="balance-held">{balance.data.held} {balance.data.currency} held for recharges in progress</p>
        </>
      )}
    </section>
  );
}
