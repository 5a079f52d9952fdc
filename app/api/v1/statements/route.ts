import { StatementQuery } from "@/server/http/schemas";
import { json, readQuery, withApiKey } from "@/server/http/with-api-key";
import { getStatement, statementObject } from "@/server/statements/movements";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async ({ req, ctx }) => json(statementObject(await getStatement({ ctx, input: readQuery(req, StatementQuery) }))));
