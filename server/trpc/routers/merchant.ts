import { router } from "../init";

export const merchantRouter = router({});
