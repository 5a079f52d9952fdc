"use client";
import { useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useCallback } from "react";
import { useTRPC } from "@/components/trpc";
import type { AppRouter } from "@/server/trpc/root";

export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Dates come over superjson as Date; the shared formatters take ISO strings. */
export const iso = (d: Date | string | null | undefined) => (d instanceof Date ? d.toISOString() : (d ?? null));

/** After any admin change, everything admin is refetched: the pages are small and must not lie. */
export function useAdminRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() }), [queryClient, trpc]);
}

export const bps = (v: number) => `${(v / 100).toFixed(v % 100 === 0 ? 0 : 2)}%`;
