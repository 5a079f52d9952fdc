import { BalanceCard } from "@/components/balance-card";
import { BulkUpload } from "@/components/retail/bulk-upload";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Bulk recharge" };

export default function BulkPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Bulk recharge" description="Recharge many numbers from one file. Every row is checked before anything is sent." />
      <BalanceCard />
      <BulkUpload />
    </div>
  );
}
