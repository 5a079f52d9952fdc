import { type JWT, getToken } from "next-auth/jwt";
import { getDb } from "@/db/client";
import { env } from "@/server/env.mjs";
import { sessionStillValid } from "./session-check";

function cookiesOf(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return cookies;
}

/**
 * The dashboard session carried by a plain `Request`'s cookie, for handlers that run outside Next's
 * request scope (e.g. the standalone simulator process). Only the cookie counts: a JWT sent as a
 * bearer token is not a session.
 */
export async function sessionTokenFromRequest(req: Request): Promise<JWT | null> {
  const secureCookie = env.NEXTAUTH_URL?.startsWith("https://") ?? false;
  const request = { headers: {}, cookies: cookiesOf(req) } as unknown as Parameters<typeof getToken>[0]["req"];
  const token = await getToken({ req: request, secret: env.NEXTAUTH_SECRET, secureCookie });
  // Same rule as the dashboard's sessions: the user and its account must still stand behind it.
  return token && (await sessionStillValid(await getDb(), token)) ? token : null;
}
