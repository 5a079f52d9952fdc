import { PageHeader } from "@/components/ui/card";
import { WalletView } from "@/components/wallet/wallet-view";

export const metadata = { title: "Wallet" };

export default function RetailWalletPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Wallet" description="Every movement of your balance: recharges, commission, cashback, refunds, funding. Download any day as a statement." />
      <WalletView base="/retail/wallet" />
    </div>
  );
}
