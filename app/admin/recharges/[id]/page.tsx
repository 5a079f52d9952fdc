import { RechargeDetail } from "@/components/admin/recharge-detail";

export const metadata = { title: "Recharge" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RechargeDetail id={id} />;
}
