/**
 * What a game can and cannot write against the public entry, checked by `tsc` (`npm run typecheck`); never run.
 * Each `@ts-expect-error` is a mistake the types must refuse: if the types loosen, the directive is unused and
 * the typecheck fails.
 */
import { expectTypeOf } from "vitest";
import {
  defineSchema,
  GameNetworkManager,
  type GameEvent,
  type HostMigration,
  type LooseEvents,
  type LooseState,
  type StateOf,
  type StateUpdate,
} from "./index.js";

interface Ship {
  position: [number, number];
  velocity: [number, number];
  heading: number;
}
// An interface, as games often declare them: it needs no index signature to be an event map.
interface ShipEvents {
  tag: { target: string };
  chat: { text: string };
  ready: undefined;
}

export async function typedManager(): Promise<void> {
  const net = new GameNetworkManager<Ship, ShipEvents>({ name: "Ada" });
  await net.joinRoom("K7MQ2X");

  // State in and out is the game's type.
  net.setLocalState({ position: [1, 2], velocity: [0, 0], heading: 0 });
  net.setLocalState({ position: [1, 2], velocity: [0, 0], heading: 0 }, { teleport: true });
  net.sendState({ position: [1, 2], velocity: [0, 0], heading: 0 }, "peer");
  expectTypeOf(net.getRemoteState("peer")).toEqualTypeOf<Ship | undefined>();
  expectTypeOf(net.getRemoteState("peer", net.now())).toEqualTypeOf<Ship | undefined>();
  net.on("state", (update) => expectTypeOf(update).toEqualTypeOf<StateUpdate<Ship>>());
  net.on("state", ({ payload }) => expectTypeOf(payload).toEqualTypeOf<Ship>());
  net.onHostMigration((migration) => expectTypeOf(migration).toEqualTypeOf<HostMigration<Ship>>());
  net.on("host-migration", ({ lastHostState }) => expectTypeOf(lastHostState).toEqualTypeOf<Ship | undefined>());

  // @ts-expect-error a field of the wrong type
  net.setLocalState({ position: [1, 2], velocity: [0, 0], heading: "north" });
  // @ts-expect-error a missing field
  net.setLocalState({ position: [1, 2], velocity: [0, 0] });
  // @ts-expect-error not a Ship
  net.sendState({ hp: 3 });

  // Events: only the map's types, each with its own payload.
  net.sendEvent("tag", { target: "peer" });
  net.sendEvent("chat", { text: "hi" }, "peer");
  net.sendEvent("ready", undefined);
  // @ts-expect-error a type the map does not have
  net.sendEvent("unknown-type", { target: "peer" });
  // @ts-expect-error the payload of another type
  net.sendEvent("tag", { text: "hi" });
  // @ts-expect-error a payload field of the wrong type
  net.sendEvent("chat", { text: 42 });
  // @ts-expect-error no payload
  net.sendEvent("chat");
  // @ts-expect-error no arguments
  net.sendEvent();
  // @ts-expect-error a recipient is a member id
  net.sendEvent("chat", { text: "hi" }, 7);

  // The listener gets a union that `type` narrows, destructured or not.
  net.on("event", (event) => {
    expectTypeOf(event).toEqualTypeOf<GameEvent<ShipEvents>>();
    expectTypeOf(event.type).toEqualTypeOf<"tag" | "chat" | "ready">();
    if (event.type === "tag") expectTypeOf(event.payload).toEqualTypeOf<{ target: string }>();
  });
  net.on("event", ({ type, payload }) => {
    if (type === "chat") expectTypeOf(payload).toEqualTypeOf<{ text: string }>();
    else if (type === "ready") expectTypeOf(payload).toEqualTypeOf<undefined>();
    // @ts-expect-error not narrowed: a tag has no text
    else console.log(payload.text);
  });

  // @ts-expect-error an event the manager does not emit
  net.on("message", () => undefined);
  // @ts-expect-error a room code is a string
  await net.joinRoom(42);
  // @ts-expect-error no room code
  await net.joinRoom();
  // @ts-expect-error not a network mode
  net.setMode("TURBO");
}

export async function untypedManager(): Promise<void> {
  // No type arguments: any object as state, any event type with any payload, as before the generics.
  const net = new GameNetworkManager();
  await net.createRoom();
  net.setLocalState({ x: 1, anything: "goes" });
  net.sendState({ kind: "ping" }, "peer");
  net.sendEvent("anything", { at: 1 });
  net.sendEvent("nothing", null, "peer");
  expectTypeOf(net.getRemoteState("peer")).toEqualTypeOf<LooseState | undefined>();
  net.on("event", ({ type, payload }) => {
    expectTypeOf(type).toEqualTypeOf<string>();
    expectTypeOf(payload).toEqualTypeOf<unknown>();
  });
  // @ts-expect-error still a string
  net.sendEvent(42, null);
  // @ts-expect-error state is an object
  net.setLocalState(3);
}

export function stateFromSchema(): void {
  // The state type can come from the schema instead of a hand-written interface.
  const schema = defineSchema({ position: "vector", heading: "angle" });
  const net = new GameNetworkManager<StateOf<typeof schema>>({ stateSchema: schema });
  net.setLocalState({ position: [1, 2, 3], heading: 0 });
  expectTypeOf(net.getRemoteState("peer")?.heading).toEqualTypeOf<number | undefined>();
  // @ts-expect-error a vector is an array of numbers
  net.setLocalState({ position: "here", heading: 0 });
}

export async function publicRooms(): Promise<void> {
  // The room's properties type carries into creating, filtering and listing public rooms.
  type Arena = { mode: "ffa" | "ctf"; map: string; ranked: boolean };
  const net = new GameNetworkManager<LooseState, LooseEvents, Arena>();
  await net.createRoom();
  await net.createRoom({ public: true, properties: { mode: "ffa", map: "dunes" } });
  // @ts-expect-error not a mode of Arena
  await net.createRoom({ public: true, properties: { mode: "race" } });
  const page = await net.listRooms({ filter: { mode: "ctf", ranked: true }, limit: 10 });
  expectTypeOf(page.rooms[0]?.properties.map).toEqualTypeOf<string | undefined>();
  expectTypeOf(page.cursor).toEqualTypeOf<string | null>();
  // @ts-expect-error a filter matches property values of Arena
  await net.listRooms({ filter: { ranked: "yes" } });
  const room = await net.quickJoin({ filter: { mode: "ffa" }, create: { properties: { mode: "ffa" } } });
  expectTypeOf(room.created).toEqualTypeOf<boolean>();
}
