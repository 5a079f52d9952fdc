import type { NavItem } from "@/components/ui/sub-nav";

// The same entries as the retailer's header menu (components/app-shell.tsx), for the phone tab bar.
export const RETAIL_NAV: NavItem[] = [
  { href: "/retail", label: "Recharge" },
  { href: "/retail/bills", label: "DTH & bills" },
  { href: "/retail/bulk", label: "Bulk" },
  { href: "/retail/history", label: "History" },
  { href: "/retail/wallet", label: "Wallet" },
  { href: "/retail/keys", label: "API keys" },
  { href: "/retail/topup", label: "Top up" },
  { href: "/retail/complaints", label: "Complaints" },
];
