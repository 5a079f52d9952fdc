// Small response helpers shared by the simulators.

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

export function form(params: Record<string, string | number | null | undefined>, status = 200): Response {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined) out.set(key, String(value));
  return new Response(out.toString(), { status, headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } });
}

/** Resolves after `ms`, or as soon as `signal` aborts (the client hung up, so holding on is pointless). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** The 004 scenario: the order is performed, but the answer is held until the client gives up. */
export const HANG_MS = 60_000;

export async function readJson(req: Request): Promise<Record<string, unknown> | null> {
  try {
    const body = await req.json();
    return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const str = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");

export function formatCents(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}
