import { describe, expect, it } from "vitest";
import { errorResponse } from "@/server/http/errors";
import { databaseUnavailableCode } from "./db-errors";

/** What drizzle throws: its own error, the driver's underneath. */
const wrapped = (cause: object) => Object.assign(new Error("Failed query: select 1\nparams: secret-value"), { cause });

describe("database unavailability", () => {
  it.each([
    ["ECONNREFUSED", { code: "ECONNREFUSED" }],
    ["postgres.js connection closed", { code: "CONNECTION_CLOSED" }],
    ["connect timeout", { code: "CONNECT_TIMEOUT" }],
    ["admin shutdown (restart)", { code: "57P01" }],
    ["the database system is starting up", { code: "57P03" }],
    ["too many clients", { code: "53300" }],
    ["statement timeout", { code: "57014" }],
    ["lock timeout", { code: "55P03" }],
  ])("%s is unavailability, through drizzle's wrapper too", (_, cause) => {
    expect(databaseUnavailableCode(cause)).toBe(cause.code);
    expect(databaseUnavailableCode(wrapped(cause))).toBe(cause.code);
  });

  it.each([
    ["unique violation", { code: "23505" }],
    ["check violation", { code: "23514" }],
    ["a plain bug", new TypeError("x is undefined")],
  ])("%s is not", (_, error) => {
    expect(databaseUnavailableCode(wrapped(error))).toBeNull();
  });

  it("answers 503 service_unavailable with Retry-After and no internals", async () => {
    const res = errorResponse(wrapped({ code: "ECONNREFUSED" }), "req-1");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    const body = await res.json();
    expect(body).toEqual({ error: { code: "service_unavailable", message: expect.stringMatching(/briefly unavailable/), details: { retry_after_seconds: 2 } } });
    expect(JSON.stringify(body)).not.toContain("secret-value");
  });

  it("a real bug stays a 500 without internals", async () => {
    const res = errorResponse(wrapped(new TypeError("boom")), "req-2");
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toMatch(/boom|select|secret/);
  });
});
