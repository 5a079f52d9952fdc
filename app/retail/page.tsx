import { Suspense } from "react";
import { BalanceCard } from "@/components/balance-card";
import { Skeleton } from "@/components/ui/card";
import { RechargeFlow } from "@/components/retail/recharge-flow";
import { RecentRecharges } from "@/components/retail/recent-recharges";

export const metadata = { title: "Recharge" };

export default function RetailHome() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Recharge</h1>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px] lg:grid-rows-[auto_1fr]">
        <div className="lg:col-start-2 lg:row-start-1">
          <BalanceCard />
        </div>
        <div className="lg:col-start-1 lg:row-span-2 lg:row-start-1">
          {/* The order on screen lives in the URL (useSearchParams): rendered on the client. */}
          <Suspense fallback={<Skeleton className="h-96 w-full" />}>
            <RechargeFlow />
          </Suspense>
        </div>
        <div className="lg:col-start-2 lg:self-start">
          <RecentRecharges />
        </div>
      </div>
    </div>
  );
}
