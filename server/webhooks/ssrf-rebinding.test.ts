// Issue 11 item 4: the URL was resolved and checked, then fetch resolved it again and connected to
// whatever the second answer said (DNS rebinding). Deliveries now connect through a dispatcher whose
// lookup applies the same rule to the address it connects to.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LookupFn, assertDeliverableUrl, classifyAddress, pinnedDispatcher } from "./ssrf";

let server: Server;
let port = 0;
let received = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    received += 1;
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A hostile resolver: a public address for the check, then the target for the connection. */
function rebinding(target: string): LookupFn {
  let calls = 0;
  return async () => [{ address: (calls += 1) === 1 ? "93.184.216.34" : target, family: 4 }];
}

describe("webhook delivery connects only to checked addresses", () => {
  it("production: public at check time, private at connect time -> no connection", async () => {
    const lookup = rebinding("127.0.0.1");
    await expect(assertDeliverableUrl("https://hooks.rebind.test/", { production: true, lookup })).resolves.toMatchObject({ addresses: ["93.184.216.34"] });
    const before = received;
    await expect(fetch(`http://hooks.rebind.test:${port}/`, { method: "POST", body: "{}", dispatcher: pinnedDispatcher({ production: true, lookup }) })).rejects.toThrow();
    expect(received).toBe(before);
  });

  it("every environment: a rebind to the metadata address is refused", async () => {
    const lookup = rebinding("169.254.169.254");
    await assertDeliverableUrl("http://hooks.rebind.test/", { production: false, lookup });
    const error = await fetch("http://hooks.rebind.test/latest/meta-data/", { dispatcher: pinnedDispatcher({ production: false, lookup }) }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error & { cause?: { code?: string } }).cause?.code)).toBe("EADDRNOTALLOWED");
  });

  it("outside production host names are resolved and classified too; metadata is refused everywhere", async () => {
    const to = (address: string): LookupFn => async () => [{ address, family: address.includes(":") ? 6 : 4 }];
    await expect(assertDeliverableUrl("http://meta.test/", { production: false, lookup: to("169.254.169.254") })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(assertDeliverableUrl("http://meta6.test/", { production: false, lookup: to("fd00:ec2::254") })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(assertDeliverableUrl("http://[fd00:ec2::254]/", { production: false })).rejects.toMatchObject({ code: "validation_failed" });
    expect(classifyAddress("100.100.100.200")).toBe("metadata");
    // A local receiver by name still works outside production, through the same pinned dispatcher.
    const before = received;
    const ok = await fetch(`http://receiver.test:${port}/`, { method: "POST", body: "{}", dispatcher: pinnedDispatcher({ production: false, lookup: to("127.0.0.1") }) });
    expect(ok.status).toBe(200);
    expect(received).toBe(before + 1);
  });
});
