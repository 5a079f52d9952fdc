// Which address a request came from, as our checks must see it (API key allow-lists, sign-in and seed
// rate limits). X-Forwarded-For is written by whoever sends the request, so only the hops appended by
// our own proxies (TRUSTED_PROXIES of them) and the socket's address can be believed. Plain JS: the
// start script (server/start.mjs) uses it before Next is loaded.

/** Set by the start script on every request, after removing whatever a client sent under this name. */
export const CLIENT_IP_HEADER = "x-refill-client-ip";
const SOCKET_MARK = Symbol.for("refill.client-ip-from-socket");

/** `::ffff:1.2.3.4` is 1.2.3.4; brackets and surrounding space are dropped. */
export function normalizeIp(ip) {
  let value = String(ip).trim();
  if (value.startsWith("[") && value.includes("]")) value = value.slice(1, value.indexOf("]"));
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(value) ? value.slice(7) : value;
}

/**
 * The client's address from the forwarded chain: `forwardedFor` hops then, when known, the socket's
 * peer. Each trusted proxy appended one hop, so the client is `trustedProxies` hops from the end.
 */
export function clientIpFromChain(forwardedFor, socketAddress, trustedProxies) {
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  const chain = socketAddress ? [...hops, socketAddress] : hops;
  if (chain.length === 0) return "unknown";
  return normalizeIp(chain[Math.max(0, chain.length - 1 - trustedProxies)]);
}

/** For the start script: stamps each request with the address our checks will use. */
export function stampClientIp(req, trustedProxies) {
  req.headers[CLIENT_IP_HEADER] = clientIpFromChain(req.headers["x-forwarded-for"], req.socket?.remoteAddress, trustedProxies);
}

/** Called once by the start script: from then on CLIENT_IP_HEADER is ours, not the client's. */
export function markSocketAddressKnown() {
  globalThis[SOCKET_MARK] = true;
}

export const socketAddressKnown = () => globalThis[SOCKET_MARK] === true;
