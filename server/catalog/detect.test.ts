import { describe, expect, it } from "vitest";
import { accountMatchesOperator, type DetectionContext, detectOperator, numberMatchesOperator, prefixMatches, validateAmount } from "./detect";
import { type ParsedPhone, parsePhone } from "./numbers";
import { getOperator, type OperatorDef } from "./operators";

function phone(input: string): ParsedPhone {
  const parsed = parsePhone(input);
  if (!parsed.ok) throw new Error(`test number ${input} did not parse: ${parsed.reason}`);
  return parsed;
}

function op(code: string): OperatorDef {
  const found = getOperator(code);
  if (!found) throw new Error(`no operator ${code}`);
  return found;
}

const empty = (): DetectionContext => ({ overrides: new Map(), rejections: new Map(), learned: new Map() });

const GP = phone("01712345678");

describe("detectOperator by prefix", () => {
  it.each([
    ["01912345678", "BL"],
    ["01412345678", "BL"],
    ["01812345678", "RB"],
    ["01612345678", "AT"],
    ["01512345678", "TT"],
  ])("BD %s → %s", (input, code) => {
    expect(detectOperator(phone(input), empty())).toEqual({ country: "BD", operator: code, source: "prefix", confidence: 0.8, candidates: [code] });
  });

  it("answers GP for 017/013 and names Skitto as the other candidate", () => {
    for (const input of ["01712345678", "01312345678"]) {
      expect(detectOperator(phone(input), empty())).toEqual({ country: "BD", operator: "GP", source: "prefix", confidence: 0.8, candidates: ["GP", "GP ST"] });
    }
  });

  it("finds nothing for a BD range no operator owns", () => {
    expect(detectOperator(phone("01112345678"), empty())).toEqual({ country: "BD", operator: null, source: null, confidence: 0, candidates: [] });
  });

  it.each([
    ...["134", "135", "139", "147", "150", "152", "157", "159", "178", "182", "184", "187", "188", "195", "198"].map((s) => [s, "CM"]),
    ...["130", "131", "132", "145", "155", "156", "166", "175", "176", "185", "186", "196"].map((s) => [s, "CU"]),
    ...["133", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199"].map((s) => [s, "CT"]),
  ])("CN segment %s → %s", (segment, code) => {
    expect(detectOperator(phone(`+86${segment}12345678`), empty())).toEqual({ country: "CN", operator: code, source: "prefix", confidence: 0.9, candidates: [code] });
  });

  it("maps CN 149 (data-only SIMs) to CT, though libphonenumber does not take it as a valid mobile", () => {
    expect(parsePhone("+8614912345678")).toEqual({ ok: false, reason: "invalid" });
    const dataSim: ParsedPhone = { ok: true, country: "CN", national: "14912345678", e164: "+8614912345678", nsn: "14912345678" };
    expect(detectOperator(dataSim, empty())).toMatchObject({ operator: "CT", source: "prefix" });
  });

  it("finds no operator for CN segments outside the three (CBN 192, MVNO 170)", () => {
    expect(detectOperator(phone("+8619212345678"), empty())).toMatchObject({ operator: null, candidates: [] });
    expect(detectOperator(phone("+8617012345678"), empty())).toMatchObject({ operator: null, candidates: [] });
  });

  it("gives an IN series hint with low confidence and keeps every IN operator possible", () => {
    const result = detectOperator(phone("+919810123456"), empty());
    expect(result).toMatchObject({ country: "IN", operator: "AIRTEL", source: "prefix", confidence: 0.5 });
    expect(result.candidates[0]).toBe("AIRTEL");
    expect([...result.candidates].sort()).toEqual(["AIRTEL", "BSNL", "JIO", "VI"]);
  });

  it("answers no operator for an unknown IN series but lists the candidates", () => {
    const result = detectOperator(phone("+919123456789"), empty());
    expect(result).toMatchObject({ operator: null, source: null, confidence: 0 });
    expect(result.candidates).toEqual(["JIO", "AIRTEL", "VI", "BSNL"]);
  });

  it("prefers the longest matching prefix", () => {
    const ops: OperatorDef[] = [{ ...op("CM") }, { ...op("CT"), prefixes: [...op("CT").prefixes, "1349"] }];
    expect(prefixMatches(phone("+8613491234567"), ops).map((o) => o.code)).toEqual(["CT"]);
    expect(prefixMatches(phone("+8613481234567"), ops).map((o) => o.code)).toEqual(["CM"]);
  });

  it("uses the catalog it is given (admin-edited prefixes)", () => {
    const edited = [{ ...op("RB"), prefixes: ["18", "16"] }, { ...op("AT"), prefixes: [] }];
    expect(detectOperator(phone("01612345678"), { ...empty(), operators: edited })).toMatchObject({ operator: "RB", source: "prefix" });
  });
});

describe("detectOperator precedence", () => {
  it("portability override beats learned and prefix, even a rejection", () => {
    const ctx = empty();
    ctx.overrides.set(GP.e164, "RB");
    ctx.learned?.set(GP.e164, "BL");
    ctx.rejections.set(GP.e164, new Set(["RB"]));
    expect(detectOperator(GP, ctx)).toEqual({ country: "BD", operator: "RB", source: "portability", confidence: 1, candidates: ["RB", "GP", "GP ST"] });
  });

  it("learned success beats the prefix", () => {
    const ctx = empty();
    ctx.learned?.set(GP.e164, "BL");
    expect(detectOperator(GP, ctx)).toEqual({ country: "BD", operator: "BL", source: "learned", confidence: 0.9, candidates: ["BL", "GP", "GP ST"] });
  });

  it("learned Skitto beats the GP default", () => {
    const ctx = empty();
    ctx.learned?.set(GP.e164, "GP ST");
    expect(detectOperator(GP, ctx)).toMatchObject({ operator: "GP ST", source: "learned", candidates: ["GP ST", "GP"] });
  });

  it("facts about other numbers do not leak", () => {
    const ctx = empty();
    ctx.overrides.set("+8801712345679", "RB");
    ctx.learned?.set("+8801712345679", "BL");
    ctx.rejections.set("+8801712345679", new Set(["GP"]));
    expect(detectOperator(GP, ctx)).toMatchObject({ operator: "GP", source: "prefix" });
  });

  it("a rejected operator is never the prefix answer: falls to the next candidate", () => {
    const ctx = empty();
    ctx.rejections.set(GP.e164, new Set(["GP"]));
    expect(detectOperator(GP, ctx)).toEqual({ country: "BD", operator: "GP ST", source: "prefix", confidence: 0.8, candidates: ["GP ST"] });
  });

  it("falls to null when every prefix candidate rejected the number", () => {
    const ctx = empty();
    ctx.rejections.set(GP.e164, new Set(["GP", "GP ST"]));
    expect(detectOperator(GP, ctx)).toEqual({ country: "BD", operator: null, source: null, confidence: 0, candidates: [] });
    const rb = phone("01812345678");
    ctx.rejections.set(rb.e164, new Set(["RB"]));
    expect(detectOperator(rb, ctx)).toMatchObject({ operator: null, source: null, candidates: [] });
  });

  it("a learned operator that later rejected the number is skipped", () => {
    const ctx = empty();
    ctx.learned?.set(GP.e164, "BL");
    ctx.rejections.set(GP.e164, new Set(["BL"]));
    expect(detectOperator(GP, ctx)).toMatchObject({ operator: "GP", source: "prefix", candidates: ["GP", "GP ST"] });
  });

  it("works without a learned map", () => {
    expect(detectOperator(GP, { overrides: new Map(), rejections: new Map() })).toMatchObject({ operator: "GP", source: "prefix" });
  });

  it("ignores overrides and learnings naming an operator of another country or a biller", () => {
    const ctx = empty();
    ctx.overrides.set(GP.e164, "JIO");
    ctx.learned?.set(GP.e164, "TATAPLAY");
    expect(detectOperator(GP, ctx)).toMatchObject({ operator: "GP", source: "prefix" });
  });

  it("an IN learned operator beats the series hint", () => {
    const ctx = empty();
    const number = phone("+919810123456");
    ctx.learned?.set(number.e164, "JIO");
    expect(detectOperator(number, ctx)).toMatchObject({ operator: "JIO", source: "learned", confidence: 0.9 });
    expect(detectOperator(number, ctx).candidates[0]).toBe("JIO");
  });
});

describe("numberMatchesOperator", () => {
  it("checks BD prefixes, GP and Skitto sharing theirs", () => {
    expect(numberMatchesOperator(GP, "GP")).toBe(true);
    expect(numberMatchesOperator(GP, "GP ST")).toBe(true);
    expect(numberMatchesOperator(phone("01312345678"), "GP ST")).toBe(true);
    expect(numberMatchesOperator(GP, "BL")).toBe(false);
    expect(numberMatchesOperator(phone("01412345678"), "BL")).toBe(true);
    expect(numberMatchesOperator(phone("01512345678"), "TT")).toBe(true);
    expect(numberMatchesOperator(phone("01512345678"), "AT")).toBe(false);
  });

  it("checks CN segments", () => {
    expect(numberMatchesOperator(phone("13812345678"), "CM")).toBe(true);
    expect(numberMatchesOperator(phone("13812345678"), "CU")).toBe(false);
    expect(numberMatchesOperator(phone("18612345678"), "CU")).toBe(true);
    expect(numberMatchesOperator(phone("19912345678"), "CT")).toBe(true);
  });

  it("allows any IN mobile operator but no biller", () => {
    const number = phone("+919810123456");
    for (const code of ["JIO", "AIRTEL", "VI", "BSNL"]) expect(numberMatchesOperator(number, code)).toBe(true);
    expect(numberMatchesOperator(number, "TATAPLAY")).toBe(false);
    expect(numberMatchesOperator(number, "BESCOM")).toBe(false);
  });

  it("refuses another country's operator and unknown codes", () => {
    expect(numberMatchesOperator(GP, "CM")).toBe(false);
    expect(numberMatchesOperator(GP, "AIRTEL")).toBe(false);
    expect(numberMatchesOperator(GP, "gp")).toBe(false);
    expect(numberMatchesOperator(GP, "NOPE")).toBe(false);
  });

  it("lets a ported number through on its override or learned operator", () => {
    const ctx = empty();
    expect(numberMatchesOperator(GP, "RB", ctx)).toBe(false);
    ctx.overrides.set(GP.e164, "RB");
    expect(numberMatchesOperator(GP, "RB", ctx)).toBe(true);
    ctx.learned?.set(GP.e164, "BL");
    expect(numberMatchesOperator(GP, "BL", ctx)).toBe(true);
    expect(numberMatchesOperator(GP, "AT", ctx)).toBe(false);
  });

  it("accepts an operator row instead of a code", () => {
    expect(numberMatchesOperator(phone("01612345678"), { ...op("RB"), prefixes: ["18", "16"] })).toBe(true);
  });
});

describe("accountMatchesOperator", () => {
  it.each([
    ["TATAPLAY", "1234567890", true],
    ["TATAPLAY", "2234567890", false],
    ["AIRTELDTH", "3012345678", true],
    ["DISHTV", "01234567890", true],
    ["DISHTV", "1234567890", false],
    ["SUNDIRECT", "41234567890", true],
    ["D2H", "12345678", true],
    ["MSEDCL", "123456789012", true],
    ["MSEDCL", "12345678901", false],
    ["DJB", " 1234567890 ", true],
    ["IGL", "", false],
    ["NOPE", "1234567890", false],
  ] as const)("%s %j → %s", (code, account, expected) => {
    expect(accountMatchesOperator(code, account)).toBe(expected);
  });

  it("refuses everything under a broken pattern rather than accepting everything", () => {
    expect(accountMatchesOperator({ ...op("IGL"), accountPattern: "([" }, "1234567890")).toBe(false);
  });
});

describe("validateAmount", () => {
  const gp = op("GP");

  it("takes BD prepaid amounts within 10.00–1000.00", () => {
    expect(validateAmount(gp, 1000n)).toEqual({ ok: true });
    expect(validateAmount(gp, 2000n, "prepaid")).toEqual({ ok: true });
    expect(validateAmount(gp, 100000n)).toEqual({ ok: true });
  });

  it("refuses amounts outside the limits, with the limits", () => {
    const limits = { min: 1000n, max: 100000n, denominations: null, step: 100n };
    expect(validateAmount(gp, 999n)).toEqual({ ok: false, reason: "below_minimum", ...limits });
    expect(validateAmount(gp, 100100n)).toEqual({ ok: false, reason: "above_maximum", ...limits });
    expect(validateAmount(gp, 0n)).toEqual({ ok: false, reason: "not_positive", ...limits });
    expect(validateAmount(gp, -2000n)).toEqual({ ok: false, reason: "not_positive", ...limits });
  });

  it("lets postpaid go up to its own ceiling", () => {
    expect(validateAmount(gp, 500000n, "postpaid")).toEqual({ ok: true });
    expect(validateAmount(gp, 500100n, "postpaid")).toMatchObject({ ok: false, reason: "above_maximum", max: 500000n });
    expect(validateAmount(gp, 500000n, "prepaid")).toMatchObject({ ok: false, reason: "above_maximum", max: 100000n });
  });

  it("falls back to the prepaid ceiling for postpaid when none is set", () => {
    expect(validateAmount(op("CM"), 60000n, "postpaid")).toMatchObject({ ok: false, reason: "above_maximum", max: 50000n });
  });

  it("wants whole taka for BD top-ups", () => {
    expect(validateAmount(gp, 2050n)).toMatchObject({ ok: false, reason: "not_a_multiple_of_step", step: 100n });
  });

  it("takes only the fixed CN denominations", () => {
    const cm = op("CM");
    for (const yuan of [10n, 20n, 30n, 50n, 100n, 200n, 300n, 500n]) expect(validateAmount(cm, yuan * 100n)).toEqual({ ok: true });
    const refused = validateAmount(cm, 4000n);
    expect(refused).toMatchObject({ ok: false, reason: "not_a_denomination", min: 1000n, max: 50000n });
    expect(refused.ok === false && refused.denominations).toEqual([1000n, 2000n, 3000n, 5000n, 10000n, 20000n, 30000n, 50000n]);
    expect(validateAmount(cm, 1050n)).toMatchObject({ ok: false, reason: "not_a_denomination" });
  });

  it("lets bills be paid to the paisa", () => {
    expect(validateAmount(op("BESCOM"), 123456n)).toEqual({ ok: true });
    expect(validateAmount(op("BESCOM"), 99n)).toMatchObject({ ok: false, reason: "below_minimum" });
  });

  it("treats an empty denomination list as no restriction", () => {
    expect(validateAmount({ ...gp, denominations: [] }, 2000n)).toEqual({ ok: true });
  });
});
