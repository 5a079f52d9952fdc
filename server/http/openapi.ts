import { z } from "zod";
import * as S from "./schemas";

type Operation = {
  method: "get" | "post";
  path: string;
  id: string;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  errors: number[];
  example: string;
};

const ERROR_TEXT: Record<number, string> = {
  401: "Missing or wrong credentials, or a revoked key (`unauthorized`).",
  403: "IP address not on the key's allow-list, or account suspended (`forbidden`).",
  404: "No such object for this account (`not_found`).",
  409: "`idempotency_conflict` (same reference, other parameters) or `duplicate_recharge` (same number, operator and amount moments ago).",
  422: "`validation_failed` (details name each bad field), `invalid_operator`, `operator_number_mismatch`, `invalid_amount`, `insufficient_balance`.",
  429: "Rate limited (`rate_limited`); see `Retry-After`.",
  503: "No provider can serve the request now (`provider_unavailable`).",
};

const BASE = "https://refill.example.com";
const AUTH = "-u $REFILL_KEY:$REFILL_SECRET";

/** Every public v1 operation. The same zod schemas validate the requests (server/http/schemas.ts). */
export const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/v1/operators",
    id: "listOperators",
    summary: "List operators and billers",
    description: "Operators with their code, country, services, number prefixes and amount limits.",
    query: S.OperatorsQuery,
    responses: { 200: { description: "Operators", schema: z.object({ data: z.array(S.OperatorObject) }) } },
    errors: [401, 403, 422, 429],
    example: `curl ${AUTH} "${BASE}/api/v1/operators?country=BD"`,
  },
  {
    method: "get",
    path: "/api/v1/operators/detect",
    id: "detectOperator",
    summary: "Detect a number's operator",
    description: "A portability override beats the prefix; a number an operator rejected is learned and no longer guessed to be theirs.",
    query: S.DetectQuery,
    responses: { 200: { description: "Detection", schema: S.Detection } },
    errors: [401, 403, 422, 429],
    example: `curl ${AUTH} "${BASE}/api/v1/operators/detect?phone=01712345678"`,
  },
  {
    method: "post",
    path: "/api/v1/numbers/validate",
    id: "validateNumber",
    summary: "Validate a number (account validation)",
    body: S.ValidateNumberBody,
    responses: { 200: { description: "Validation result", schema: S.NumberValidation } },
    errors: [401, 403, 422, 429],
    example: `curl ${AUTH} -H 'Content-Type: application/json' -d '{"phone":"01712345678","operator":"GP"}' ${BASE}/api/v1/numbers/validate`,
  },
  {
    method: "get",
    path: "/api/v1/plans",
    id: "listPlans",
    summary: "Recharge plans of an operator",
    description: "Served from a cache refreshed every 5–10 minutes.",
    query: S.PlansQuery,
    responses: { 200: { description: "Plans", schema: S.PlansResponse } },
    errors: [401, 403, 422, 429, 503],
    example: `curl ${AUTH} "${BASE}/api/v1/plans?operator=GP"`,
  },
  {
    method: "post",
    path: "/api/v1/bills/fetch",
    id: "fetchBill",
    summary: "Look up a utility or DTH bill",
    body: S.BillFetchBody,
    responses: { 200: { description: "The bill", schema: S.BillResponse } },
    errors: [401, 403, 404, 422, 429, 503],
    example: `curl ${AUTH} -H 'Content-Type: application/json' -d '{"biller":"BESCOM","account":"1234567890"}' ${BASE}/api/v1/bills/fetch`,
  },
  {
    method: "post",
    path: "/api/v1/recharges",
    id: "createRecharge",
    summary: "Create a recharge",
    description:
      "`reference` is your order id, unique per account: sending it again returns the first order (200) and never charges twice. The amount is held at creation; the outcome arrives by webhook or by polling. `validate_only: true` runs every check and creates nothing. An `Idempotency-Key` header is honoured like `reference`.",
    body: S.CreateRechargeInput,
    responses: {
      201: { description: "Created; status `pending`", schema: S.RechargeObject },
      200: { description: "The existing order for this reference, or the `validate_only` preview", schema: z.union([S.RechargeObject, S.ValidationPreview]) },
    },
    errors: [401, 403, 409, 422, 429, 503],
    example: `curl ${AUTH} -H 'Content-Type: application/json' \\\n  -d '{"reference":"ORD-1001","phone":"01712345678","operator":"GP","amount":"20.00"}' \\\n  ${BASE}/api/v1/recharges`,
  },
  {
    method: "get",
    path: "/api/v1/recharges",
    id: "listRecharges",
    summary: "List recharges, or find one by your reference",
    description: "Newest first, cursor-paginated: pass `next_cursor` back as `cursor`.",
    query: S.ListRechargesQuery,
    responses: { 200: { description: "A page of recharges", schema: S.RechargeList } },
    errors: [401, 403, 422, 429],
    example: `curl ${AUTH} "${BASE}/api/v1/recharges?reference=ORD-1001"`,
  },
  {
    method: "get",
    path: "/api/v1/recharges/{id}",
    id: "getRecharge",
    summary: "One recharge with its status and timeline",
    responses: { 200: { description: "The recharge", schema: S.RechargeWithTimeline } },
    errors: [401, 403, 404, 429],
    example: `curl ${AUTH} ${BASE}/api/v1/recharges/rch_…`,
  },
  {
    method: "get",
    path: "/api/v1/balance",
    id: "getBalance",
    summary: "Wallet balance",
    responses: { 200: { description: "Balance", schema: S.Balance } },
    errors: [401, 403, 429],
    example: `curl ${AUTH} ${BASE}/api/v1/balance`,
  },
  {
    method: "post",
    path: "/api/v1/deposits",
    id: "createDeposit",
    summary: "Top up by USDT (TRC20): get a deposit address",
    description:
      "Returns a fresh TRON address for this order, its expiry (default 60 min, `expires_in_minutes` to change) and the rate in force. Send USDT (TRC20) to it: what actually arrives is credited once it has enough confirmations, converted at the rate in force then — also when it is less (`underpaid`), more (`overpaid`) or after expiry (`late`). `reference` is your order id: sending it again returns the same order (200); with other parameters it is 409. Outcome by `deposit.credited` / `deposit.expired` webhook or by polling.",
    body: S.CreateDepositInput,
    responses: {
      201: { description: "Created; status `awaiting_payment`", schema: S.DepositObject },
      200: { description: "The existing order for this reference", schema: S.DepositObject },
    },
    errors: [401, 403, 409, 422, 429, 503],
    example: `curl ${AUTH} -H 'Content-Type: application/json' \\\n  -d '{"reference":"TOPUP-1001","amount":"25.00"}' \\\n  ${BASE}/api/v1/deposits`,
  },
  {
    method: "get",
    path: "/api/v1/deposits",
    id: "listDeposits",
    summary: "List deposits, or find one by your reference",
    description: "Newest first, cursor-paginated: pass `next_cursor` back as `cursor`.",
    query: S.ListDepositsQuery,
    responses: { 200: { description: "A page of deposits", schema: S.DepositList } },
    errors: [401, 403, 422, 429],
    example: `curl ${AUTH} "${BASE}/api/v1/deposits?reference=TOPUP-1001"`,
  },
  {
    method: "get",
    path: "/api/v1/deposits/{id}",
    id: "getDeposit",
    summary: "One deposit with its status, amounts and transfers",
    responses: { 200: { description: "The deposit", schema: S.DepositObject } },
    errors: [401, 403, 404, 429],
    example: `curl ${AUTH} ${BASE}/api/v1/deposits/dep_…`,
  },
  {
    method: "get",
    path: "/api/v1/statements",
    id: "getStatement",
    summary: "The account's statement for a day",
    description:
      "Opening balance at 00:00 UTC, every movement of the available balance that day (recharges, failures returned, commission, cashback, refunds, reversals, funding, deposits, credits) with the balance after it, and the closing balance: opening plus the movements equals closing. Up to `limit` movements (default and maximum 1000) per page; pass `next_cursor` back as `cursor`.",
    query: S.StatementQuery,
    responses: { 200: { description: "The statement", schema: S.StatementObject } },
    errors: [401, 403, 422, 429],
    example: `curl ${AUTH} "${BASE}/api/v1/statements?date=2026-01-31"`,
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    id: "openapi",
    summary: "This document (OpenAPI 3.1)",
    responses: { 200: { description: "OpenAPI document" } },
    errors: [],
    example: `curl ${BASE}/api/v1/openapi.json`,
  },
];

