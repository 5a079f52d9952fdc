import { checkHealth } from "@/server/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return Response.json({ status: health.ok ? "ok" : "degraded", ...health }, { status: health.ok ? 200 : 503 });
}
