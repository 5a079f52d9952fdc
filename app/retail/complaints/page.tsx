import { ComplaintsList } from "@/components/retail/complaints-list";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Complaints" };

export default function ComplaintsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Complaints" description="Recharges you reported, and what our support team found." />
      <ComplaintsList />
    </div>
  );
}
