import { PageHeader } from "@/components/ui/card";
import { WalletView } from "@/components/wallet/wallet-view";

export const metadata = { title: "Wallet" };

export default async function MerchantWalletPage({ searchParams }: { searchParams: Promise<{ account?: string }> }) {
  const { account } = await searchParams;
  return (
    <div className="space-y-6">
      <PageHeader title="Wallet" description="Every taka in and out of your balance, or of one of your retailers', day by day, and the day's statement as CSV." />
      <WalletView base="/merchant/wallet" accountId={account || undefined} withRetailers />
    </div>
  );
}
