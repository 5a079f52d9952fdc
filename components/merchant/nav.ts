import type { NavItem } from "@/components/ui/sub-nav";

// The same entries as the merchant's header menu (components/app-shell.tsx), for the phone tab bar.
export const MERCHANT_NAV: NavItem[] = [
  { href: "/merchant", label: "Overview" },
  { href: "/merchant/transactions", label: "Transactions" },
  { href: "/merchant/wallet", label: "Wallet" },
  { href: "/merchant/topup", label: "Top up" },
  { href: "/merchant/keys", label: "API keys" },
  { href: "/merchant/webhooks", label: "Webhooks" },
  { href: "/merchant/retailers", label: "Retailers" },
];
