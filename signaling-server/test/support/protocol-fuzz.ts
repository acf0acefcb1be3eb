import fc from "fast-check";
import type { Socket } from "socket.io-client";
import { PROTOCOL_VERSION, ROOM_CODE_ALPHABET } from "@rallypoint/protocol";

/** Stand-ins the fuzzer replaces with live values when it sends, so mutated payloads can hit real rooms and members. */
export const LIVE_ROOM = "$room";
export const LIVE_MEMBER = "$member";

/** One thing a fuzzing client does: an event (known, unknown, reserved-looking), a payload, with or without an ack. */
export interface FuzzCommand {
  socket: number;
  event: string | number;
  payload: unknown;
  withAck: boolean;
}

const CLIENT_EVENTS = [
  "room:create",
  "room:join",
  "room:leave",
  "relay:send",
  "time:sync",
  "links:report",
  "room:set-properties",
  "member:set-properties",
  "room:configure",
  "room:kick",
  "room:transfer-host",
  "room:list",
  "room:quick-join",
] as const;
const OTHER_EVENTS = ["room:destroy", "relay:message", "x", "", "error", "__proto__", "constructor", "toString"];

const version = fc.oneof(fc.constant(PROTOCOL_VERSION), fc.integer(), fc.double(), fc.string());
const name = fc.oneof(fc.string({ maxLength: 40 }), fc.anything());
const code = fc.oneof(
  fc.constant(LIVE_ROOM),
  fc.string({ unit: fc.constantFrom(...Array.from(ROOM_CODE_ALPHABET)), minLength: 6, maxLength: 6 }),
  fc.string({ maxLength: 40 }),
  fc.anything(),
);
const binary = fc.uint8Array({ maxLength: 20_000 });
const deep = fc.integer({ min: 1, max: 200 }).map((depth) => {
  let value: unknown = 0;
  for (let n = 0; n < depth; n++) value = n % 2 ? [value] : { v: value };
  return value;
});
const data = fc.oneof(fc.anything(), binary, deep, fc.string({ maxLength: 20_000 }));
const member = fc.oneof(fc.constant(LIVE_MEMBER), fc.string({ maxLength: 80 }), fc.anything());
const properties = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 70 }), fc.oneof(fc.jsonValue(), fc.anything()), { maxKeys: 20 }),
  fc.anything(),
  deep,
);

const filter = fc.oneof(
  fc.dictionary(
    fc.string({ maxLength: 70 }),
    fc.oneof(fc.string({ maxLength: 300 }), fc.integer(), fc.boolean(), fc.anything()),
    { maxKeys: 12 },
  ),
  fc.anything(),
);
const cursor = fc.oneof(
  fc.constantFrom("00:ABCDEF", "99:ZZZZZZ", "(", "-", "+"),
  fc.string({ maxLength: 40 }),
  fc.anything(),
);

/** Payloads that are nearly right: the right keys with wrong, odd or oversized values. */
const mutated: Record<(typeof CLIENT_EVENTS)[number], fc.Arbitrary<unknown>> = {
  "room:create": fc.record(
    { protocolVersion: version, name, public: fc.oneof(fc.boolean(), fc.anything()), properties },
    { requiredKeys: [] },
  ),
  "room:join": fc.record(
    { code, protocolVersion: version, name, spectator: fc.oneof(fc.boolean(), fc.anything()) },
    { requiredKeys: [] },
  ),
  "room:leave": fc.anything(),
  "relay:send": fc.record(
    {
      to: fc.oneof(fc.constant(null), fc.constant(LIVE_MEMBER), fc.string({ maxLength: 80 }), fc.anything()),
      channel: fc.oneof(fc.constantFrom("state", "event"), fc.anything()),
      data,
    },
    { requiredKeys: [] },
  ),
  "time:sync": fc.record({ t0: fc.oneof(fc.double(), fc.anything()) }, { requiredKeys: [] }),
  "links:report": fc.record(
    {
      webrtc: fc.oneof(fc.nat({ max: 70 }), fc.anything()),
      relay: fc.integer(),
      none: fc.double(),
      routes: fc.oneof(fc.dictionary(fc.constantFrom("direct", "turn-tls", "turn", "x"), fc.integer()), fc.anything()),
      reasons: fc.oneof(
        fc.dictionary(fc.constantFrom("timeout", "ice-failed", "y"), fc.nat({ max: 70 })),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  ),
  "room:set-properties": fc.record({ properties }, { requiredKeys: [] }),
  "member:set-properties": fc.record({ properties }, { requiredKeys: [] }),
  "room:configure": fc.record(
    {
      locked: fc.oneof(fc.boolean(), fc.anything()),
      capacity: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double(), fc.anything()),
      membersSetProperties: fc.oneof(fc.boolean(), fc.anything()),
      maxSpectators: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double(), fc.anything()),
      public: fc.oneof(fc.boolean(), fc.anything()),
    },
    { requiredKeys: [] },
  ),
  "room:kick": fc.record(
    { memberId: member, reason: fc.oneof(fc.string({ maxLength: 200 }), fc.anything()) },
    { requiredKeys: [] },
  ),
  "room:transfer-host": fc.record({ memberId: member }, { requiredKeys: [] }),
  "room:list": fc.record(
    { filter, cursor, limit: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double(), fc.anything()) },
    { requiredKeys: [] },
  ),
  "room:quick-join": fc.record(
    {
      protocolVersion: version,
      name,
      filter,
      create: fc.oneof(fc.record({ properties }, { requiredKeys: [] }), fc.anything()),
    },
    { requiredKeys: [] },
  ),
};

