import { describe, expect, it } from "vitest";
import { BD_MOBILE, billFor, IN_MOBILE, plansFor, SIM_PROVIDERS } from "@/server/sim/catalog";
import { scenarioFor } from "@/server/sim/engine";

describe("scenarioFor", () => {
  it("follows the last three digits (API.md §7)", () => {
    expect(["01712345001", "01712345002", "01712345003", "01712345004", "01712345005", "01712345678", "1001"].map(scenarioFor)).toEqual([
      "fail",
      "pending_then_success",
      "pending_then_fail",
      "hang",
      "reversed",
      "success",
      "fail",
    ]);
  });
});

describe("catalog", () => {
  const bps = (name: string, op: string) => {
    const p = SIM_PROVIDERS.find((x) => x.name === name)!;
    return p.serves.includes(op) || p.serves.includes("*") ? (p.costBps[op] ?? p.defaultCostBps) : -1;
  };
  it("alpha is cheapest for BD, bravo for IN", () => {
    for (const op of BD_MOBILE) expect(bps("alpha", op)).toBeGreaterThan(Math.max(bps("bravo", op), bps("charlie", op)));
    for (const op of IN_MOBILE) expect(bps("bravo", op)).toBeGreaterThan(Math.max(bps("alpha", op), bps("charlie", op)));
  });
  it("every simulator serves BD and IN mobile; only alpha serves CN", () => {
    for (const p of SIM_PROVIDERS) for (const op of [...BD_MOBILE, ...IN_MOBILE]) expect(p.serves).toContain(op);
    expect(SIM_PROVIDERS.filter((p) => p.serves.includes("CM")).map((p) => p.name)).toEqual(["alpha"]);
  });
  it("known operators get their packs, unknown ones generic packs", () => {
    expect(plansFor("GP ST")[0]).toMatchObject({ id: "GPST-48-7", operator: "GP ST", amount: "48.00" });
    expect(plansFor("XYZ").map((p) => p.amount)).toEqual(["10.00", "20.00", "50.00", "100.00"]);
  });
  it("bills are deterministic per account; …0000 has none", () => {
    const now = new Date("2026-01-10T00:00:00Z");
    expect(billFor("DESCO", "55501234", now)).toEqual(billFor("DESCO", "55501234", now));
    expect(billFor("DESCO", "55501234", now)!.dueDate).toMatch(/^2026-02-\d{2}$/);
    expect(billFor("DESCO", "55500000", now)).toBeNull();
  });
});
