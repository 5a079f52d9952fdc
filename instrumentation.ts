export async function register() {
  // Node.js runtime only: the edge runtime has no database.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    try {
      const { boot } = await import("./server/boot");
      await boot();
    } catch (error) {
      // A server that cannot check its configuration or reach its database must not serve requests
      // (this also covers a bare `next start`, which does not go through server/start.mjs's check).
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    }
  }
}
