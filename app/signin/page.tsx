import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { safeCallbackPath } from "@/server/auth/callback-url";
import { ROLE_HOME } from "@/server/auth/permissions";
import { whySessionEnded } from "@/server/auth/request-session";
import { getSession } from "@/server/auth/session";
import { SESSION_ENDED } from "@/server/auth/session-check";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const session = await getSession();
  if (session) redirect(ROLE_HOME[session.user.role]);
  const { callbackUrl } = await searchParams;
  // A browser sent here because its session was ended (suspension, password change) is told why.
  const ended = await whySessionEnded((await headers()).get("cookie"));
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-2xl font-semibold">Sign in to Refill</h1>
        <p className="mb-6 text-sm text-slate-600">Recharges for retailers, merchants and admins.</p>
        {ended && (
          <p role="status" data-testid="session-ended" className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900">
            {SESSION_ENDED[ended]}
          </p>
        )}
        <SignInForm callbackUrl={safeCallbackPath(callbackUrl)} />
      </div>
    </main>
  );
}
