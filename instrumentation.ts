export async function register() {
  // Node.js runtime only: the edge runtime has no database.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot } = await import("./server/boot");
    await boot();
  }
}
