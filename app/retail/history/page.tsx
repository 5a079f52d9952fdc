import { Suspense } from "react";
import { RechargeHistory } from "@/components/retail/history";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "History" };

export default function HistoryPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="History" description="Every recharge and payment made from this shop." />
      {/* Filters live in the URL (useSearchParams): rendered on the client. */}
      <Suspense fallback={null}>
        <RechargeHistory />
      </Suspense>
    </div>
  );
}
