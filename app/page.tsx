import Link from "next/link";
import { redirect } from "next/navigation";
import { ROLE_HOME } from "@/server/auth/permissions";
import { getSession } from "@/server/auth/session";

export default async function Home() {
  const session = await getSession();
  if (session) redirect(ROLE_HOME[session.user.role]);
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center px-6">
      <h1 className="text-4xl font-bold tracking-tight">Refill</h1>
      <p className="mt-3 text-lg text-slate-600">Mobile, DTH and bill recharges — from the shop counter or through our API, with every taka accounted for.</p>
      <div className="mt-8 flex gap-3">
        <Link href="/signin" className="rounded-lg bg-brand-600 px-5 py-2.5 font-medium text-white hover:bg-brand-700">Sign in</Link>
      </div>
    </main>
  );
}
