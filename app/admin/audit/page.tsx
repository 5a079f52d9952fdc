import { AuditLogPage } from "@/components/admin/audit-log";

export const metadata = { title: "Audit log" };

export default async function Page({ searchParams }: { searchParams: Promise<{ account?: string }> }) {
  const { account } = await searchParams;
  return <AuditLogPage initialAccountId={account ?? ""} />;
}
