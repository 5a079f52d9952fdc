// charlie's signing rule: MD5 over the non-empty params sorted by name as `k=v` joined with `&`,
// then `&key=<secret>`, upper-case hex. The secret itself is never sent.
import { createHash } from "node:crypto";

export function signParams(params: Record<string, string>, secret: string): string {
  const base = Object.keys(params)
    .filter((k) => k !== "sign" && params[k] !== "")
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
  return createHash("md5").update(`${base}&key=${secret}`, "utf8").digest("hex").toUpperCase();
}
