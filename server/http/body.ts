// Reading a request's body in a route handler. Through its own reader, released once the body is read:
// undici's `req.json()` / `req.text()` leave their reader attached to the closed stream, and on Node 20
// Next's request body stream outlives the request (held by Node's transferable-stream bookkeeping), so
// the reader's `closed` promise kept the request's async context alive, with its response and
// everything else of the request: ~1,000 finished requests were still in the heap after a full GC
// (heap snapshot; BENCHMARKS.md, memory). Released, the stream no longer reaches the request.

const utf8 = new TextDecoder(); // as `req.text()` decodes: UTF-8, a leading byte-order mark dropped

/** The body as text (UTF-8). */
export async function readBodyText(req: Request): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return utf8.decode(Buffer.concat(chunks));
}

/** The body parsed as JSON (throws SyntaxError when it is not JSON, as `req.json()` does). */
export async function readBodyJson(req: Request): Promise<unknown> {
  return JSON.parse(await readBodyText(req));
}
