// Thin transport for the sandbox simulators (API.md §7); all behaviour lives in server/sim.
import { simulatorsEnabled } from "@/server/env.mjs";
import { dispatchSim } from "@/server/sim";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ path: string[] }> };

async function handle(req: Request, ctx: Context): Promise<Response> {
  // Answer exactly like a route that doesn't exist, so production doesn't advertise the sandbox.
  if (!simulatorsEnabled()) return new Response("Not Found", { status: 404 });
  const { path } = await ctx.params;
  return dispatchSim(req, path);
}

export { handle as GET, handle as POST };
