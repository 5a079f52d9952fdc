import { AdminNav } from "@/components/admin/nav";
import { AppShell } from "@/components/app-shell";
import { Toaster } from "@/components/ui/toast";
import { requireArea } from "@/server/auth/guard";

export const dynamic = "force-dynamic";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const { user, allowed } = await requireArea("admin");
  return (
    <AppShell user={user} allowed={allowed}>
      {allowed && <AdminNav />}
      {children}
      <Toaster />
    </AppShell>
  );
}
