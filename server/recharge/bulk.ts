// Bulk recharges from a CSV file (number, amount, optional operator). A batch needs no table of its
// own: its orders are ordinary recharges with channel "bulk" and reference BULK-<batchId>-<row>, so
// the unique (account, reference) index makes a resubmitted row return the order it already made.
import { and, eq, like, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "@/db/client";
import { recharges } from "@/db/schema";
import { type Ctx, scopedAccountId } from "@/server/context";
import { getAccountWallet } from "@/server/ledger";
import { AppError, ValidationFailed } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { asciiDigits } from "@/server/lib/digits";
import { formatAmount, parseAmount } from "@/server/lib/money";
import { rechargeCreated } from "@/server/jobs/notify";
import { logger } from "@/server/lib/logger";
import { createRecharge } from "./create";
import { addOrderNote } from "./manage";
import { type RechargeObject, rechargeObject } from "./view";

export const BULK_MAX_ROWS = 500;
/** Rows per submit call: the client sends a large file in chunks and shows the progress. */
export const BULK_SUBMIT_CHUNK = 50;
const BULK_MAX_BYTES = 200_000;
/** Orders started at once in the background; the sweeper picks up the rest as they fall due. */
const BACKGROUND_CONCURRENCY = 3;
const VALIDATE_CONCURRENCY = 4;

const BatchId = z.string().regex(/^bulk_[0-9A-Za-z]{20}$/, "Not a bulk batch id.");

export const BulkRow = z.object({
  row: z.number().int().min(1).max(100_000),
  phone: z.string().trim().min(1).max(32),
  amount: z.string().trim().min(1).max(20),
  operator: z.string().trim().max(40).optional(),
  /** The retailer chose to send a row the duplicate guard stopped ("Send anyway"). */
  allow_duplicate: z.boolean().optional(),
});
export type BulkRow = z.infer<typeof BulkRow>;

export type BulkRowError = { code: string; message: string; details?: Record<string, unknown> };

export const bulkReference = (batchId: string, row: number) => `BULK-${batchId}-${row}`;

// ---------------------------------------------------------------------------------------------
// Parsing (pure)

/** Splits CSV text into records of fields: quotes, doubled quotes, commas/semicolons/tabs, CRLF. */
export function splitCsv(text: string): string[][] {
  return splitCsvLines(text).map((r) => r.fields);
}

/** The records of a CSV text with the file line each starts on (1-based), blank lines dropped. */
export function splitCsvLines(text: string): Array<{ line: number; fields: string[] }> {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0].d;
  const records: Array<{ line: number; fields: string[] }> = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (ch === delimiter) {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push({ line: start, fields: record });
      record = [];
      field = "";
      line++;
      start = line;
    } else field += ch;
  }
  if (field !== "" || record.length) {
    record.push(field);
    records.push({ line: start, fields: record });
  }
  return records.map((r) => ({ line: r.line, fields: r.fields.map((f) => f.trim()) })).filter((r) => r.fields.some((f) => f !== ""));
}

// Headers as shops write them, in English, Bengali and Hindi.
const PHONE_HEADERS = ["number", "phone", "mobile", "msisdn", "phone_number", "mobile_number", "subscriber", "নম্বর", "মোবাইল", "মোবাইল_নম্বর", "ফোন", "नंबर", "मोबाइल", "मोबाइल_नंबर", "फ़ोन"];
const AMOUNT_HEADERS = ["amount", "value", "taka", "price", "টাকা", "পরিমাণ", "राशि", "रकम"];
const OPERATOR_HEADERS = ["operator", "op", "network", "carrier", "অপারেটর", "ऑपरेटर"];

export type ParsedBulkCsv = { rows: BulkRow[]; problems: Array<{ row: number; phone: string; amount: string; operator?: string; error: BulkRowError }> };

/**
 * Reads a file of "number, amount[, operator]" rows. A first line without digits is a header, whose
 * names pick the columns in any order; without one the columns are positional. A row's number is
 * its line in the file (what a spreadsheet shows), and is what the batch references use.
 */
