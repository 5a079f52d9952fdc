"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "./trpc";

export function AdminOverview() {
  const trpc = useTRPC();
  const ledger = useQuery(trpc.admin.ledgerCheck.queryOptions());
  const accounts = useQuery(trpc.admin.accounts.queryOptions({ limit: 20 }));
  return (
    <div className="grid gap-6 md:grid-cols-3">
      <section aria-label="Ledger" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="text-sm font-medium text-slate-500">Ledger invariants</h2>
        {ledger.isPending ? (
          <p className="mt-2 text-slate-400">Checking…</p>
        ) : ledger.isError ? (
          <p className="mt-2 text-red-700">Could not run the check.</p>
        ) : ledger.data.length === 0 ? (
          <p className="mt-2 text-lg font-semibold text-brand-700" data-testid="ledger-status">All invariants hold</p>
        ) : (
          <p className="mt-2 text-lg font-semibold text-red-700" data-testid="ledger-status">{ledger.data.length} violations</p>
        )}
      </section>
      <section aria-label="Accounts" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm md:col-span-2">
        <h2 className="text-sm font-medium text-slate-500">Accounts</h2>
        {accounts.isPending ? (
          <p className="mt-2 text-slate-400">Loading…</p>
        ) : accounts.isError ? (
          <p className="mt-2 text-red-700">Could not load accounts.</p>
        ) : accounts.data.length === 0 ? (
          <p className="mt-2 text-slate-500">No accounts yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100">
            {accounts.data.map((a) => (
              <li key={a.id} className="flex justify-between py-2 text-sm">
                <span>{a.name} <span className="text-slate-400">· {a.email}</span></span>
                <span className="text-slate-500">{a.type}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
