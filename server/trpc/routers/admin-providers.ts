import { z } from "zod";
import {
  checkProviderHealth,
  ListProviderCallsInput,
  ListProviderCostsInput,
  listProviderCalls,
  listProviderCosts,
  providerHealth,
  resetProviderCircuit,
  SetProviderCostInput,
  setProviderCost,
  UpdateProviderInput,
  updateProvider,
} from "@/server/admin/providers";
import { SetSimulatorControlInput, setSimulatorControl, simulatorControls } from "@/server/admin/simulator";
import { adminProcedure, router } from "../init";

const p = adminProcedure("admin.providers");
const Name = z.object({ name: z.string().min(1).max(60) });

export const adminProvidersRouter = router({
  health: p.query(({ ctx }) => providerHealth(ctx.app)),
  update: p.input(UpdateProviderInput).mutation(({ ctx, input }) => updateProvider({ ctx: ctx.app, input })),
  costs: p.input(ListProviderCostsInput).query(({ ctx, input }) => listProviderCosts(ctx.app, input)),
  setCost: p.input(SetProviderCostInput).mutation(({ ctx, input }) => setProviderCost({ ctx: ctx.app, input })),
  resetCircuit: p.input(Name).mutation(({ ctx, input }) => resetProviderCircuit({ ctx: ctx.app, input })),
  checkHealth: p.input(Name).mutation(({ ctx, input }) => checkProviderHealth({ ctx: ctx.app, input })),
  calls: p.input(ListProviderCallsInput).query(({ ctx, input }) => listProviderCalls(ctx.app, input)),
  simulator: p.query(({ ctx }) => simulatorControls(ctx.app)),
  setSimulator: p.input(SetSimulatorControlInput).mutation(({ ctx, input }) => setSimulatorControl({ ctx: ctx.app, input })),
});
