import { DepositList } from "@/components/deposits/deposit-list";
import { TopUp } from "@/components/deposits/top-up";
import { PageHeader } from "@/components/ui/card";

/** The Top up page of merchants and retailers: a new or open deposit (`?id=`), then their deposits. */
export async function TopUpPage({ base, searchParams }: { base: string; searchParams: Promise<{ id?: string }> }) {
  const { id } = await searchParams;
  return (
    <div className="space-y-6">
      <PageHeader title="Top up" description="Fund your wallet with USDT on the TRON network (TRC20)." />
      <TopUp key={id ?? "new"} initialId={id || undefined} />
      <DepositList base={base} />
    </div>
  );
}
