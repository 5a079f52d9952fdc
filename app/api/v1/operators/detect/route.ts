import { detectForApi } from "@/server/catalog/public";
import { DetectQuery } from "@/server/http/schemas";
import { json, readQuery, withApiKey } from "@/server/http/with-api-key";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async ({ req, ctx }) => {
  const query = readQuery(req, DetectQuery);
  return json(await detectForApi(ctx.db, query.phone, query.country));
});
