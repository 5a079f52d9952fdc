import { validateNumberForApi } from "@/server/catalog/public";
import { ValidateNumberBody } from "@/server/http/schemas";
import { json, readJson, withApiKey } from "@/server/http/with-api-key";

export const dynamic = "force-dynamic";

export const POST = withApiKey(async ({ req, ctx }) => json(await validateNumberForApi(ctx.db, await readJson(req, ValidateNumberBody))));
