import { RewardsPage } from "@/components/admin/rewards";

export const metadata = { title: "Rewards" };

export default function Page() {
  return <RewardsPage />;
}
