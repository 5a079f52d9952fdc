"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

/**
 * The order on screen, kept in the page's URL (?order=rch_…): Refresh, Back and Forward bring its
 * status card back. Shared by the mobile recharge and the DTH & bills flows (needs a <Suspense>
 * around the component, like any useSearchParams).
 */
export function useOrderInUrl() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return {
    order: params.get("order"),
    /** Shows an order: a new history entry, so Back returns to the form. */
    show: (id: string) => router.push(`${pathname}?order=${encodeURIComponent(id)}`, { scroll: false }),
    /** Back to an empty form (a new entry too: Back shows the order again). */
    clear: () => router.push(pathname, { scroll: false }),
  };
}
