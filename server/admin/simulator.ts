import { eq } from "drizzle-orm";
import { providers } from "@/db/schema";
import type { Ctx } from "@/server/context";
import { simulatorsEnabled } from "@/server/env.mjs";
import { AppError } from "@/server/lib/errors";
import { SimControlInput } from "@/server/sim";
import { readSimControl, readSimControls, writeSimControl } from "@/server/sim/client";
import { parseInput, recordAudit, requireAdmin } from "./guard";
import { checkProviderHealth } from "./providers";
import { SetSimulatorControlInput } from "./schemas";

export { SetSimulatorControlInput };

// The simulated upstreams' outage switches (in-process, or the standalone simulator that SIM_BASE_URL
// names; server/sim/client.ts). Outside development they exist only with SIMULATOR=on, and the admin
// page hides them otherwise.

function requireSimulators() {
  if (!simulatorsEnabled()) throw new AppError("forbidden", "Simulators are off on this server.");
}

export async function simulatorControls(ctx: Ctx) {
  requireAdmin(ctx);
  if (!simulatorsEnabled()) return { enabled: false as const, controls: [] };
  return { enabled: true as const, controls: await readSimControls() };
}


/**
 * Takes a simulated provider down, slows it, or makes it reject a share of orders; then checks its
 * health at once, so the dashboard shows the effect without waiting for traffic. Audit-logged.
 */
export async function setSimulatorControl(args: { ctx: Ctx; input: SetSimulatorControlInput }) {
  requireAdmin(args.ctx);
  requireSimulators();
  const { name, ...change } = parseInput(SetSimulatorControlInput, args.input);
  const before = await readSimControl(name);
  const after = await writeSimControl(name, SimControlInput.parse(change));
  await recordAudit(args.ctx, { action: "simulator.update", targetType: "provider", targetId: name, details: { from: before, to: after } });
  const [row] = await args.ctx.db.select({ name: providers.name }).from(providers).where(eq(providers.name, name));
  const health = row ? await checkProviderHealth({ ctx: args.ctx, input: { name } }) : null;
  return { control: after, health };
}
