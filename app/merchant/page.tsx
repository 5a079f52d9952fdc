import { MerchantOverview } from "@/components/merchant/overview";

export const metadata = { title: "Merchant" };

export default function MerchantHome() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Merchant overview</h1>
      <MerchantOverview />
    </div>
  );
}
