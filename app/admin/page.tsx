import { AdminOverview } from "@/components/admin-overview";

export const metadata = { title: "Admin" };

export default function AdminHome() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Admin overview</h1>
      <AdminOverview />
    </div>
  );
}
