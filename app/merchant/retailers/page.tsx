import { Retailers } from "@/components/merchant/retailers";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Retailers" };

export default function RetailersPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Retailers" description="Shops under your account and their wallets." />
      <Retailers />
    </div>
  );
}
