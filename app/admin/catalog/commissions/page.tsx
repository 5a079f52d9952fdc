import { CommissionsPage } from "@/components/admin/commissions";

export const metadata = { title: "Commission slabs" };

export default function Page() {
  return <CommissionsPage />;
}
