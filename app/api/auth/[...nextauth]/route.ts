import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { safeCallbackPath } from "@/server/auth/callback-url";
import { authOptions } from "@/server/auth/options";

const handler = NextAuth(authOptions);
type Ctx = { params: Promise<{ nextauth: string[] }> };

/** A callbackUrl next-auth can use: a same-origin path or an absolute URL on this origin, else "/". */
function saneCallback(value: unknown, origin: string): string {
  if (typeof value !== "string") return "/";
  const path = value.startsWith(origin) ? value.slice(origin.length) || "/" : value;
  return safeCallbackPath(path) ?? "/";
}

/**
 * next-auth answers 500 to some bad input (found by the fault suite's bad-input scenario): a
 * JSON-typed body that is not JSON, a callbackUrl that is not a string or not a URL. Bodies are
 * checked here and a bad callbackUrl replaced by "/" before next-auth sees them.
 */
async function POST(req: Request, ctx: Ctx) {
  const type = req.headers.get("content-type") ?? "";
  const text = await req.text();
  const origin = new URL(req.url).origin;
  let body = text;
  if (type.includes("json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return Response.json({ error: "The body is not valid JSON." }, { status: 400 });
    }
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && "callbackUrl" in parsed) {
      body = JSON.stringify({ ...parsed, callbackUrl: saneCallback((parsed as { callbackUrl: unknown }).callbackUrl, origin) });
    }
  } else if (type.includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(text);
    if (form.has("callbackUrl")) form.set("callbackUrl", saneCallback(form.get("callbackUrl"), origin));
    body = form.toString();
  }
  // next-auth reads NextRequest's nextUrl and cookies: hand it one.
  return handler(new NextRequest(req.url, { method: "POST", headers: req.headers, body }), ctx);
}

async function GET(req: Request, ctx: Ctx) {
  const url = new URL(req.url);
  if (url.searchParams.has("callbackUrl")) {
    url.searchParams.set("callbackUrl", saneCallback(url.searchParams.get("callbackUrl"), url.origin));
    return handler(new NextRequest(url, { method: "GET", headers: req.headers }), ctx);
  }
  return handler(req, ctx);
}

export { GET, POST };
