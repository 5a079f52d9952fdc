import { ApiKeys } from "@/components/merchant/api-keys";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "API keys" };

export default function KeysPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="API keys" description="Create, rotate and revoke the keys your systems call the API with." />
      <ApiKeys />
    </div>
  );
}
