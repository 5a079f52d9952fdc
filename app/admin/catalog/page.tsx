import { OperatorsPage } from "@/components/admin/catalog";

export const metadata = { title: "Operators" };

export default function Page() {
  return <OperatorsPage />;
}
