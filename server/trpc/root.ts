import { createCallerFactory, router } from "./init";
import { adminRouter } from "./routers/admin";
import { depositsRouter } from "./routers/deposits";
import { meRouter } from "./routers/me";
import { merchantRouter } from "./routers/merchant";
import { retailRouter } from "./routers/retail";

export const appRouter = router({ me: meRouter, admin: adminRouter, retail: retailRouter, merchant: merchantRouter, deposits: depositsRouter });
export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
