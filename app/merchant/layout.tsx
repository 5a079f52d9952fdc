import { AppShell } from "@/components/app-shell";
import { requireArea } from "@/server/auth/guard";

export const dynamic = "force-dynamic";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const { user, allowed } = await requireArea("merchant");
  return <AppShell user={user} allowed={allowed}>{children}</AppShell>;
}
