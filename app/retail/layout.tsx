import { AppShell } from "@/components/app-shell";
import { Notices } from "@/components/notices";
import { RETAIL_NAV } from "@/components/retail/nav";
import { SubNav } from "@/components/ui/sub-nav";
import { Toaster } from "@/components/ui/toast";
import { requireArea } from "@/server/auth/guard";

export const dynamic = "force-dynamic";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const { user, allowed } = await requireArea("retail");
  return (
    <AppShell user={user} allowed={allowed}>
      {/* The header menu is hidden on phones: these tabs take its place there. */}
      <SubNav items={RETAIL_NAV} label="Retail sections" className="-mt-6 mb-5 bg-white sm:hidden" />
      <Notices />
      {children}
      <Toaster />
    </AppShell>
  );
}
