import { ProviderDetail } from "@/components/admin/provider-detail";

export const metadata = { title: "Provider" };

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <ProviderDetail name={decodeURIComponent(name)} />;
}
