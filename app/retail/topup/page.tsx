import { DepositList } from "@/components/deposits/deposit-list";
import { TopUp } from "@/components/deposits/top-up";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Top up" };

export default async function TopUpPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  const { id } = await searchParams;
  return (
    <div className="space-y-6">
      <PageHeader title="Top up" description="Fund your wallet with USDT on the TRON network (TRC20)." />
      <TopUp key={id ?? "new"} initialId={id || undefined} />
      <DepositList base="/retail/topup" />
    </div>
  );
}
