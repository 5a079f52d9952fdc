// Bad input at volume: generated requests over every public route, the seed endpoints, sign-in and
// the tRPC procedures (signed in as a merchant): wrong types, huge bodies, NUL bytes, deep JSON, bad
// encodings, wrong content types, bad auth. The caller compares state before and after.
import { randomInt } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Merchant } from "./load";

type Req = { method: string; path: string; headers: Record<string, string>; body?: string | Uint8Array<ArrayBuffer>; kind: "read" | "write" };

const pick = <T>(xs: readonly T[]): T => xs[randomInt(0, xs.length)];

function v1Routes(dir = "app/api/v1", prefix = "/api/v1"): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...v1Routes(full, `${prefix}/${name}`));
    else if (name === "route.ts") out.push(prefix);
  }
  return out;
}

/** `router.procedure` names and kinds, read from the routers' source (no app code is imported). */
function trpcProcedures(): { name: string; kind: "query" | "mutation" }[] {
  const dir = "server/trpc/routers";
  const root = readFileSync("server/trpc/root.ts", "utf8");
  const mounts = [...root.matchAll(/(\w+):\s*(\w+Router)/g)].map((m) => ({ prefix: m[1], router: m[2] }));
  const sources = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), "utf8")).join("\n");
  const out: { name: string; kind: "query" | "mutation" }[] = [];
  const walk = (router: string, prefix: string, depth: number) => {
    const start = sources.indexOf(`export const ${router} = router({`);
    if (start < 0 || depth > 3) return;
    const body = sources.slice(start, sources.indexOf("\n});", start));
    for (const m of body.matchAll(/\n {2}(\w+):\s*(\w+Router)\b/g)) walk(m[2], `${prefix}.${m[1]}`, depth + 1);
    for (const m of body.matchAll(/\n {2}(\w+):[^\n]*?(?:\n {4}[^\n]*?)*?\.(query|mutation)\(/g)) out.push({ name: `${prefix}.${m[1]}`, kind: m[2] as "query" | "mutation" });
  };
  for (const m of mounts) walk(m.router, m.prefix, 0);
  return out;
}

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const NUL = "a\u0000b";
const junkValues: unknown[] = [null, true, -1, 1e308, "", NUL, "x".repeat(5000), [], {}, [NUL], { a: { b: { c: NUL } } }, "\ud800", "0x10", "1e9999", "-0.00", "NaN", "2025-13-45"];
const fieldsV1 = ["reference", "phone", "operator", "amount", "notify_url", "account_type", "validate_only", "biller", "account", "circle", "country"];

function junkObject(fields: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of fields) if (Math.random() < 0.6) o[f] = pick(junkValues);
  // Never a valid create: a reference that is always refused (too long or NUL) or a bad amount.
  o.amount = pick(["-5", "abc", NUL, "1.234", 0, null, "99999999999999999999"]);
  return o;
}

function bodyFor(variant: number, fields: string[]): { body: string | Uint8Array<ArrayBuffer>; type: string } {
  switch (variant % 9) {
    case 0:
      return { body: JSON.stringify(junkObject(fields)), type: "application/json" };
    case 1:
      return { body: deep(5000), type: "application/json" };
    case 2:
      return { body: `{"reference": "${"r".repeat(randomInt(1, 2000))}", "amount": ${JSON.stringify(NUL)}}`, type: "application/json" };
    case 3:
      return { body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0xc3, 0x28, 0x7d]), type: "application/json; charset=utf-8" };
    case 4:
      return { body: "x=".padEnd(1_200_000, "y"), type: "application/json" };
    case 5:
      return { body: new URLSearchParams(Object.fromEntries(fields.map((f) => [f, String(pick(junkValues))]))).toString(), type: "application/x-www-form-urlencoded" };
    case 6:
      return { body: "<xml>nope</xml>", type: pick(["text/xml", "text/plain", "application/octet-stream", ""]) };
    case 7:
      return { body: JSON.stringify(pick(junkValues)), type: "application/json" };
    default:
      return { body: "not json {", type: "application/json" };
  }
}

function authFor(m: Merchant, variant: number): Record<string, string> {
  const ok = `Basic ${Buffer.from(`${m.api_key}:${m.api_secret}`).toString("base64")}`;
  switch (variant % 7) {
    case 0:
      return {};
    case 1:
      return { authorization: "Basic !!!not-base64" };
    case 2:
      return { authorization: `Basic ${Buffer.from(`${m.api_key}:wrong`).toString("base64")}` };
    case 3:
      return { authorization: `Bearer ${m.api_secret}` };
    case 4:
      return { authorization: `Basic ${Buffer.from(`${NUL}:${NUL}`).toString("base64")}` };
    default:
      return { authorization: ok };
  }
}

