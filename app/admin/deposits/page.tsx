import { DepositsAdmin } from "@/components/admin/deposits";

export const metadata = { title: "Deposits" };

export default async function Page({ searchParams }: { searchParams: Promise<{ flag?: string }> }) {
  const { flag } = await searchParams;
  return <DepositsAdmin initialFlag={flag} />;
}
