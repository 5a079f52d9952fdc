// The standalone simulator's memory across restarts: every change to an order or a control is one
// JSON line appended (synchronously, before the answer goes out) to <dir>/journal.jsonl. On start the
// journal is replayed, last line per order winning, then compacted into a fresh file. A lock file
// keeps a second simulator process off the same directory.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import {
  attachJournal,
  defaultControl,
  isSimName,
  SIM_NAMES,
  simState,
  type SimControl,
  type SimJournal,
  type SimName,
  type SimOrder,
} from "@/server/sim/state";

type OrderLine = { t: "order"; sim: SimName; seq: number; order: Omit<SimOrder, "chargedUsdCents"> & { chargedUsdCents: string } };
type ControlLine = { t: "control"; sim: SimName; control: Omit<SimControl, "floatUsdCents"> & { floatUsdCents: string } };
type Line = OrderLine | ControlLine;

const orderLine = (sim: SimName, order: SimOrder, seq: number): OrderLine => ({
  t: "order",
  sim,
  seq,
  order: { ...order, chargedUsdCents: order.chargedUsdCents.toString() },
});
const controlLine = (sim: SimName, control: SimControl): ControlLine => ({
  t: "control",
  sim,
  control: { ...control, floatUsdCents: control.floatUsdCents.toString() },
});

function pidAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function takeLock(dir: string) {
  const lock = path.join(dir, "simulator.lock");
  if (existsSync(lock)) {
    const pid = Number.parseInt(readFileSync(lock, "utf8"), 10);
    if (Number.isFinite(pid) && pid !== process.pid && pidAlive(pid)) {
      throw new Error(`Another simulator (pid ${pid}) is using ${dir}; stop it or set SIM_DATA_DIR elsewhere.`);
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

/** Replays `dir`'s journal into the simulator state, compacts it, and journals every later change. */
export function openJournal(dir: string): { orders: number; close: () => void } {
  mkdirSync(dir, { recursive: true });
  const releaseLock = takeLock(dir);
  const file = path.join(dir, "journal.jsonl");
  const state = simState();
  let orders = 0;

  if (existsSync(file)) {
    const text = readFileSync(file, "utf8");
    for (const raw of text.split("\n")) {
      if (!raw.trim()) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // a line torn by a crash mid-write: everything before it is intact
      }
      if (!isSimName(line.sim)) continue;
      if (line.t === "order") {
        const order: SimOrder = { ...line.order, visibleAt: line.order.visibleAt ?? null, chargedUsdCents: BigInt(line.order.chargedUsdCents) };
        if (!state.orders[line.sim].has(order.orderId)) orders += 1;
        state.orders[line.sim].set(order.orderId, order);
        state.refs[line.sim].set(order.ref, order.orderId);
        state.seq = Math.max(state.seq, line.seq);
      } else if (line.t === "control") {
        state.controls[line.sim] = { ...defaultControl(), ...line.control, floatUsdCents: BigInt(line.control.floatUsdCents) };
      }
    }
  }

  // Compact: one line per control and per order, written aside and renamed over the old journal.
  const compacted: string[] = [];
  for (const sim of SIM_NAMES) {
    compacted.push(JSON.stringify(controlLine(sim, state.controls[sim])));
    for (const order of state.orders[sim].values()) compacted.push(JSON.stringify(orderLine(sim, order, state.seq)));
  }
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, compacted.length ? `${compacted.join("\n")}\n` : "");
  renameSync(tmp, file);

  const fd = openSync(file, "a");
  const append = (line: Line) => writeSync(fd, `${JSON.stringify(line)}\n`);
  const journal: SimJournal = {
    order: (sim, order, seq) => append(orderLine(sim, order, seq)),
    control: (sim, control) => append(controlLine(sim, control)),
  };
  attachJournal(journal);
  return {
    orders,
    close: () => {
      attachJournal(null);
      closeSync(fd);
      releaseLock();
    },
  };
}
