// Who may flip the simulators (API.md §7): an admin's dashboard session or the SIM_CONTROL_TOKEN
// bearer, in every environment; anonymous control is refused. One check for the in-app routes and
// the standalone simulator process alike (both go through controlHandler).
import { sessionTokenFromRequest } from "@/server/auth/request-session";
import { env } from "@/server/env.mjs";
import { safeEqual } from "@/server/lib/crypto";

export type SimControlActor = "token" | "admin";

export async function authorizeSimControl(req: Request): Promise<SimControlActor | null> {
  const header = req.headers.get("authorization") ?? "";
  if (env.SIM_CONTROL_TOKEN && header.toLowerCase().startsWith("bearer ") && safeEqual(header.slice(7).trim(), env.SIM_CONTROL_TOKEN)) return "token";
  const session = await sessionTokenFromRequest(req).catch(() => null);
  return session?.role === "admin" ? "admin" : null;
}
