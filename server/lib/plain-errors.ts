// zod's global error map on the server (tRPC inputs, HTTP schemas, recharge schemas): the plain
// sentences of server/lib/plain-messages.ts instead of zod's own wording. Browser forms pass the
// same function per parse instead (PLAIN), so no page pays for installing it globally.
import { z } from "zod";
import { type Issue, plainMessage } from "./plain-messages";

export { plainMessage } from "./plain-messages";

z.config({ customError: (issue) => plainMessage(issue as Issue) });
