// charlie's callbacks: the fields of a query answer, form-encoded, with `merchant`, `timestamp`
// (yyyyMMddHHmmss UTC) and `sign` by the same MD5 rule as our requests to them.
import { timingSafeEqual } from "node:crypto";
import { signParams } from "@/server/providers/charlie/sign";
import { toStatusResult } from "@/server/providers/charlie/transform";
import { CALLBACK_TOLERANCE_SECONDS, CallbackRejected, type ProviderCallback, type ProviderConfig } from "@/server/providers/types";

function parseTimestamp(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : null;
}

export function verifyCharlieCallback(config: ProviderConfig, input: { headers: Headers; body: string; now?: Date }): ProviderCallback {
  const params = Object.fromEntries(new URLSearchParams(input.body));
  const secret = config.credentials.secret ?? "";
  const sign = (params.sign ?? "").toUpperCase();
  const expected = signParams(params, secret);
  if (!secret || params.merchant !== config.credentials.merchantId || sign.length !== expected.length || !timingSafeEqual(Buffer.from(sign), Buffer.from(expected))) {
    throw new CallbackRejected("bad_signature", "sign does not match.");
  }
  const at = parseTimestamp(params.timestamp ?? "");
  if (at === null || Math.abs((input.now ?? new Date()).getTime() - at) > CALLBACK_TOLERANCE_SECONDS * 1000) throw new CallbackRejected("stale", "timestamp missing or too old.");
  const result = toStatusResult(200, input.body);
  if (!params.orderid || result.kind === "unknown" || result.kind === "not_found") throw new CallbackRejected("malformed", "Callback carries no usable order.");
  return { orderId: params.orderid, providerRef: params.sysorderid || null, result };
}
