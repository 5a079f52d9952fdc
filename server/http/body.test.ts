import { describe, expect, it } from "vitest";
import { readBodyJson, readBodyText } from "./body";

const post = (body: BodyInit | null) => new Request("http://localhost/x", { method: "POST", body, headers: { "content-type": "application/json" } });

describe("request bodies", () => {
  it("reads what req.text() and req.json() would, a byte-order mark and multi-byte text included", async () => {
    const text = '\uFEFF{"name":"Dhaka ঢাকা","amount":"20.00"}';
    expect(await readBodyText(post(text))).toBe(await post(text).text());
    expect(await readBodyJson(post(text))).toEqual({ name: "Dhaka ঢাকা", amount: "20.00" });
    expect(await readBodyText(post(null))).toBe("");
    await expect(readBodyJson(post("{not json"))).rejects.toThrow(SyntaxError);
  });

  it("leaves the body used and its stream unlocked", async () => {
    const req = post('{"a":1}');
    await readBodyJson(req);
    expect(req.bodyUsed).toBe(true);
    expect(req.body?.locked).toBe(false);
  });
});
