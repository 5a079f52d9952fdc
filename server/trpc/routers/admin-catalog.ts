import { z } from "zod";
import {
  createCommissionSlab,
  deleteCommissionSlab,
  ListOperatorsInput,
  ListSlabsInput,
  listCommissionSlabs,
  listOperators,
  SlabInput,
  UpdateOperatorInput,
  UpdateSlabInput,
  updateCommissionSlab,
  updateOperator,
} from "@/server/admin/catalog";
import {
  createCashbackOffer,
  createRewardLevel,
  deleteRewardLevel,
  LevelInput,
  ListOffersInput,
  listCashbackOffers,
  listRewardLevels,
  OfferInput,
  setCashbackOfferActive,
  UpdateLevelInput,
  UpdateOfferInput,
  updateCashbackOffer,
  updateRewardLevel,
} from "@/server/rewards/offers";
import { adminProcedure, router } from "../init";

const p = adminProcedure("admin.catalog");

export const adminCatalogRouter = router({
  operators: p.input(ListOperatorsInput).query(({ ctx, input }) => listOperators(ctx.app, input)),
  updateOperator: p.input(UpdateOperatorInput).mutation(({ ctx, input }) => updateOperator({ ctx: ctx.app, input })),
  slabs: p.input(ListSlabsInput).query(({ ctx, input }) => listCommissionSlabs(ctx.app, input)),
  createSlab: p.input(SlabInput).mutation(({ ctx, input }) => createCommissionSlab({ ctx: ctx.app, input })),
  updateSlab: p.input(UpdateSlabInput).mutation(({ ctx, input }) => updateCommissionSlab({ ctx: ctx.app, input })),
  deleteSlab: p.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) => deleteCommissionSlab({ ctx: ctx.app, input })),
});

export const adminRewardsRouter = router({
  offers: p.input(ListOffersInput).query(({ ctx, input }) => listCashbackOffers(ctx.app, input)),
  createOffer: p.input(OfferInput).mutation(({ ctx, input }) => createCashbackOffer({ ctx: ctx.app, input })),
  updateOffer: p.input(UpdateOfferInput).mutation(({ ctx, input }) => updateCashbackOffer({ ctx: ctx.app, input })),
  setOfferActive: p.input(z.object({ id: z.string().min(1), active: z.boolean() })).mutation(({ ctx, input }) => setCashbackOfferActive({ ctx: ctx.app, input })),
  levels: p.query(({ ctx }) => listRewardLevels(ctx.app)),
  createLevel: p.input(LevelInput).mutation(({ ctx, input }) => createRewardLevel({ ctx: ctx.app, input })),
  updateLevel: p.input(UpdateLevelInput).mutation(({ ctx, input }) => updateRewardLevel({ ctx: ctx.app, input })),
  deleteLevel: p.input(z.object({ id: z.number().int().positive() })).mutation(({ ctx, input }) => deleteRewardLevel({ ctx: ctx.app, input })),
});
