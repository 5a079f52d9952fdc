"use client";
import { SubNav } from "@/components/ui/sub-nav";

export const ADMIN_SECTIONS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/accounts", label: "Accounts" },
  { href: "/admin/recharges", label: "Recharges" },
  { href: "/admin/complaints", label: "Complaints" },
  { href: "/admin/providers", label: "Providers" },
  { href: "/admin/reconciliation", label: "Reconciliation" },
  { href: "/admin/catalog", label: "Catalog" },
  { href: "/admin/deposits", label: "Deposits" },
  { href: "/admin/rewards", label: "Rewards" },
  { href: "/admin/audit", label: "Audit log" },
];

/** Section tabs: the header's links are hidden on phones, so every admin page carries these. */
export function AdminNav() {
  return <SubNav items={ADMIN_SECTIONS} label="Admin sections" className="mb-6 sm:hidden" />;
}
