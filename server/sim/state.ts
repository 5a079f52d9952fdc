// Simulator state. In-process (the app's own /api/sim routes, tests) it lives in memory on globalThis,
// because Next dev re-evaluates modules on reload and would otherwise forget every order mid-flight (a
// pending 002 would then answer "not found"). The standalone simulator (`npm run sim`) also attaches a
// journal (server/sim/journal.ts) so that every change is on disk before it is answered.

export type SimName = "alpha" | "bravo" | "charlie";
export const SIM_NAMES: readonly SimName[] = ["alpha", "bravo", "charlie"];

export type SimControl = {
  down: boolean;
  latencyMs: number;
  /** 0..1: that fraction of submits fails with an explicit rejection code. */
  failRate: number;
  /** Provider float in USD cents; submits that don't fit fail with "insufficient balance". */
  floatUsdCents: bigint;
  /**
   * Slow providers store an order some time after receiving it: an order whose submit answer never
   * reached the client (scenario 004, or the client hung up) answers "not found" to status checks for
   * this long. 0 = visible at once.
   */
  timeoutVisibleAfterMs: number;
};

/** Which script an order follows, picked from the target's last three digits (API.md §7). */
export type Scenario = "fail" | "pending_then_success" | "pending_then_fail" | "hang" | "reversed" | "success";

export type SimFailureCode = "invalid_number" | "operator_mismatch" | "invalid_amount" | "insufficient_balance" | "rejected";

export type SimOrderState = "pending" | "succeeded" | "failed" | "reversed";

export type SimOrder = {
  ref: string;
  orderId: string;
  operator: string;
  country: string;
  service: string;
  target: string;
  amount: string;
  currency: string;
  accountType: string;
  biller: string | null;
  scenario: Scenario;
  state: SimOrderState;
  failure: { code: SimFailureCode; message: string } | null;
  operatorTxnId: string | null;
  statusChecks: number;
  chargedUsdCents: bigint;
  createdAt: string;
  updatedAt: string;
  /** Status checks answer "not found" before this instant (see SimControl.timeoutVisibleAfterMs). */
  visibleAt: string | null;
};

/** Receives every change, in order, after it is applied in memory and before it is answered. */
export type SimJournal = {
  order(name: SimName, order: SimOrder, seq: number): void;
  control(name: SimName, control: SimControl): void;
};

type SimState = {
  controls: Record<SimName, SimControl>;
  orders: Record<SimName, Map<string, SimOrder>>;
  refs: Record<SimName, Map<string, string>>;
  seq: number;
  journal: SimJournal | null;
};

export const DEFAULT_FLOAT_USD_CENTS = 1_000_000_00n; // 1,000,000.00 USD: never the bottleneck unless set

export const defaultControl = (): SimControl => ({
  down: false,
  latencyMs: 0,
  failRate: 0,
  floatUsdCents: DEFAULT_FLOAT_USD_CENTS,
  timeoutVisibleAfterMs: 0,
});

const store = globalThis as typeof globalThis & { __refillSim?: SimState };

export function simState(): SimState {
  store.__refillSim ??= {
    controls: { alpha: defaultControl(), bravo: defaultControl(), charlie: defaultControl() },
    orders: { alpha: new Map(), bravo: new Map(), charlie: new Map() },
    refs: { alpha: new Map(), bravo: new Map(), charlie: new Map() },
    seq: 0,
    journal: null,
  };
  return store.__refillSim;
}

/** Attaches the on-disk journal (standalone simulator only). */
export function attachJournal(journal: SimJournal | null) {
  simState().journal = journal;
}

export const isSimName = (value: string): value is SimName => (SIM_NAMES as readonly string[]).includes(value);

export function getControl(name: SimName): SimControl {
  return simState().controls[name];
}

/** Records a change to `name`'s controls (float included); call after mutating getControl(name). */
export function saveControl(name: SimName) {
  const state = simState();
  state.journal?.control(name, state.controls[name]);
}

/** Resets outages, latency, failure rate and float. Orders are kept so in-flight recharges still resolve. */
export function resetControls(name?: SimName) {
  const state = simState();
  for (const n of name ? [name] : SIM_NAMES) {
    state.controls[n] = defaultControl();
    saveControl(n);
  }
}

export function findOrder(name: SimName, key: { orderId?: string | null; ref?: string | null }): SimOrder | undefined {
  const state = simState();
  if (key.orderId) {
    const order = state.orders[name].get(key.orderId);
    if (order) return order;
  }
  if (key.ref) {
    const orderId = state.refs[name].get(key.ref);
    if (orderId) return state.orders[name].get(orderId);
  }
  return undefined;
}

/** Every order `name` has received, oldest first: the simulator's own record of what it performed. */
export function listOrders(name: SimName): SimOrder[] {
  return [...simState().orders[name].values()];
}

/** Stores a new or changed order; every mutation of an order goes through here. */
export function saveOrder(name: SimName, order: SimOrder) {
  const state = simState();
  state.orders[name].set(order.orderId, order);
  state.refs[name].set(order.ref, order.orderId);
  state.journal?.order(name, order, state.seq);
}

export function nextSeq(): number {
  return ++simState().seq;
}