export function parseBulkCsv(text: string): ParsedBulkCsv {
  if (text.length > BULK_MAX_BYTES) throw ValidationFailed(`The file is too large (at most ${BULK_MAX_BYTES / 1000} KB).`, { file: "too_large" });
  const records = splitCsvLines(text.replace(/^\uFEFF/, ""));
  let columns = { phone: 0, amount: 1, operator: 2 as number | -1 };
  if (records[0] && !records[0].fields.some((f) => /\d/.test(asciiDigits(f)))) {
    const header = records.shift()!.fields.map((h) => h.toLowerCase().replace(/[\s-]+/g, "_"));
    const find = (names: string[]) => header.findIndex((h) => names.includes(h));
    const phone = find(PHONE_HEADERS);
    const amount = find(AMOUNT_HEADERS);
    if (phone < 0 || amount < 0) throw ValidationFailed("The header must name a number column and an amount column (e.g. number,amount,operator).", { file: "header" });
    columns = { phone, amount, operator: find(OPERATOR_HEADERS) };
  }
  if (records.length === 0) throw ValidationFailed("The file has no rows.", { file: "empty" });
  if (records.length > BULK_MAX_ROWS) throw ValidationFailed(`A batch can have at most ${BULK_MAX_ROWS} rows; this file has ${records.length}.`, { file: "too_many_rows" });

  const result: ParsedBulkCsv = { rows: [], problems: [] };
  records.forEach(({ line: row, fields }) => {
    const phone = asciiDigits(fields[columns.phone] ?? "").trim();
    const amount = asciiDigits(fields[columns.amount] ?? "").trim().replace(/^(?:৳|₹|tk\.?|bdt|inr|টাকা)\s*/i, "");
    const operator = columns.operator >= 0 ? fields[columns.operator] || undefined : undefined;
    if (!phone) result.problems.push({ row, phone, amount, operator, error: { code: "validation_failed", message: "The number is missing." } });
    else if (!amount) result.problems.push({ row, phone, amount, operator, error: { code: "validation_failed", message: "The amount is missing." } });
    else result.rows.push({ row, phone, amount, operator });
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Verbs

function rowError(error: unknown): BulkRowError {
  if (error instanceof AppError && error.code === "duplicate_recharge") {
    const minutes = Math.max(1, Math.ceil(Number(error.details.retry_after_seconds ?? 60) / 60));
    return {
      code: error.code,
      message: `This number got the same amount a few minutes ago; the operator would refuse it again for about ${minutes} min. Tick "Send anyway" if the customer really wants a second one.`,
      details: error.details,
    };
  }
  if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
  logger.error({ err: error }, "bulk row failed unexpectedly");
  return { code: "internal", message: "Something went wrong with this row." };
}

/** Runs fn over items with at most `limit` at once, keeping their order in the result. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export type BulkPreviewRow = {
  row: number;
  phone: string;
  amount: string;
  operator: string | null;
  valid: boolean;
  /** The normalized order as it would be placed (valid rows). */
  target: string | null;
  commission: string | null;
  error: BulkRowError | null;
};

export const ValidateBulkInput = z.object({ csv: z.string().min(1, "Choose a CSV file.") });

/**
 * Parses a file and checks every row the way the order itself will be checked (createRecharge with
 * validate_only): operator, number, limits, duplicates, provider availability. Also flags rows
 * repeated within the file and whether the balance covers the valid rows together.
 */
export async function validateBulk(args: { ctx: Ctx; input: z.input<typeof ValidateBulkInput> }) {
  const { csv } = ValidateBulkInput.parse(args.input);
  const accountId = scopedAccountId(args.ctx);
  const parsed = parseBulkCsv(csv);
  const batchId = createId("bulk");
  const checked = await mapLimit(parsed.rows, VALIDATE_CONCURRENCY, async (r): Promise<BulkPreviewRow> => {
    try {
      const result = await createRecharge({
        ctx: args.ctx,
        input: { reference: bulkReference(batchId, r.row), service: "mobile", phone: r.phone, operator: r.operator, amount: r.amount, validate_only: true },
        options: { channel: "bulk" },
      });
      if (result.kind !== "validated") throw new AppError("internal", "Validation did not answer a preview.");
      const p = result.preview;
      return { row: r.row, phone: r.phone, amount: p.amount, operator: p.operator, valid: true, target: p.target, commission: p.commission, error: null };
    } catch (error) {
      return { row: r.row, phone: r.phone, amount: r.amount, operator: r.operator ?? null, valid: false, target: null, commission: null, error: rowError(error) };
    }
  });
  // The same number, operator and amount twice in one file is almost always a copy-paste slip, and
  // the operator would refuse the second as a duplicate anyway.
  const seen = new Map<string, number>();
  for (const row of checked) {
    if (!row.valid) continue;
    const key = `${row.target}|${row.operator}|${row.amount}`;
    const first = seen.get(key);
    if (first !== undefined) {
      row.valid = false;
      row.error = { code: "duplicate_in_file", message: `Same number and amount as row ${first}.` };
    } else seen.set(key, row.row);
  }
  const rows = [
    ...checked,
    ...parsed.problems.map((p): BulkPreviewRow => ({ row: p.row, phone: p.phone, amount: p.amount, operator: p.operator ?? null, valid: false, target: null, commission: null, error: p.error })),
  ].sort((a, b) => a.row - b.row);

  const wallet = await getAccountWallet(args.ctx.db, accountId);
  const valid = rows.filter((r) => r.valid);
  const total = valid.reduce((sum, r) => sum + (parseAmount(r.amount, wallet.currency) ?? 0n), 0n);
  return {
    batch_id: batchId,
    currency: wallet.currency,
    rows,
    summary: {
      rows: rows.length,
      valid: valid.length,
      invalid: rows.length - valid.length,
      total_amount: formatAmount(total, wallet.currency),
      balance_available: formatAmount(wallet.available, wallet.currency),
      enough_balance: wallet.available >= total,
    },
  };
}

const RejectedRow = z.object({ row: z.number().int().min(1).max(100_000), phone: z.string().max(64), amount: z.string().max(40), operator: z.string().max(40).nullable().optional(), reason: z.string().max(500) });
export type RejectedRow = z.infer<typeof RejectedRow>;

export const SubmitBulkInput = z.object({
  batchId: BatchId,
  rows: z.array(BulkRow).min(1).max(BULK_SUBMIT_CHUNK),
  /** The uploaded file's name: the batch is titled with it. */
  fileName: z.string().trim().max(200).optional(),
  /** Rows the preview refused, with why: kept with the batch so its results file lists them too. */
  rejected: z.array(RejectedRow).max(BULK_MAX_ROWS).optional(),
});
export type SubmitBulkInput = z.input<typeof SubmitBulkInput>;

export type BulkSubmitResult = { row: number; recharge: RechargeObject | null; error: BulkRowError | null };

/**
 * Places the orders of (a chunk of) a batch and returns at once: processing runs in the background.
 * A row submitted twice finds its first order (same reference), so a retried chunk is harmless.
 */
export async function submitBulk(args: { ctx: Ctx; input: SubmitBulkInput }): Promise<BulkSubmitResult[]> {
  const parsed = SubmitBulkInput.safeParse(args.input);
  if (!parsed.success) throw ValidationFailed("Some fields are invalid.", z.flattenError(parsed.error).fieldErrors);
  const { batchId, rows } = parsed.data;
  scopedAccountId(args.ctx);
  const created: string[] = [];
  const results: BulkSubmitResult[] = [];
  // One at a time: each order holds its amount, so the balance check of the next one sees it.
  for (const r of rows) {
    try {
      const result = await createRecharge({
        ctx: args.ctx,
        input: { reference: bulkReference(batchId, r.row), service: "mobile", phone: r.phone, operator: r.operator || undefined, amount: r.amount, allow_duplicate: r.allow_duplicate ?? false },
        options: { channel: "bulk" },
      });
      if (result.kind === "validated") throw new AppError("internal", "Unexpected validation result.");
      if (result.kind === "created") {
        created.push(result.recharge.id);
        // The batch's file name (and, once, its refused rows) travel with its orders: no batch table.
        const note: Record<string, unknown> = {};
        if (parsed.data.fileName) note.bulk_file = parsed.data.fileName;
        if (parsed.data.rejected?.length && created.length === 1) note.bulk_rejected = parsed.data.rejected;
        if (Object.keys(note).length) await addOrderNote(args.ctx, result.recharge.id, note);
      }
      results.push({ row: r.row, recharge: rechargeObject(result.recharge), error: null });
    } catch (error) {
      results.push({ row: r.row, recharge: null, error: rowError(error) });
    }
  }
  processInBackground(created);
  return results;
}

/** Starts the orders now, a few at a time, without holding up the request; the sweeper is the safety net. */
function processInBackground(ids: string[]) {
  if (ids.length === 0) return;
  void mapLimit(ids, BACKGROUND_CONCURRENCY, (id) => rechargeCreated(id)).catch((error) => logger.error({ err: error }, "bulk background start failed; the sweeper will pick the orders up"));
}

const FINAL_STATUSES = new Set(["succeeded", "failed", "refunded", "reversed"]);

export type BulkBatch = {
  batch_id: string;
  file_name: string | null;
  rows: Array<{ row: number; recharge: RechargeObject }>;
  rejected: RejectedRow[];
  counts: { total: number; pending: number; succeeded: number; failed: number; other: number; final: number };
  done: boolean;
};

/** A batch's orders with their current status, by row. */
export async function getBulkBatch(args: { ctx: Ctx; input: { batchId: string } }): Promise<BulkBatch> {
  const batchId = BatchId.parse(args.input.batchId);
  const accountId = scopedAccountId(args.ctx);
  const prefix = `BULK-${batchId}-`;
  const found = await args.ctx.db
    .select()
    .from(recharges)
    .where(and(eq(recharges.accountId, accountId), eq(recharges.channel, "bulk"), like(recharges.reference, `${prefix.replaceAll("_", "\\_")}%`)));
  const rows = found
    .map((r) => ({ row: Number(r.reference.slice(prefix.length)), recharge: rechargeObject(r) }))
    .sort((a, b) => a.row - b.row);
  // Counted as the batch list counts them: a reversed or refunded order is a failed one there too.
  const counts = { total: rows.length, pending: 0, succeeded: 0, failed: 0, other: 0, final: 0 };
  for (const { recharge } of rows) {
    if (recharge.status === "pending") counts.pending++;
    else if (recharge.status === "succeeded") counts.succeeded++;
    else if (recharge.status === "failed" || recharge.status === "reversed" || recharge.status === "refunded") counts.failed++;
    else counts.other++;
    if (FINAL_STATUSES.has(recharge.status)) counts.final++;
  }
  const meta = found.map((r) => (r.metadata ?? {}) as { bulk_file?: string; bulk_rejected?: RejectedRow[] });
  const fileName = meta.find((m) => m.bulk_file)?.bulk_file ?? null;
  const rejected = (meta.find((m) => m.bulk_rejected)?.bulk_rejected ?? []).slice().sort((a, b) => a.row - b.row);
  return { batch_id: batchId, file_name: fileName, rows, rejected, counts, done: counts.total > 0 && counts.final === counts.total };
}

/** The account's latest batches, newest first, with how far each has got. */
export async function listBulkBatches(args: { ctx: Ctx; input?: { limit?: number } }) {
  const accountId = scopedAccountId(args.ctx);
  const limit = Math.min(Math.max(args.input?.limit ?? 10, 1), 50);
  const result = await args.ctx.db.execute(sql`
    SELECT split_part(${recharges.reference}, '-', 2) AS batch_id,
           min(${recharges.createdAt}) AS created_at,
           count(*)::int AS total,
           count(*) FILTER (WHERE ${recharges.status} = 'succeeded')::int AS succeeded,
           count(*) FILTER (WHERE ${recharges.status} IN ('failed', 'reversed', 'refunded'))::int AS failed,
           count(*) FILTER (WHERE ${recharges.status} IN ('received', 'held', 'submitting', 'pending'))::int AS pending,
           sum(${recharges.amount})::text AS amount,
           min(${recharges.currency}) AS currency,
           min(${recharges.metadata}->>'bulk_file') AS file_name
    FROM ${recharges}
    WHERE ${recharges.accountId} = ${accountId} AND ${recharges.channel} = 'bulk' AND ${recharges.reference} LIKE 'BULK-%'
    GROUP BY 1
    ORDER BY min(${recharges.createdAt}) DESC
    LIMIT ${limit}`);
  return rowsOf<{ batch_id: string; created_at: string | Date; total: number; succeeded: number; failed: number; pending: number; amount: string; currency: string; file_name: string | null }>(result).map((b) => ({
    batch_id: b.batch_id,
    file_name: b.file_name,
    created_at: new Date(b.created_at).toISOString(),
    total: b.total,
    succeeded: b.succeeded,
    failed: b.failed,
    pending: b.pending,
    amount: formatAmount(BigInt(b.amount), b.currency),
    currency: b.currency,
  }));
}
