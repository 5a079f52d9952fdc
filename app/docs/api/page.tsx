import type { Metadata } from "next";
import Link from "next/link";
import { OPERATIONS } from "@/server/http/openapi";

export const metadata: Metadata = { title: "API reference" };

const ERRORS = [
  ["unauthorized", 401, "Missing or wrong key/secret, or a revoked key."],
  ["forbidden", 403, "The caller's IP is not on the key's allow-list, or the account is suspended."],
  ["not_found", 404, "No such object for your account (other accounts' ids answer this too)."],
  ["validation_failed", 422, "A field is missing or malformed; details name each one."],
  ["invalid_operator", 422, "Unknown operator or biller, or one your wallet's currency cannot pay."],
  ["operator_number_mismatch", 422, "The number does not belong to the operator you sent."],
  ["invalid_amount", 422, "Outside the operator's limits; details give min, max and denominations."],
  ["insufficient_balance", 422, "Your available balance is below the amount."],
  ["idempotency_conflict", 409, "This reference (or Idempotency-Key) was used with other parameters."],
  ["duplicate_recharge", 409, "Same number, operator and amount moments ago; send allow_duplicate: true to repeat on purpose."],
  ["rate_limited", 429, "Too many requests for this key; wait Retry-After seconds."],
  ["provider_unavailable", 503, "No provider can serve this right now; try again later."],
  ["internal", 500, "Our fault. Retry with the same reference; quote the X-Request-Id to support."],
] as const;

export default function ApiDocs() {
  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <h1 className="text-3xl font-bold">Refill API v1</h1>
      <p className="mt-3 text-slate-700">
        Recharge mobiles, DTH and bills from your own systems. Everything below works with <code>curl</code>; the machine-readable
        OpenAPI 3.1 document is at <Link className="text-brand-700 underline" href="/api/v1/openapi.json">/api/v1/openapi.json</Link>.
      </p>

      <section className="mt-8 space-y-3" aria-labelledby="start">
        <h2 id="start" className="text-xl font-semibold">Start in three steps</h2>
        <ol className="list-decimal space-y-2 pl-5 text-slate-700">
          <li>Create an API key in the merchant dashboard (API keys). The secret is shown once: keep it server-side.</li>
          <li>Authenticate every request with HTTP Basic: the key as user name, the secret as password (<code>curl -u KEY:SECRET</code>).</li>
          <li>Create a recharge with your own <code>reference</code>; receive the outcome as a signed webhook, or poll the recharge.</li>
        </ol>
        <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100">{`export REFILL_KEY=rk_…  REFILL_SECRET=rs_…
curl -u $REFILL_KEY:$REFILL_SECRET -H 'Content-Type: application/json' \\
  -d '{"reference":"ORD-1001","phone":"01712345678","operator":"GP","amount":"20.00"}' \\
  https://refill.example.com/api/v1/recharges`}</pre>
        <p className="text-slate-700">
          Money is a decimal string next to its currency (<code>"20.00"</code>). The same <code>reference</code> sent again returns the first
          order and never charges twice, even when two requests race. Statuses: <code>pending</code> → <code>succeeded</code> |{" "}
          <code>failed</code>; a succeeded recharge may later become <code>refunded</code> or <code>reversed</code>, with the money back in your wallet.
        </p>
      </section>

      <section className="mt-8 space-y-3" aria-labelledby="webhooks">
        <h2 id="webhooks" className="text-xl font-semibold">Webhooks</h2>
        <p className="text-slate-700">
          On <code>recharge.succeeded</code>, <code>recharge.failed</code>, <code>recharge.refunded</code> and <code>recharge.reversed</code> we POST{" "}
          <code>{`{"type","timestamp","data"}`}</code> to the recharge's <code>notify_url</code> (else your account's endpoint), signed per the
          Standard Webhooks specification with your <code>whsec_…</code> secret. Answer any 2xx within 15 s; otherwise we retry for about three
          days (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h). Deduplicate on <code>webhook-id</code>; order is not guaranteed.
        </p>
        <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100">{`import { Webhook } from "standardwebhooks";
const event = new Webhook(process.env.REFILL_WEBHOOK_SECRET).verify(rawBody, {
  "webhook-id": req.headers["webhook-id"],
  "webhook-timestamp": req.headers["webhook-timestamp"],
  "webhook-signature": req.headers["webhook-signature"],
}); // throws if tampered with or older than 5 minutes`}</pre>
      </section>

      <section className="mt-8" aria-labelledby="operations">
        <h2 id="operations" className="text-xl font-semibold">Operations</h2>
        <div className="mt-4 space-y-6">
          {OPERATIONS.map((op) => (
            <article key={op.id} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
              <h3 className="font-mono text-sm font-semibold text-brand-700">{`${op.method.toUpperCase()} ${op.path}`}</h3>
              <p className="mt-1 font-medium">{op.summary}</p>
              {op.description && <p className="mt-1 text-sm text-slate-600">{op.description}</p>}
              <pre className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">{op.example}</pre>
            </article>
          ))}
        </div>
      </section>

      <section className="mt-8" aria-labelledby="errors">
        <h2 id="errors" className="text-xl font-semibold">Errors</h2>
        <p className="mt-2 text-slate-700">
          Every error is <code>{`{"error": {"code", "message", "details"}}`}</code> with the HTTP status below; every response carries <code>X-Request-Id</code>.
        </p>
        <table className="mt-3 w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200">
              <th className="py-2">code</th>
              <th className="py-2">status</th>
              <th className="py-2">meaning</th>
            </tr>
          </thead>
          <tbody>
            {ERRORS.map(([code, status, meaning]) => (
              <tr key={code} className="border-b border-slate-100 align-top">
                <td className="py-2 font-mono">{code}</td>
                <td className="py-2">{status}</td>
                <td className="py-2 text-slate-700">{meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="mt-8 space-y-2" aria-labelledby="legacy">
        <h2 id="legacy" className="text-xl font-semibold">Compatible endpoint</h2>
        <p className="text-slate-700">
          Clients of the older form-post API keep working unchanged at <code>POST /api/mobile-recharge</code> (and <code>/api/mobile-recharge.php</code>)
          with <code>api_key</code>, <code>api_secret</code>, <code>phone</code>, <code>amount</code>, <code>operator</code> and optional <code>account_type</code>.
        </p>
        <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100">{`curl -X POST https://refill.example.com/api/mobile-recharge.php \\
  -d "api_key=$REFILL_KEY" -d "api_secret=$REFILL_SECRET" \\
  -d "phone=01712345678" -d "amount=20" -d "operator=GP" -d "account_type=prepaid"`}</pre>
      </section>
    </main>
  );
}
