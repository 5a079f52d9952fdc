// Who may control the simulators (API.md §7): an admin's dashboard session or the SIM_CONTROL_TOKEN
// bearer, in every environment; anonymous control is refused. One check for the in-app routes and
// the standalone simulator process alike (both go through controlHandler).
import { randomBytes } from "node:crypto";
import { sessionTokenFromRequest } from "@/server/auth/request-session";
import { env } from "@/server/env.mjs";
import { safeEqual } from "@/server/lib/crypto";

export type SimControlActor = "token" | "admin";

// Without SIM_CONTROL_TOKEN, this process still controls its own in-app simulators (callback
// registration at boot) with a token it makes up; shared across Next's bundles through globalThis.
const PROCESS_TOKEN = Symbol.for("refill.sim-process-token");
const processToken = (): string => ((globalThis as Record<symbol, string>)[PROCESS_TOKEN] ??= randomBytes(24).toString("base64url"));

/** The bearer this process sends to a simulator: SIM_CONTROL_TOKEN (needed for a standalone one), else its own. */
export const simControlToken = () => env.SIM_CONTROL_TOKEN ?? processToken();

/** Headers for control requests to a simulator. */
export const simControlHeaders = (): Record<string, string> => ({ authorization: `Bearer ${simControlToken()}` });

export async function authorizeSimControl(req: Request): Promise<SimControlActor | null> {
  const header = req.headers.get("authorization") ?? "";
  if (header.toLowerCase().startsWith("bearer ") && safeEqual(header.slice(7).trim(), simControlToken())) return "token";
  const session = await sessionTokenFromRequest(req).catch(() => null);
  return session?.role === "admin" ? "admin" : null;
}
