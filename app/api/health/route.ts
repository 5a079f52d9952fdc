import { checkHealth } from "@/server/health";

export const dynamic = "force-dynamic";

// Anyone may ask whether the service is up; versions, database kind and migration counts are for
// operators (the CLI and logs), not for unauthenticated callers.
export async function GET() {
  const health = await checkHealth();
  return Response.json({ status: health.ok ? "ok" : "degraded" }, { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
