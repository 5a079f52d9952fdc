import { Suspense } from "react";
import { Transactions } from "@/components/merchant/transactions";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Transactions" };

export default function TransactionsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Transactions" description="Every recharge on your account. Open one for its timeline; export any filter as CSV." />
      <Suspense fallback={null}>
        <Transactions />
      </Suspense>
    </div>
  );
}
