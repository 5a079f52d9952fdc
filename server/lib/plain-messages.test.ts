import { describe, expect, it } from "vitest";
import { CreateAccountForm, fieldErrors, LevelInput, PLAIN, SlabInput } from "@/server/admin/schemas";

// The admin forms check input in the browser without zod's global error map (kept off their pages
// for the bundle budget): PLAIN, passed per parse, must give the same plain sentences.
const account = { type: "merchant", name: "Shop", email: "shop@example.test", password: "long-password", currency: "BDT", parentAccountId: "", credit: "" };

describe("plain messages per parse", () => {
  it("says what is too long or missing in words, never zod's wording", () => {
    const long = CreateAccountForm.safeParse({ ...account, name: "x".repeat(130), password: "p".repeat(201) }, PLAIN);
    expect(long.success).toBe(false);
    expect(fieldErrors(long.error!)).toEqual({ name: "The name is too long: at most 120 characters.", password: "The password is too long: at most 200 characters." });

    const level = LevelInput.safeParse({ key: "k".repeat(41), name: "", minPoints: "10" }, PLAIN);
    expect(fieldErrors(level.error!)).toEqual({ key: "The key is too long: at most 40 characters.", name: "Give the level a name." });

    const slab = SlabInput.safeParse({ operatorCode: "o".repeat(41), rateBps: "", minAmount: "0" }, PLAIN);
    expect(fieldErrors(slab.error!).operatorCode).toBe("The operator code is too long: at most 40 characters.");

    // Without PLAIN (and without the server's global map) zod would have said "Too big: …".
    const raw = LevelInput.safeParse({ key: "k".repeat(41), name: "Gold", minPoints: "10" });
    expect(raw.error!.issues[0].message).toMatch(/Too big/);
  });

  it("a schema's own message still wins", () => {
    const short = CreateAccountForm.safeParse({ ...account, password: "short" }, PLAIN);
    expect(fieldErrors(short.error!)).toEqual({ password: "Password must have at least 8 characters." });
  });
});
