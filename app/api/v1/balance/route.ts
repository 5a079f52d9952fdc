import { getBalance } from "@/server/accounts/wallet";
import { json, withApiKey } from "@/server/http/with-api-key";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async ({ ctx }) => json(await getBalance(ctx)));
