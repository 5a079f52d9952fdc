// The standalone simulator (`npm run sim`) as its own process: it keeps every order and control on
// disk, so a crash or restart (of it or of the app) forgets nothing a provider performed.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAdapter } from "@/server/providers/registry";
import { simProviderConfigs } from "@/server/sim";
import { SIM_CONTROL_HEADERS } from "@/test/engine";

const dataDir = mkdtempSync(path.join(tmpdir(), "refill-sim-"));
const running = new Set<ChildProcess>();

/** Starts `npm run sim`'s entry point on a free port; resolves with its origin once it listens. */
function startSim(): Promise<{ origin: string; child: ChildProcess; exited: Promise<number | null> }> {
  // node itself with tsx as a loader (not the tsx CLI, which would put a second process between us and
  // the simulator, and a SIGKILL would not reach it).
  const child = spawn(process.execPath, ["--import", "tsx", "server/sim/main.ts"], {
    env: { ...process.env, SIM_PORT: "0", SIM_DATA_DIR: dataDir, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => (running.delete(child), resolve(code))));
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"origin":"(http:[^"]+)"/.exec(out);
      if (match) resolve({ origin: match[1], child, exited });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`simulator exited (${code}): ${out}`)));
  });
}

afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

const alphaOf = (origin: string) => createAdapter(simProviderConfigs(origin, 2_000).find((c) => c.style === "alpha")!);
const request = (orderId: string, target: string) =>
  ({ orderId, operator: "GP", country: "BD", service: "mobile", amount: 2000n, currency: "BDT", accountType: "prepaid", target }) as const;

describe("npm run sim", () => {
  it("keeps orders, their progress and the controls across a crash and a restart", async () => {
    const first = await startSim();
    const alpha = alphaOf(first.origin);
    await fetch(`${first.origin}/api/sim/providers/alpha`, { method: "POST", headers: SIM_CONTROL_HEADERS, body: JSON.stringify({ latency_ms: 5, balance: "500.00" }) });
    expect((await alpha.submit(request("rch_standalone-1", "01712345678"))).result.kind).toBe("succeeded");
    expect((await alpha.submit(request("rch_standalone_pending-1", "01712345002"))).result.kind).toBe("pending");
    expect((await alpha.status({ orderId: "rch_standalone_pending-1" })).result.kind).toBe("pending"); // 1st check

    // A second simulator on the same directory is refused while the first runs.
    await expect(startSim()).rejects.toThrow(/Another simulator/);

    first.child.kill("SIGKILL"); // a crash: no chance to flush anything
    await first.exited;

    const second = await startSim();
    const again = alphaOf(second.origin);
    const control = await fetch(`${second.origin}/api/sim/providers/alpha`, { headers: SIM_CONTROL_HEADERS }).then((r) => r.json());
    expect(control).toMatchObject({ latency_ms: 5, balance: "499.68" }); // 500.00 − two orders of 0.16
    // The same order id is recognised: nothing performed twice, same provider reference.
    const listed = await fetch(`${second.origin}/api/sim/providers/alpha/orders`, { headers: SIM_CONTROL_HEADERS }).then((r) => r.json());
    expect(listed.orders.map((o: { order_id: string; performed: boolean }) => [o.order_id, o.performed])).toEqual([
      ["rch_standalone-1", true],
      ["rch_standalone_pending-1", false],
    ]);
    const resubmitted = await again.submit(request("rch_standalone-1", "01712345678"));
    expect(resubmitted.result).toMatchObject({ kind: "succeeded", providerRef: listed.orders[0].provider_ref });
    // The pending order continues its script where it left off: the 2nd check settles it.
    expect((await again.status({ orderId: "rch_standalone_pending-1" })).result.kind).toBe("succeeded");

    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    const third = await startSim();
    const after = await fetch(`${third.origin}/api/sim/providers/alpha/orders`, { headers: SIM_CONTROL_HEADERS }).then((r) => r.json());
    expect(after.orders.map((o: { state: string }) => o.state)).toEqual(["succeeded", "succeeded"]);
    third.child.kill("SIGTERM");
    await third.exited;
  });
});
