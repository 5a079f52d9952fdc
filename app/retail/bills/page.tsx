import { Suspense } from "react";
import { BalanceCard } from "@/components/balance-card";
import { BillPay } from "@/components/retail/bill-pay";
import { PageHeader, Skeleton } from "@/components/ui/card";

export const metadata = { title: "DTH & bills" };

export default function BillsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="DTH & bills" description="Recharge a TV subscription or pay a utility bill for a customer." />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
        <div className="lg:col-start-2 lg:row-start-1">
          <BalanceCard />
        </div>
        <div className="lg:col-start-1 lg:row-start-1">
          {/* The payment on screen lives in the URL (useSearchParams): rendered on the client. */}
          <Suspense fallback={<Skeleton className="h-96 w-full" />}>
            <BillPay />
          </Suspense>
        </div>
      </div>
    </div>
  );
}
