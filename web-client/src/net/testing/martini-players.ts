import { FakeRoom, type FakeNetwork } from "./fake-martini-room.js";
import { MartiniTransport } from "../adapters/martini-transport.js";
import type { WireMessage } from "../adapters/martini-wire.js";

/** A member of a FakeRoom with a MartiniTransport, and the martini messages it received, with their senders. */
export interface Player {
  network: FakeNetwork;
  transport: MartiniTransport;
  inbox: [WireMessage, string][];
}

/** Joins `id` to the room with a transport whose incoming messages collect in `inbox`. */
export function join(room: FakeRoom, id: string): Player {
  const inbox: [WireMessage, string][] = [];
  let transport: MartiniTransport | undefined;
  const network = room.join(id, (seated) => {
    transport = new MartiniTransport(seated);
    transport.onMessage((message, senderId) => inbox.push([message, senderId]));
  });
  if (!transport) throw new Error("not seated");
  return { network, transport, inbox };
}

/** alice (the host, first in) and bob in a fresh room. */
export function pair() {
  const room = new FakeRoom();
  return { room, alice: join(room, "alice"), bob: join(room, "bob") };
}

/** alice (the host), bob and carol in a fresh room. */
export function trio() {
  const { room, alice, bob } = pair();
  return { room, alice, bob, carol: join(room, "carol") };
}
