import { TopUpPage } from "@/components/deposits/top-up-page";

export const metadata = { title: "Top up" };

export default function Page({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  return <TopUpPage base="/merchant/topup" searchParams={searchParams} />;
}
