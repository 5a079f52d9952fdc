import { BalanceCard } from "@/components/balance-card";

export const metadata = { title: "Retail" };

export default function RetailHome() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Recharge</h1>
      <BalanceCard />
    </div>
  );
}
