import Link from "next/link";
import { ROLE_HOME } from "@/server/auth/permissions";
import type { SessionUser } from "@/server/auth/sign-in";
import { SignOutButton } from "./sign-out-button";

const NAV: Record<string, Array<{ href: string; label: string }>> = {
  admin: [{ href: "/admin", label: "Overview" }, { href: "/admin/accounts", label: "Accounts" }, { href: "/admin/recharges", label: "Recharges" }, { href: "/admin/complaints", label: "Complaints" }, { href: "/admin/providers", label: "Providers" }, { href: "/admin/reconciliation", label: "Reconciliation" }, { href: "/admin/catalog", label: "Catalog" }, { href: "/admin/deposits", label: "Deposits" }, { href: "/admin/rewards", label: "Rewards" }, { href: "/admin/audit", label: "Audit" }],
  merchant: [
    { href: "/merchant", label: "Overview" },
    { href: "/merchant/transactions", label: "Transactions" },
    { href: "/merchant/wallet", label: "Wallet" },
    { href: "/merchant/topup", label: "Top up" },
    { href: "/merchant/keys", label: "API keys" },
    { href: "/merchant/webhooks", label: "Webhooks" },
    { href: "/merchant/retailers", label: "Retailers" },
  ],
  retailer: [
    { href: "/retail", label: "Recharge" },
    { href: "/retail/bills", label: "DTH & bills" },
    { href: "/retail/bulk", label: "Bulk" },
    { href: "/retail/history", label: "History" },
    { href: "/retail/wallet", label: "Wallet" },
    { href: "/retail/keys", label: "API keys" },
    { href: "/retail/topup", label: "Top up" },
    { href: "/retail/complaints", label: "Complaints" },
  ],
};

const AREA_LABEL = { admin: "Admin", merchant: "Merchant", retailer: "Retailer" } as const;

export function AppShell({ user, allowed, children }: { user: SessionUser; allowed: boolean; children: React.ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
          <div className="flex items-center gap-6">
            <Link href={ROLE_HOME[user.role]} className="text-lg font-bold text-brand-700">Refill</Link>
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">{AREA_LABEL[user.role]}</span>
            <nav aria-label="Main" className="hidden gap-4 text-sm sm:flex">
              {NAV[user.role].map((item) => (
                <Link key={item.href} href={item.href} className="text-slate-700 hover:text-brand-700">{item.label}</Link>
              ))}
            </nav>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="hidden text-slate-600 sm:inline" data-testid="signed-in-as">{user.email}</span>
            {/* Visible at every width: the password change lives here for every role. */}
            <Link href={`${ROLE_HOME[user.role]}/account`} className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-50 hover:text-brand-700">
              Account
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">
        {allowed ? (
          children
        ) : (
          <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6">
            <h1 className="text-lg font-semibold text-red-800">Access denied</h1>
            <p className="mt-1 text-red-700">Your {AREA_LABEL[user.role].toLowerCase()} account cannot open this area.</p>
            <Link href={ROLE_HOME[user.role]} className="mt-3 inline-block font-medium text-red-800 underline">Go to your dashboard</Link>
          </div>
        )}
      </main>
    </div>
  );
}
