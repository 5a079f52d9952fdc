import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loggerOptions, redact, serializeError } from "./logger";

describe("log redaction", () => {
  it("masks secrets at any depth", () => {
    const out = redact({ request: { body: { credentials: { api_secret: "rs_live_1" }, nested: [{ password: "p@ss", phone: "01712345678" }] } }, headers: { authorization: "Basic abc" } });
    expect(JSON.stringify(out)).not.toMatch(/rs_live_1|p@ss|Basic abc/);
    expect(JSON.stringify(out)).toContain("01712345678");
  });

  it("drops the query and bound parameters of database errors, keeping the message and code", () => {
    const pg = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021", query: "select * from api_keys where secret_hash = $1", parameters: ["rs_live_secret"] });
    const wrapped = Object.assign(new Error("Failed query"), { query: "select …", params: ["rs_live_secret"], cause: pg });
    const out = JSON.stringify(serializeError(wrapped));
    expect(out).not.toContain("rs_live_secret");
    expect(out).not.toContain("secret_hash");
    expect(out).toContain("22021");
    expect(out).toContain("invalid byte sequence");
  });

  it("applies through pino as configured (err field and nested objects)", () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = pino({ ...loggerOptions, level: "info" }, sink);
    log.error({ err: Object.assign(new Error("boom"), { parameters: ["rs_live_2"] }), ctx: { deep: { token: "t0k" } } }, "failed");
    expect(lines.join("")).not.toMatch(/rs_live_2|t0k/);
    expect(lines.join("")).toContain("boom");
  });
});
