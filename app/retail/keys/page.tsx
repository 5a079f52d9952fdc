import { ApiKeys } from "@/components/merchant/api-keys";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "API keys" };

/** A retailer's own keys: none until it creates one here, and only it ever sees the secret. */
export default function RetailKeysPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="API keys" description="Only if your shop's software calls the Refill API: create a key here. Its secret is shown to you once, and to no one else." />
      <ApiKeys />
    </div>
  );
}
