// Catalog verbs over the database: the live operator table and what we have learned about numbers.

import { versionedCache } from "@/server/lib/cache";
import { and, arrayContains, asc, eq, sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/db/client";
import { numberLearnings, numberRejections, type OperatorRow, operators, portabilityOverrides } from "@/db/schema/catalog";
import { type Detection, type DetectionContext, detectOperator } from "./detect";
import { type ParsedPhone, type PhoneParseError, parsePhone } from "./numbers";
import { ALL_OPERATORS, type Country, type OperatorDef, type Service } from "./operators";

/** A table row as the pure catalog type, so detect/validate work the same on seeded and edited data. */
export function operatorDefFromRow(row: OperatorRow): OperatorDef {
  return {
    code: row.code,
    name: row.name,
    country: row.country,
    currency: row.currency,
    services: row.services,
    kind: row.kind,
    prefixes: row.prefixes,
    minAmount: row.minAmount,
    maxAmount: row.maxAmount,
    postpaidMaxAmount: row.postpaidMaxAmount ?? undefined,
    amountStep: row.amountStep ?? undefined,
    denominations: row.denominations ?? null,
    duplicateWindowSeconds: row.duplicateWindowSeconds,
    accountPattern: row.accountPattern ?? undefined,
    accountLabel: row.accountLabel ?? undefined,
  };
}

function rowFromOperatorDef(op: OperatorDef) {
  return {
    code: op.code,
    name: op.name,
    country: op.country,
    currency: op.currency,
    services: [...op.services],
    kind: op.kind,
    prefixes: [...op.prefixes],
    minAmount: op.minAmount,
    maxAmount: op.maxAmount,
    postpaidMaxAmount: op.postpaidMaxAmount ?? null,
    amountStep: op.amountStep ?? null,
    denominations: op.denominations ? [...op.denominations] : null,
    duplicateWindowSeconds: op.duplicateWindowSeconds,
    accountPattern: op.accountPattern ?? null,
    accountLabel: op.accountLabel ?? null,
  };
}

/** Inserts the built-in catalog; rows that already exist are left as admins last saved them. */
export async function seedOperators(db: Executor): Promise<{ inserted: string[] }> {
  const rows = await db
    .insert(operators)
    .values(ALL_OPERATORS.map(rowFromOperatorDef))
    .onConflictDoNothing({ target: operators.code })
    .returning({ code: operators.code });
  return { inserted: rows.map((r) => r.code) };
}

const operatorRows = versionedCache<OperatorRow | null>();

/** One operator's row; with the caller's configuration version, from this process's cache. */
export async function getOperatorRow(db: Executor, code: string, configVersion?: bigint | null): Promise<OperatorRow | null> {
  const load = async () => (await db.select().from(operators).where(eq(operators.code, code)))[0] ?? null;
  return configVersion == null ? load() : operatorRows.get(code, configVersion, load);
}

export async function listOperatorRows(
  db: Executor,
  filter: { country?: Country; service?: Service; enabledOnly?: boolean } = {},
): Promise<OperatorRow[]> {
  const conditions = [
    filter.country ? eq(operators.country, filter.country) : undefined,
    filter.service ? arrayContains(operators.services, [filter.service]) : undefined,
    filter.enabledOnly ? eq(operators.enabled, true) : undefined,
  ];
  const rows = await db.select().from(operators).where(and(...conditions)).orderBy(asc(operators.code));
  return rows.sort(byCatalogOrder);
}

const CATALOG_POSITION = new Map(ALL_OPERATORS.map((op, i) => [op.code, i]));

// Built-in order first (it is seed 002's allowed_operator order, and detection breaks prefix ties by
// it: GP before Skitto), then operators admins added, by code.
function byCatalogOrder(a: OperatorRow, b: OperatorRow): number {
  const pa = CATALOG_POSITION.get(a.code) ?? Number.MAX_SAFE_INTEGER;
  const pb = CATALOG_POSITION.get(b.code) ?? Number.MAX_SAFE_INTEGER;
  return pa - pb || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/**
 * The select list that reads everything known about one number (`$e164` null: nothing), as the
 * columns `number_override`, `number_rejections` and `number_learned`: callers add it to a query they
 * send anyway, and turn the row into a context with detectionContextOf.
 */
export function detectionContextColumns(e164: string | null) {
  return sql`
    (SELECT operator_code FROM portability_overrides WHERE e164 = ${e164}::text) AS number_override,
    ARRAY(SELECT operator_code FROM number_rejections WHERE e164 = ${e164}::text ORDER BY operator_code) AS number_rejections,
    (SELECT operator_code FROM number_learnings WHERE e164 = ${e164}::text) AS number_learned`;
}

export function detectionContextOf(e164: string, row: Record<string, unknown>): DetectionContext {
  const overrides = new Map<string, string>();
  const rejections = new Map<string, Set<string>>();
  const learned = new Map<string, string>();
  const rejected = (row.number_rejections as string[] | null) ?? [];
  if (row.number_override != null) overrides.set(e164, String(row.number_override));
  if (rejected.length) rejections.set(e164, new Set(rejected));
  if (row.number_learned != null) learned.set(e164, String(row.number_learned));
  return { overrides, rejections, learned };
}

/** Everything known about one number, in the shape detectOperator takes (without `operators`): one query. */
export async function loadDetectionContext(db: Executor, e164: string): Promise<DetectionContext> {
  const [row] = rowsOf<Record<string, unknown>>(await db.execute(sql`SELECT ${detectionContextColumns(e164)}`));
  return detectionContextOf(e164, row);
}

const countryRows = versionedCache<OperatorRow[]>(100);

/** Every operator of a country (disabled ones too), in catalog order; cached for the caller's configuration version. */
export function countryOperatorRows(db: Executor, country: Country, configVersion?: bigint | null): Promise<OperatorRow[]> {
  const load = () => listOperatorRows(db, { country });
  return configVersion == null ? load() : countryRows.get(country, configVersion, load);
}

/** Detection over a context already read (see detectionContextColumns) and the country's live catalog. */
export async function detectParsed(db: Executor, phone: ParsedPhone, context: DetectionContext, configVersion?: bigint | null): Promise<Detection> {
  const rows = await countryOperatorRows(db, phone.country, configVersion);
  return detectOperator(phone, { ...context, operators: rows.map(operatorDefFromRow) });
}

export type NumberDetection =
  | { ok: true; phone: ParsedPhone; detection: Detection; context: DetectionContext }
  | { ok: false; reason: PhoneParseError };

/**
 * Parse + facts + detection for one typed-in number. Disabled operators are kept in the catalog
 * passed to detection: "this is a GP number" stays true while GP is switched off, and the caller
 * answers that GP is unavailable instead of guessing another operator. Needs seedOperators to have run.
 */
export async function detectNumber(db: Executor, input: string, defaultCountry?: Country): Promise<NumberDetection> {
  const phone = parsePhone(input, defaultCountry);
  if (!phone.ok) return phone;
  const [context, rows] = await Promise.all([loadDetectionContext(db, phone.e164), listOperatorRows(db, { country: phone.country })]);
  const withCatalog: DetectionContext = { ...context, operators: rows.map(operatorDefFromRow) };
  return { ok: true, phone, detection: detectOperator(phone, withCatalog), context: withCatalog };
}

/**
 * The operator said the number is not its subscriber (typically ported away). Remembered so detection
 * stops proposing it; a learning pointing at that operator is dropped since it is now wrong.
 */
export async function recordRejection(db: Executor, e164: string, operator: string): Promise<void> {
  await db.insert(numberRejections).values({ e164, operatorCode: operator }).onConflictDoNothing();
  await db.delete(numberLearnings).where(and(eq(numberLearnings.e164, e164), eq(numberLearnings.operatorCode, operator)));
}

/**
 * The operator recharged the number: the strongest evidence short of an admin override. A rejection
 * by that same operator is forgotten, as the number has evidently come back to it. As CTEs (`learned`,
 * `unrejected`) of the statement that settles the success (settleSuccess).
 */
export function numberSucceededCtes(e164: string | null, operator: string) {
  return sql`
    learned AS (
      INSERT INTO number_learnings (e164, operator_code)
      SELECT ${e164}::text, ${operator} WHERE ${e164}::text IS NOT NULL
      ON CONFLICT (e164) DO UPDATE SET operator_code = excluded.operator_code, last_success_at = now()
    ),
    unrejected AS (
      DELETE FROM number_rejections WHERE e164 = ${e164}::text AND operator_code = ${operator}
    )`;
}

/** Admin: this number now belongs to `operator`, whatever its prefix says. */
export async function setPortabilityOverride(db: Executor, e164: string, operator: string, note?: string): Promise<void> {
  await db
    .insert(portabilityOverrides)
    .values({ e164, operatorCode: operator, note: note ?? null })
    .onConflictDoUpdate({ target: portabilityOverrides.e164, set: { operatorCode: operator, note: note ?? null, createdAt: sql`now()` } });
}

export async function clearPortabilityOverride(db: Executor, e164: string): Promise<void> {
  await db.delete(portabilityOverrides).where(eq(portabilityOverrides.e164, e164));
}
