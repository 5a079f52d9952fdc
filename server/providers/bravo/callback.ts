// bravo's callbacks: JSON `{event, order}` POSTed with `X-Bravo-Signature: t=<unix>,v1=<hex>`, the
// HMAC-SHA256 of `<t>.<raw body>` keyed with the callback secret from their portal.
import { createHmac, timingSafeEqual } from "node:crypto";
import { toStatusResult } from "@/server/providers/bravo/transform";
import { CALLBACK_TOLERANCE_SECONDS, CallbackRejected, type ProviderCallback, type ProviderConfig } from "@/server/providers/types";

export function verifyBravoCallback(config: ProviderConfig, input: { headers: Headers; body: string; now?: Date }): ProviderCallback {
  const secret = config.credentials.callbackSecret;
  const header = input.headers.get("x-bravo-signature") ?? "";
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  if (!secret || !/^\d+$/.test(parts.t ?? "") || !/^[0-9a-f]{64}$/.test(parts.v1 ?? "")) throw new CallbackRejected("bad_signature", "Missing or malformed X-Bravo-Signature.");
  const expected = createHmac("sha256", secret).update(`${parts.t}.${input.body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(parts.v1, "hex"))) throw new CallbackRejected("bad_signature", "Signature does not match.");
  const now = (input.now ?? new Date()).getTime() / 1000;
  if (Math.abs(now - Number(parts.t)) > CALLBACK_TOLERANCE_SECONDS) throw new CallbackRejected("stale", "Signature timestamp is too old.");
  let body: { order?: { client_ref?: unknown; id?: unknown } };
  try {
    body = JSON.parse(input.body);
  } catch {
    throw new CallbackRejected("malformed", "Body is not JSON.");
  }
  const result = toStatusResult(200, JSON.stringify({ order: body.order }));
  const orderId = typeof body.order?.client_ref === "string" ? body.order.client_ref : "";
  if (!orderId || result.kind === "unknown" || result.kind === "not_found") throw new CallbackRejected("malformed", "Callback carries no usable order.");
  return { orderId, providerRef: typeof body.order?.id === "string" ? body.order.id : null, result };
}
