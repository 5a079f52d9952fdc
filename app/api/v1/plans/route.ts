import { getPlans } from "@/server/catalog/plans";
import { PlansQuery } from "@/server/http/schemas";
import { json, readQuery, withApiKey } from "@/server/http/with-api-key";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async ({ req, ctx }) => json(await getPlans(ctx.db, readQuery(req, PlansQuery))));
