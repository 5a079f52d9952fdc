import { AccountsPage } from "@/components/admin/accounts";

export const metadata = { title: "Accounts" };

export default async function Page({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const { status } = await searchParams;
  return <AccountsPage initialStatus={status === "suspended" || status === "active" ? status : ""} />;
}
