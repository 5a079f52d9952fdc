import { listPublicOperators } from "@/server/catalog/public";
import { OperatorsQuery } from "@/server/http/schemas";
import { json, readQuery, withApiKey } from "@/server/http/with-api-key";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async ({ req, ctx }) => json({ data: await listPublicOperators(ctx.db, readQuery(req, OperatorsQuery)) }));
