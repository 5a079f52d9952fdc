import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { env } from "@/server/env.mjs";
import { clientIp } from "@/server/http/client-ip";
import { nulFields } from "@/server/lib/errors";
import { safeCallbackPath } from "./callback-url";
import { SESSION_ENDED, sessionStillValid } from "./session-check";
import type { Role } from "./permissions";
import { type SessionUser, signInWithPassword } from "./sign-in";

declare module "next-auth" {
  interface Session {
    user: SessionUser;
  }
  interface User extends SessionUser {}
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    role: Role;
    accountId: string | null;
    /** The user's session version when signed in; a password change bumps it (sign out everywhere). */
    ver?: number;
  }
}

/** Messages the sign-in page shows; next-auth passes an authorize() error's message through. */
export const SIGN_IN_ERRORS = {
  invalid: "Wrong email or password.",
  rate_limited: "Too many sign-in attempts. Wait a few minutes and try again.",
  suspended: SESSION_ENDED.suspended,
  suspended_retailer: SESSION_ENDED.suspended_retailer,
} as const;

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 3600 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password || nulFields(credentials).length) throw new Error(SIGN_IN_ERRORS.invalid);
        const result = await signInWithPassword(await getDb(), {
          email: credentials.email,
          password: credentials.password,
          ip: clientIp(req?.headers as Record<string, string> | undefined),
        });
        if (!result.ok) throw new Error(SIGN_IN_ERRORS[result.reason]);
        return result.user;
      },
    }),
  ],
  callbacks: {
    // next-auth's own redirects (sign-in and sign-out callbackUrl): same-origin paths only.
    redirect({ url, baseUrl }) {
      if (typeof url !== "string") return baseUrl; // a JSON body can carry any type here
      if (url.startsWith(baseUrl)) url = url.slice(baseUrl.length) || "/";
      const path = safeCallbackPath(url);
      return path ? `${baseUrl}${path}` : baseUrl;
    },
    // On every request: the user, its session version and its account's status are checked, so a
    // suspension or a password change ends sessions at once. Throwing here makes next-auth drop the
    // session (no session, cookie cleared).
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.accountId = user.accountId;
        token.ver = user.sessionVersion ?? 1;
        return token;
      }
      if (!(await sessionStillValid(await getDb(), token))) throw new Error("The session no longer stands for an active user.");
      return token;
    },
    session({ session, token }) {
      session.user = { id: token.uid, email: token.email ?? "", name: token.name ?? "", role: token.role, accountId: token.accountId };
      return session;
    },
  },
};