function generate(m: Merchant, n: number, trpc: { name: string; kind: string }[]): Req[] {
  const routes = v1Routes().map((r) => r.replace("[id]", pick(["rch_x", "%00", "..%2f..%2fetc", "rch_" + "9".repeat(300)])));
  const out: Req[] = [];
  for (let i = 0; i < n; i++) {
    const roll = i % 10;
    if (roll < 5) {
      const route = pick(routes);
      const method = pick(["GET", "POST", "POST", "PUT", "DELETE", "PATCH"]);
      const { body, type } = bodyFor(i, fieldsV1);
      const query = pick(["", `?limit=${pick(["-1", "abc", "99999", NUL])}`, `?phone=${encodeURIComponent(NUL)}`, `?cursor=${"z".repeat(500)}`, `?country=${pick(["ZZ", "", "%ff"])}`, `?operator=${encodeURIComponent(NUL)}`]);
      out.push({ method, path: route + query, headers: { ...authFor(m, i), ...(type ? { "content-type": type } : {}) }, body: method === "GET" ? undefined : body, kind: method === "GET" ? "read" : "write" });
    } else if (roll < 7) {
      const { body, type } = bodyFor(i, ["api_key", "api_secret", "phone", "amount", "operator", "account_type"]);
      const creds = Math.random() < 0.5 ? `api_key=${encodeURIComponent(m.api_key)}&api_secret=${encodeURIComponent(m.api_secret)}&` : "";
      const form = i % 3 === 0 ? `${creds}phone=${encodeURIComponent(pick([NUL, "017", "0171234567899999", "+88017123456780"]))}&amount=${encodeURIComponent(pick(["-1", "0", "abc", NUL, "1e5"]))}&operator=${encodeURIComponent(pick(["GP", "ZZ", NUL]))}` : null;
      out.push({ method: "POST", path: pick(["/api/mobile-recharge", "/api/mobile-recharge.php"]), headers: form ? { "content-type": "application/x-www-form-urlencoded" } : type ? { "content-type": type } : {}, body: form ?? body, kind: "write" });
    } else if (roll < 9 && trpc.length) {
      const p = pick(trpc.filter((t) => t.kind === "query"));
      const input = encodeURIComponent(JSON.stringify({ json: pick(junkValues) }));
      out.push({ method: "GET", path: `/api/trpc/${p.name}?input=${pick([input, "%7B", encodeURIComponent(deep(3000)), encodeURIComponent(NUL)])}`, headers: {}, kind: "read" });
    } else {
      const { body, type } = bodyFor(i, ["csrfToken", "email", "password", "callbackUrl"]);
      out.push({ method: "POST", path: pick(["/api/auth/callback/credentials", "/api/auth/signin/credentials"]), headers: type ? { "content-type": type } : {}, body, kind: "write" });
    }
  }
  return out;
}

/** Signs in as the merchant's user (next-auth credentials), for the tRPC share of the requests. */
async function signIn(origin: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const cookies = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  return [...cookies, ...res.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
}

export async function fuzz(origin: string, merchant: Merchant & { email?: string }, total: number, opts: { email: string; password: string }) {
  const cookie = await signIn(origin, opts.email, opts.password);
  const requests = generate(merchant, total, trpcProcedures());
  const statuses = new Map<number, number>();
  const fivexx: { method: string; path: string; status: number; body: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++];
      const headers = r.path.startsWith("/api/trpc/") ? { ...r.headers, cookie } : r.headers;
      let status = 0;
      let text = "";
      try {
        const res = await fetch(origin + r.path, { method: r.method, headers, body: r.body, redirect: "manual", signal: AbortSignal.timeout(15_000) });
        status = res.status;
        text = await res.text();
      } catch (error) {
        status = 599; // no answer: as bad as a 5xx
        text = String(error);
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) fivexx.push({ method: r.method, path: r.path.slice(0, 120), status, body: text.slice(0, 200) });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const routes = new Set(requests.map((r) => r.path.split("?")[0].replace(/rch_[^/]*|%00|\.\.%2f\.\.%2fetc/g, "{id}"))).size;
  return { total: requests.length, routes, fivexx, statuses: [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(", ") };
}
