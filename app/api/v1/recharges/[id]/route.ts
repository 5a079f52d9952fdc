import { json, withApiKey } from "@/server/http/with-api-key";
import { rechargeTimeline } from "@/server/recharge/manage";
import { rechargeObject } from "@/server/recharge/view";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async ({ ctx, params }) => {
  const { recharge, timeline } = await rechargeTimeline(ctx, params.id);
  return json({ ...rechargeObject(recharge), timeline: timeline.map(({ status, from, note, at }) => ({ status, from, note, at })) });
});
