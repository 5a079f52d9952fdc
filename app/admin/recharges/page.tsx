import { RechargesPage } from "@/components/admin/recharges";

export const metadata = { title: "Recharges" };

type Search = { account?: string; status?: string; review?: string; operator?: string; reference?: string; q?: string; from?: string; to?: string };

export default async function Page({ searchParams }: { searchParams: Promise<Search> }) {
  const s = await searchParams;
  return <RechargesPage initial={{ account: s.account, status: s.status, review: s.review === "1", operator: s.operator, reference: s.reference, q: s.q, from: s.from, to: s.to }} />;
}
