import { router } from "../init";

export const retailRouter = router({});
