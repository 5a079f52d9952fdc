import { CreateRechargeInput, ListRechargesQuery } from "@/server/http/schemas";
import { json, readJson, readQuery, withApiKey } from "@/server/http/with-api-key";
import { rechargeCreated } from "@/server/jobs/notify";
import { createRecharge } from "@/server/recharge/create";
import { listRecharges } from "@/server/recharge/manage";
import { rechargeObject } from "@/server/recharge/view";

export const dynamic = "force-dynamic";

export const POST = withApiKey(async ({ req, ctx }) => {
  const input = await readJson(req, CreateRechargeInput);
  const idempotencyKey = req.headers.get("idempotency-key")?.trim().slice(0, 200) || null;
  const result = await createRecharge({ ctx, input, options: { channel: "api", idempotencyKey } });
  if (result.kind === "validated") return json(result.preview);
  if (result.kind === "created") {
    const id = result.recharge.id;
    // Processing is handed to the driver (or Inngest) and not awaited here; the sweeper covers a crash in
    // between. Not through Next's after(): it keeps the request's whole context (response included)
    // until the order is final, and the heap snapshots showed finished requests retained past that.
    void rechargeCreated(id);
    return json(rechargeObject(result.recharge), 201);
  }
  return json(rechargeObject(result.recharge), 200);
});

export const GET = withApiKey(async ({ req, ctx }) => {
  const query = readQuery(req, ListRechargesQuery);
  const page = await listRecharges(ctx, query);
  return json({ data: page.data.map(rechargeObject), next_cursor: page.nextCursor });
});
