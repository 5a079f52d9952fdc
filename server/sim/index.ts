// One entry point for every simulator URL, shared by the Next route and the node test server so
// both exercise exactly the same code.
import { alphaHandler } from "@/server/sim/alpha";
import { bravoHandler } from "@/server/sim/bravo";
import { chainHandler } from "@/server/sim/chain";
import { charlieHandler } from "@/server/sim/charlie";
import { callbacksControlHandler, resetCallbacks } from "@/server/sim/callbacks";
import { controlHandler } from "@/server/sim/control";
import { authorizeSimControl } from "@/server/sim/control-auth";
import { differencesControlHandler, resetDifferences } from "@/server/sim/differences";
import { json } from "@/server/sim/respond";
import type { SimName } from "@/server/sim/state";

export type SimHandler = (req: Request, subpath: string[]) => Promise<Response>;

export const SIM_HANDLERS: Record<SimName, SimHandler> = { alpha: alphaHandler, bravo: bravoHandler, charlie: charlieHandler };

/** `path` is the segments after /api/sim/, e.g. ["alpha", "v1", "topups"] or ["providers", "bravo"]. */
export async function dispatchSim(req: Request, path: string[]): Promise<Response> {
  const [head, ...rest] = path;
  // Control (switches, callbacks, differences, the witness) and the chain (simulated payments): an
  // admin session or the control token, never anonymous. The providers' own APIs stay as they are.
  if ((head === "providers" || head === "chain") && !(await authorizeSimControl(req))) {
    return json({ error: "unauthorized", message: "Simulator control needs an admin session or Authorization: Bearer <SIM_CONTROL_TOKEN>." }, 401);
  }
  if (head === "providers") {
    // /api/sim/providers/{name}/callbacks and /api/sim/providers/{name}/differences
    if (rest.length === 2 && rest[1] === "callbacks") return callbacksControlHandler(req, rest[0]);
    if (rest.length === 2 && rest[1] === "differences") return differencesControlHandler(req, rest[0]);
    if (rest.length === 1 && rest[0] === "reset" && req.method === "POST") {
      resetCallbacks();
      resetDifferences();
    }
    return controlHandler(req, rest);
  }
  // USDT (TRC20) transfers: the chain simulator, its own module.
  if (head === "chain") return chainHandler(req, rest);
  if (!head || !Object.hasOwn(SIM_HANDLERS, head)) return json({ error: "not_found" }, 404);
  return SIM_HANDLERS[head as SimName](req, rest);
}

export { SIM_PROVIDERS, SIM_BILLERS, simCatalog, simProviderConfigs, plansFor, billFor } from "@/server/sim/catalog";
export type { SimProvider } from "@/server/sim/catalog";
export { describeControl, updateControl, SimControlInput } from "@/server/sim/control";
export { resetControls, SIM_NAMES } from "@/server/sim/state";
export type { SimName } from "@/server/sim/state";
