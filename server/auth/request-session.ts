import { type JWT, getToken } from "next-auth/jwt";
import { getDb } from "@/db/client";
import { env } from "@/server/env.mjs";
import { type SessionEnd, sessionStanding, sessionStillValid } from "./session-check";

function cookiesOf(cookieHeader: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (cookieHeader ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return cookies;
}

/** The session token in a Cookie header, decrypted and unexpired, whether or not it still stands. */
async function decodeSessionCookie(cookieHeader: string | null): Promise<JWT | null> {
  const cookies = cookiesOf(cookieHeader);
  if (cookies.size === 0) return null;
  const secureCookie = env.NEXTAUTH_URL?.startsWith("https://") ?? false;
  const request = { headers: {}, cookies } as unknown as Parameters<typeof getToken>[0]["req"];
  return getToken({ req: request, secret: env.NEXTAUTH_SECRET, secureCookie });
}

/**
 * The dashboard session carried by a plain `Request`'s cookie, for handlers that run outside Next's
 * request scope (e.g. the standalone simulator process). Only the cookie counts: a JWT sent as a
 * bearer token is not a session.
 */
export async function sessionTokenFromRequest(req: Request): Promise<JWT | null> {
  const token = await decodeSessionCookie(req.headers.get("cookie"));
  // Same rule as the dashboard's sessions: the user and its account must still stand behind it.
  return token && (await sessionStillValid(await getDb(), token)) ? token : null;
}

/**
 * Why the browser's session cookie no longer opens the dashboard (suspended, password changed…), or
 * null when it carries none (never signed in, signed out, expired). next-auth keeps a refused cookie in
 * place when it reads sessions for pages and tRPC, so the reason can be told until the next sign-in.
 */
export async function whySessionEnded(cookieHeader: string | null): Promise<SessionEnd | null> {
  const token = await decodeSessionCookie(cookieHeader);
  if (!token) return null;
  const standing = await sessionStanding(await getDb(), token);
  return standing === "active" ? null : standing;
}
