// How the app reads and changes the simulators' controls: in process when the simulators are its own
// /api/sim routes, over HTTP when SIM_BASE_URL points at a standalone simulator (`npm run sim`), so
// the admin page switches the providers the app really calls.
import { env } from "@/server/env.mjs";
import { AppError } from "@/server/lib/errors";
import { describeControl, type SimControlInput, updateControl } from "@/server/sim/control";
import { simControlHeaders } from "@/server/sim/control-auth";
import { SIM_NAMES, type SimName } from "@/server/sim/state";

export type SimControlView = ReturnType<typeof describeControl>;

async function remote<T>(path: string, init?: RequestInit): Promise<T> {
  const url = `${env.SIM_BASE_URL!.replace(/\/$/, "")}/api/sim/providers${path}`;
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...simControlHeaders(), ...init?.headers }, signal: AbortSignal.timeout(5_000) });
  } catch (err) {
    throw new AppError("provider_unavailable", `The simulator at ${env.SIM_BASE_URL} does not answer (${(err as Error).message}).`);
  }
  if (!res.ok) throw new AppError("provider_unavailable", `The simulator at ${env.SIM_BASE_URL} answered ${res.status}.`);
  return (await res.json()) as T;
}

export async function readSimControls(): Promise<SimControlView[]> {
  if (!env.SIM_BASE_URL) return SIM_NAMES.map(describeControl);
  return (await remote<{ providers: SimControlView[] }>("")).providers;
}

export async function readSimControl(name: SimName): Promise<SimControlView> {
  if (!env.SIM_BASE_URL) return describeControl(name);
  return remote<SimControlView>(`/${name}`);
}

export async function writeSimControl(name: SimName, input: SimControlInput): Promise<SimControlView> {
  if (!env.SIM_BASE_URL) return updateControl(name, input);
  return remote<SimControlView>(`/${name}`, { method: "POST", body: JSON.stringify(input) });
}