const jsonSchema = (schema: z.ZodType, io: "input" | "output") => z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });

function parameters(query: z.ZodObject | undefined, path: string) {
  const params: object[] = [];
  for (const match of path.matchAll(/\{(\w+)\}/g)) params.push({ name: match[1], in: "path", required: true, schema: { type: "string" } });
  if (!query) return params;
  const shape = jsonSchema(query, "input") as { properties?: Record<string, object>; required?: string[] };
  for (const [name, schema] of Object.entries(shape.properties ?? {})) {
    params.push({ name, in: "query", required: shape.required?.includes(name) ?? false, schema });
  }
  return params;
}

let cached: object | undefined;

export function openApiDocument() {
  if (cached) return cached;
  const paths: Record<string, Record<string, object>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, object> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = r.schema ? { description: r.description, content: { "application/json": { schema: jsonSchema(r.schema, "output") } } } : { description: r.description };
    }
    for (const status of op.errors) responses[status] = { description: ERROR_TEXT[status], content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    if (op.errors.length) responses["500"] = { description: "Internal error (`internal`); never carries internals.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      operationId: op.id,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.path === "/api/v1/openapi.json" ? { security: [] } : {}),
      parameters: parameters(op.query, op.path),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } } : {}),
      responses,
      "x-curl-example": op.example,
    };
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Refill API",
      version: "1.0.0",
      description:
        "Mobile, DTH and bill recharges. Authenticate with HTTP Basic (`api_key:api_secret`). Money is a decimal string next to its currency. Errors are `{\"error\": {\"code\", \"message\", \"details\"}}`; every response carries `X-Request-Id`.",
    },
    servers: [{ url: "/" }],
    security: [{ basicAuth: [] }],
    components: {
      securitySchemes: { basicAuth: { type: "http", scheme: "basic", description: "API key as user name, API secret as password." } },
      schemas: { Error: jsonSchema(S.ErrorBody, "output") },
    },
    paths,
  };
  return cached;
}
