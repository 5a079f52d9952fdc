import { AdminOverview } from "@/components/admin/overview";

export const metadata = { title: "Admin" };

export default function AdminHome() {
  return <AdminOverview />;
}
