import { CreateDepositInput, ListDepositsQuery } from "@/server/http/schemas";
import { json, readJson, readQuery, withApiKey } from "@/server/http/with-api-key";
import { createDeposit } from "@/server/deposits/create";
import { depositObject, listDeposits } from "@/server/deposits/view";

export const dynamic = "force-dynamic";

export const POST = withApiKey(async ({ req, ctx }) => {
  const input = await readJson(req, CreateDepositInput);
  const result = await createDeposit({ ctx, input, options: { channel: "api", apiKeyId: ctx.actor.type === "api_key" ? ctx.actor.keyId : null } });
  return json(depositObject(result.deposit), result.kind === "created" ? 201 : 200);
});

export const GET = withApiKey(async ({ req, ctx }) => {
  const page = await listDeposits(ctx, readQuery(req, ListDepositsQuery));
  return json({ data: page.data, next_cursor: page.nextCursor });
});
