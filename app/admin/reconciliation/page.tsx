import { ReconciliationPage } from "@/components/admin/reconciliation";

export const metadata = { title: "Reconciliation" };

export default function Page() {
  return <ReconciliationPage />;
}
