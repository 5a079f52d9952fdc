import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { safeCallbackPath } from "@/server/auth/callback-url";
import { ROLE_HOME } from "@/server/auth/permissions";
import { getSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const session = await getSession();
  if (session) redirect(ROLE_HOME[session.user.role]);
  const { callbackUrl } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-2xl font-semibold">Sign in to Refill</h1>
        <p className="mb-6 text-sm text-slate-600">Recharges for retailers, merchants and admins.</p>
        <SignInForm callbackUrl={safeCallbackPath(callbackUrl)} />
      </div>
    </main>
  );
}
