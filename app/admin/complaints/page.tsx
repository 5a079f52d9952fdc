import { ComplaintsPage } from "@/components/admin/complaints";

export const metadata = { title: "Complaints" };

export default function Page() {
  return <ComplaintsPage />;
}
