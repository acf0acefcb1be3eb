import { decodeRelayBatch, type Ack, type RelayMessage, type TimeSyncReply } from "@rallypoint/protocol";
import { PASSED_ON_EVENTS, type PassedOnEvent, type SignalingEvents, type SignalingSocket } from "./signaling-types.js";
import { localNow, type TimeSample } from "../sync/clock-sync.js";
import { unwrap } from "./wire-errors.js";

/**
 * The relayed state messages of a `relay:batch` for member `selfId`: a batch to the room also carries the ones this
 * member sent in it. A malformed or oversize batch is dropped whole, as a bad frame would be.
 */
export function relayedStates(batch: unknown, selfId: string | undefined): RelayMessage[] {
  const items = decodeRelayBatch(batch) ?? [];
  return items.filter(({ from }) => from !== selfId).map(({ from, data }) => ({ from, channel: "state", data }));
}

/**
 * One clock sync round trip: `ask` sends `t0` and resolves with the server's answer, calling `answered` inside the
 * acknowledgement itself (the promise hops to a later microtask, which is not network time). `t0` and `t3` are on
 * `localNow()`'s clock; `serverTime` is the server's Date.now().
 */
export async function takeTimeSample(
  ask: (t0: number, answered: () => void) => Promise<Ack<TimeSyncReply>>,
): Promise<TimeSample> {
  const t0 = localNow();
  let t3 = t0;
  const { t1 } = unwrap(await ask(t0, () => (t3 = localNow())));
  return { t0, serverTime: t1, t3 };
}

/** Passes the server events of PASSED_ON_EVENTS on as they come. */
export function forwardEvents(
  socket: SignalingSocket,
  emit: <E extends PassedOnEvent>(event: E, value: SignalingEvents[E]) => void,
): void {
  const on = socket.on.bind(socket) as (event: PassedOnEvent, listener: (value: never) => void) => void;
  for (const event of PASSED_ON_EVENTS) on(event, (value) => emit(event, value));
}
