import { Webhooks } from "@/components/merchant/webhooks";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Webhooks" };

export default function WebhooksPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Webhooks" description="Where we tell your system that a recharge ended, and how each message went." />
      <Webhooks />
    </div>
  );
}