/** A command for one of `sockets` clients. */
export function fuzzCommand(sockets: number): fc.Arbitrary<FuzzCommand> {
  const known = fc
    .constantFrom(...CLIENT_EVENTS)
    .chain((event) =>
      fc.record({ event: fc.constant(event), payload: fc.oneof(mutated[event], fc.anything(), binary, deep) }),
    );
  const unknown = fc.record({
    event: fc.oneof(fc.constantFrom<string | number>(...OTHER_EVENTS, 42), fc.string({ maxLength: 30 })),
    payload: fc.oneof(fc.anything(), binary),
  });
  return fc
    .record({
      socket: fc.nat({ max: sockets - 1 }),
      withAck: fc.boolean(),
      call: fc.oneof({ weight: 4, arbitrary: known }, { weight: 1, arbitrary: unknown }),
    })
    .map(({ socket, withAck, call }) => ({ socket, withAck, ...call }));
}

/** Sends a command; `live` fills in the stand-ins. Never throws (the client refuses some names, e.g. "disconnect"). */
export function sendFuzzCommand(client: Socket, command: FuzzCommand, live: { room: string; member: string }): void {
  const payload = substitute(command.payload, live);
  const args: unknown[] = [payload];
  if (command.withAck) args.push(() => undefined);
  try {
    (client.emit as (event: string | number, ...rest: unknown[]) => unknown).call(client, command.event, ...args);
  } catch {
    // A name the client itself will not send: nothing reached the server.
  }
}

function substitute(payload: unknown, live: { room: string; member: string }): unknown {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload) || ArrayBuffer.isView(payload)) {
    return payload;
  }
  const record = payload as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...record };
  if (copy.code === LIVE_ROOM) copy.code = live.room;
  if (copy.to === LIVE_MEMBER) copy.to = live.member;
  return copy;
}

/**
 * Fuzzing clients kept connected and in one shared room, so relays and leaves reach real handlers: a client the
 * server drops (garbage, oversize frames) is replaced, and the replacement joins the room again.
 */
export class FuzzSwarm {
  private readonly clients: Socket[] = [];
  /** Clients the server dropped and the swarm replaced. */
  replaced = 0;
  private live = { room: "", member: "" };

  constructor(
    private readonly size: number,
    private readonly connect: () => Promise<Socket>,
  ) {}

  /** Sends one command; a client that is gone is replaced at the next settle(). */
  send(command: FuzzCommand): void {
    const client = this.clients[command.socket % this.size];
    if (client?.connected) sendFuzzCommand(client, command, this.live);
  }

  /** Replaces every dropped client and puts every client back in the room (creating it anew if it emptied). */
  async settle(): Promise<void> {
    for (let index = 0; index < this.size; index++) {
      let client = this.clients[index];
      if (!client?.connected) {
        if (client) this.replaced++;
        client = await this.connect();
        this.clients[index] = client;
      }
      // The last client watches: the fuzzed sends of a spectator are refused as they should be, never crash a room.
      await this.enterRoom(client, index === this.size - 1);
    }
  }

  close(): void {
    for (const client of this.clients) client.disconnect();
  }

  private async enterRoom(client: Socket, spectator: boolean): Promise<void> {
    const version = { protocolVersion: PROTOCOL_VERSION };
    const joined = await ask(client, "room:join", { code: this.live.room, ...version, spectator });
    if (joined?.ok && joined.data) {
      this.live.member = joined.data.selfId;
      return;
    }
    if (joined?.error?.code !== "room-not-found" && joined?.error?.code !== "invalid-payload") return;
    const created = await ask(client, "room:create", version);
    if (created?.ok && created.data) this.live = { room: created.data.code, member: created.data.selfId };
  }
}

interface JoinAck {
  ok: boolean;
  data?: { code: string; selfId: string };
  error?: { code: string };
}

/** The ack of a request, or undefined when the client is dropped (or no ack comes) first. */
function ask(client: Socket, event: string, payload: unknown): Promise<JoinAck | undefined> {
  return new Promise((resolve) => {
    const gone = (): void => finish(undefined);
    const timer = setTimeout(gone, 2000);
    const finish = (result: JoinAck | undefined): void => {
      clearTimeout(timer);
      client.off("disconnect", gone);
      resolve(result);
    };
    client.once("disconnect", gone);
    client.emit(event, payload, finish);
  });
}
