import { describe, expect, it } from "vitest";
import { AppError } from "@/server/lib/errors";
import { assertDeliverableUrl, classifyAddress } from "./ssrf";

const prod = { production: true };
const dev = { production: false };
const noDns = { lookup: async (host: string): Promise<{ address: string; family: number }[]> => { throw new Error(`unexpected lookup of ${host}`); } };

async function refusal(url: string, opts: Parameters<typeof assertDeliverableUrl>[1]) {
  try {
    await assertDeliverableUrl(url, opts);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("validation_failed");
    return (error as AppError).message;
  }
  throw new Error(`${url} was accepted`);
}

describe("classifyAddress", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["93.184.216.34", "public"],
    ["0.0.0.0", "unspecified"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["100.128.0.1", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["169.254.169.254", "link-local"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.10", "reserved"],
    ["198.18.0.1", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    ["fc00::1", "unique-local"],
    ["fd12:3456:789a::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:8.8.8.8", "public"],
    ["::127.0.0.1", "reserved"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["64:ff9b::8.8.8.8", "public"],
    ["2002:7f00:1::", "loopback"],
    ["2001:db8::1", "reserved"],
    ["2001::1", "reserved"],
    ["2606:4700:4700::1111", "public"],
    ["2a00:1450:4001:80b::200e", "public"],
    ["[2606:4700:4700::1111]", "public"],
  ])("%s is %s", (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it("refuses things that are not addresses", () => {
    expect(() => classifyAddress("example.com")).toThrow(TypeError);
    expect(() => classifyAddress("1.2.3")).toThrow(TypeError);
  });
});

describe("assertDeliverableUrl in production", () => {
  it("accepts https to a public address", async () => {
    const ok = await assertDeliverableUrl("https://93.184.216.34/hooks?x=1", { ...prod, ...noDns });
    expect(ok.url.href).toBe("https://93.184.216.34/hooks?x=1");
    expect(ok.addresses).toEqual(["93.184.216.34"]);
    expect((await assertDeliverableUrl("https://[2606:4700:4700::1111]:8443/h", { ...prod, ...noDns })).addresses).toEqual(["2606:4700:4700::1111"]);
  });

  it("requires https", async () => {
    expect(await refusal("http://93.184.216.34/hooks", prod)).toMatch(/https/);
    expect(await refusal("ftp://93.184.216.34/x", prod)).toMatch(/https/);
  });

  it.each([
    "https://127.0.0.1/",
    "https://127.1/",
    "https://2130706433/",
    "https://0x7f000001/",
    "https://[::1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:a9fe:a9fe]/",
    "https://10.0.0.5/",
    "https://172.20.1.1/",
    "https://192.168.0.10/",
    "https://100.100.100.200/",
    "https://169.254.169.254/latest/meta-data/",
    "https://[fe80::1]/",
    "https://[fd00::1]/",
    "https://224.0.0.251/",
    "https://[ff02::1]/",
    "https://0.0.0.0/",
    "https://[::]/",
  ])("refuses %s", async (url) => {
    expect(await refusal(url, { ...prod, ...noDns })).toMatch(/points to a/);
  });

  it("checks every address a hostname resolves to", async () => {
    const lookup = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ];
    expect(await refusal("https://rebind.example/", { ...prod, lookup })).toMatch(/private address \(10\.0\.0\.7\)/);
    const v6 = async () => [{ address: "::ffff:192.168.1.1", family: 6 }];
    expect(await refusal("https://mapped.example/", { ...prod, lookup: v6 })).toMatch(/private/);
    const good = async () => [{ address: "93.184.216.34", family: 4 }, { address: "2606:4700:4700::1111", family: 6 }];
    expect((await assertDeliverableUrl("https://merchant.example/hook", { ...prod, lookup: good })).addresses).toHaveLength(2);
  });

  it("refuses localhost (via the system resolver), unresolvable hosts, credentials and junk", async () => {
    expect(await refusal("https://localhost:3000/hook", prod)).toMatch(/loopback/);
    const fail = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    expect(await refusal("https://nowhere.invalid/", { ...prod, lookup: fail })).toMatch(/could not be resolved/);
    expect(await refusal("https://user:pw@93.184.216.34/", prod)).toMatch(/credentials/);
    expect(await refusal("not a url", prod)).toMatch(/valid URL/);
    expect(await refusal(`https://93.184.216.34/${"a".repeat(2100)}`, prod)).toMatch(/longer/);
  });
});

describe("assertDeliverableUrl outside production", () => {
  it("allows http and loopback, for local integration and tests", async () => {
    await expect(assertDeliverableUrl("http://127.0.0.1:4000/hook", dev)).resolves.toMatchObject({ addresses: ["127.0.0.1"] });
    await expect(assertDeliverableUrl("http://[::1]:4000/hook", dev)).resolves.toBeTruthy();
    await expect(assertDeliverableUrl("http://localhost:4000/hook", { ...dev, ...noDns })).resolves.toMatchObject({ addresses: [] });
    await expect(assertDeliverableUrl("http://10.0.0.2/hook", dev)).resolves.toBeTruthy();
  });

  it("still refuses other schemes, metadata, multicast and unspecified addresses", async () => {
    expect(await refusal("file:///etc/passwd", dev)).toMatch(/http or https/);
    expect(await refusal("http://169.254.169.254/", dev)).toMatch(/link-local/);
    expect(await refusal("http://[::ffff:169.254.169.254]/", dev)).toMatch(/link-local/);
    expect(await refusal("http://224.0.0.1/", dev)).toMatch(/multicast/);
    expect(await refusal("http://0.0.0.0:3000/", dev)).toMatch(/unspecified/);
  });
});
