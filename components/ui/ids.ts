/** A fresh client-side idempotency token (one per confirmation, reused when the same request is retried). */
export function clientToken(prefix: string) {
  const random = typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID().replaceAll("-", "").slice(0, 12) : Math.random().toString(36).slice(2, 14);
  return `${prefix}-${Date.now().toString(36)}-${random}`.toUpperCase();
}
