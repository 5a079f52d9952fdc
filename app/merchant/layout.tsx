import { AppShell } from "@/components/app-shell";
import { Notices } from "@/components/notices";
import { MERCHANT_NAV } from "@/components/merchant/nav";
import { SubNav } from "@/components/ui/sub-nav";
import { Toaster } from "@/components/ui/toast";
import { requireArea } from "@/server/auth/guard";

export const dynamic = "force-dynamic";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const { user, allowed } = await requireArea("merchant");
  return (
    <AppShell user={user} allowed={allowed}>
      {/* The header menu is hidden on phones: these tabs take its place there. */}
      <SubNav items={MERCHANT_NAV} label="Merchant sections" className="-mt-6 mb-5 bg-white sm:hidden" />
      <Notices />
      {children}
      <Toaster />
    </AppShell>
  );
}
