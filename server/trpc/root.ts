import { createCallerFactory, router } from "./init";
import { adminRouter } from "./routers/admin";
import { meRouter } from "./routers/me";
import { merchantRouter } from "./routers/merchant";
import { retailRouter } from "./routers/retail";

export const appRouter = router({ me: meRouter, admin: adminRouter, retail: retailRouter, merchant: merchantRouter });
export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
