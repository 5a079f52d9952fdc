import { json, withApiKey } from "@/server/http/with-api-key";
import { getDeposit } from "@/server/deposits/view";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async ({ ctx, params }) => json((await getDeposit(ctx, params.id)).object));
