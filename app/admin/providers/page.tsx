import { ProvidersPage } from "@/components/admin/providers";

export const metadata = { title: "Providers" };

export default function Page() {
  return <ProvidersPage />;
}
