// Thin transport for provider callbacks: the raw body (the signature covers its exact bytes) goes to
// the domain verb, which verifies, applies and logs.
import { randomUUID } from "node:crypto";
import { systemCtx } from "@/server/context";
import { errorResponse } from "@/server/http/errors";
import { receiveProviderCallback } from "@/server/providers/callback";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_BODY = 64 * 1024;

export async function POST(req: Request, route: { params: Promise<{ name: string }> }) {
  const requestId = req.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
  try {
    const { name } = await route.params;
    const body = (await req.text()).slice(0, MAX_BODY);
    const ctx = { ...(await systemCtx(`callback:${name}`)), requestId };
    const outcome = await receiveProviderCallback(ctx, { provider: name, headers: req.headers, body, url: new URL(req.url).pathname });
    return Response.json({ ok: true, ...outcome }, { headers: { "x-request-id": requestId } });
  } catch (error) {
    return errorResponse(error, requestId);
  }
}
