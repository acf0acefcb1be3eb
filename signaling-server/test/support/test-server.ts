import { io, type Socket } from "socket.io-client";
import { expect } from "vitest";
import {
  PROTOCOL_VERSION,
  socketIoParser,
  type Ack,
  type ErrorCode,
  type ClientToServerEvents,
  type RoomJoined,
  type ServerToClientEvents,
} from "@rallypoint/protocol";
import type { AttachHooks, CloseOptions } from "../../src/attach.js";
import { standaloneWithConfig } from "../../src/standalone.js";
import { loadConfig } from "../../src/config.js";

/** A real Socket.IO client, typed from the client's side of the protocol. */
export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long any single wait (connect, ack, event) may take before the test fails with a readable message. */
export const WAIT_MS = 2_000;

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Connects a new websocket-only client, closed by closeAll(); `auth` is socket.io-client's handshake `auth`. */
  connect(auth?: Record<string, unknown>): Promise<TestClient>;
  /** Shuts the server down as SIGTERM does (closeAll() closes it anyway). */
  close(options?: CloseOptions): Promise<void>;
}

type Cleanup = () => unknown;
const cleanups: Cleanup[] = [];

/** Registers something to close after the test; closeAll() runs these newest first (clients before servers). */
export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

/** Closes every client, socket and server opened since the last call. Use as `afterEach(closeAll)`. */
export async function closeAll(): Promise<void> {
  const failures: unknown[] = [];
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
    try {
      await cleanup();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, "Cleanup failed");
}

/** Starts a real server on an ephemeral port; `overrides` are environment variables as loadConfig reads them. */
export async function startTestServer(
  overrides: Record<string, string> = {},
  options: AttachHooks = {},
): Promise<TestServer> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...overrides });
  const server = standaloneWithConfig(config, options);
  const { port } = await server.listen();
  onCleanup(() => server.close());
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    connect: (auth) => connectClient(url, auth),
    close: (options) => server.close(options),
  };
}

/** Connects a client to any server URL (later: several servers behind one adapter). */
export async function connectClient(url: string, auth?: Record<string, unknown>): Promise<TestClient> {
  // forceNew: otherwise clients to one URL share a single connection and cannot be told apart by the server.
  const client: TestClient = io(url, {
    transports: ["websocket"],
    parser: socketIoParser,
    forceNew: true,
    reconnection: false,
    auth,
  });
  onCleanup(() => client.disconnect());
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      client.once("connect", resolve);
      client.once("connect_error", (error) => reject(new Error(`Could not connect to ${url}`, { cause: error })));
    }),
    `connecting to ${url}`,
  );
  return client;
}

type ListenEvent = keyof ServerToClientEvents;
type EventPayload<E extends ListenEvent> = Parameters<ServerToClientEvents[E]>[0];

/** Resolves with the next `event` the client receives; rejects after `ms`. */
export function nextEvent<E extends ListenEvent>(client: TestClient, event: E, ms = WAIT_MS): Promise<EventPayload<E>> {
  const untyped = client as Socket;
  const name: string = event;
  let listener: (payload: unknown) => void = () => undefined;
  const received = new Promise<EventPayload<E>>((resolve) => {
    listener = (payload) => resolve(payload as EventPayload<E>);
    untyped.once(name, listener);
  });
  return withTimeout(received, `waiting for "${name}"`, ms).finally(() => untyped.off(name, listener));
}

/**
 * Fails if the client receives `event` within `ms`. Absence can only be shown by waiting, so keep this short and
 * start it before the action that must not reach the client.
 */
export async function expectNoEvent(client: TestClient, event: ListenEvent, ms = 250): Promise<void> {
  const untyped = client as Socket;
  const name: string = event;
  let received: unknown[] | undefined;
  const listener = (...args: unknown[]) => (received = args);
  untyped.on(name, listener);
  await expectNothingMore(ms, `no "${event}" reaches the client`, () => {
    if (received) throw new Error(`it received ${JSON.stringify(received)}`);
  }).finally(() => untyped.off(name, listener));
}

/**
 * The one way a test here waits a fixed time: to show that something does not happen (a second copy, a message that
 * must stay dropped), which only waiting can show. Waits `ms`, then runs `check`; a failure says what was expected
 * not to happen. Anything that can be seen arriving is waited for instead (nextEvent, expect.poll).
 */
export async function expectNothingMore(ms: number, why: string, check: () => void): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  try {
    check();
  } catch (error) {
    if (error instanceof Error) error.message = `Waited ${ms} ms to show that ${why}: ${error.message}`;
    throw error;
  }
}

type EmitEvent = keyof ClientToServerEvents;
type EmitArgs<E extends EmitEvent> = Parameters<ClientToServerEvents[E]>;
type AckCallback<E extends EmitEvent> = Extract<EmitArgs<E>[number], (result: never) => void>;
/** What the server acknowledges an event with, e.g. `Ack<RoomJoined>` for "room:create". */
export type AckResult<E extends EmitEvent> = Parameters<AckCallback<E>>[0];
type RequestArgs<E extends EmitEvent> = [Exclude<EmitArgs<E>[number], AckCallback<E> | undefined>] extends [never]
  ? []
  : [Exclude<EmitArgs<E>[number], AckCallback<E> | undefined>];

/** Emits an event and resolves with the server's ack; rejects when no ack comes within WAIT_MS. */
export function request<E extends EmitEvent>(
  client: TestClient,
  event: E,
  ...args: RequestArgs<E>
): Promise<AckResult<E>> {
  return requestUnchecked(client, event, ...args) as Promise<AckResult<E>>;
}

/** Like request(), with any arguments at all: for payloads the protocol's types would refuse. */
export async function requestUnchecked(client: TestClient, event: string, ...args: unknown[]): Promise<unknown> {
  try {
    return await (client as Socket).timeout(WAIT_MS).emitWithAck(event, ...args);
  } catch (error) {
    throw new Error(`No ack for "${event}" within ${WAIT_MS} ms`, { cause: error });
  }
}

/** Rejects with `Timed out after N ms <doing>` unless `promise` settles first. */
export function withTimeout<T>(promise: Promise<T>, doing: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms ${doing}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Does `step` every 20 ms until `isDone` says yes, for a load that builds up until the server reacts (a member that
 * stops reading is dropped once its buffer fills). Rejects after `ms` saying what it was `doing`, and stops then too.
 */
export async function repeatUntil(
  step: () => void,
  isDone: () => Promise<boolean>,
  doing: string,
  ms = WAIT_MS,
): Promise<void> {
  let isOver = false;
  const repeat = async (): Promise<void> => {
    while (!isOver && !(await isDone())) {
      step();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await withTimeout(repeat(), doing, ms).finally(() => (isOver = true));
}

/** The data of a successful ack; throws with the wire error's code and message otherwise. */
export function expectOk<T>(result: Ack<T>): T {
  if (!result.ok) throw new Error(`Expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** Matches the ack of a refused request: `code`, and a message for people (containing `text` when given). */
export function refusal(code: ErrorCode, text?: string): Ack<never> {
  // The asymmetric matchers are typed `any`; they stand in for the message string.
  const message = (text === undefined ? expect.any(String) : expect.stringContaining(text)) as string;
  return { ok: false, error: { code, message } };
}

/** Creates a room at the current protocol version; the client becomes its host. */
export async function createRoom(client: TestClient, name?: string): Promise<RoomJoined> {
  return expectOk(await request(client, "room:create", { protocolVersion: PROTOCOL_VERSION, name }));
}

/** Joins the room with `code` at the current protocol version. */
export async function joinRoom(client: TestClient, code: string, name?: string): Promise<RoomJoined> {
  return expectOk(await request(client, "room:join", { code, protocolVersion: PROTOCOL_VERSION, name }));
}

export interface TestMember {
  client: TestClient;
  id: string;
  code: string;
}

/** Connects a client that creates a room, or joins the room with `code`. */
export async function connectMember(server: TestServer, code?: string): Promise<TestMember> {
  const client = await server.connect();
  const joined = code === undefined ? await createRoom(client) : await joinRoom(client, code);
  return { client, id: joined.selfId, code: joined.code };
}

/** Connects and resolves with the `connect_error` the server refused the handshake with (its message and data). */
export function refusalOf(
  server: TestServer,
  auth?: Record<string, unknown>,
): Promise<{ message: string; data: unknown }> {
  const client = io(server.url, {
    transports: ["websocket"],
    parser: socketIoParser,
    forceNew: true,
    reconnection: false,
    auth,
  });
  onCleanup(() => client.disconnect());
  const refused = new Promise<{ message: string; data: unknown }>((resolve, reject) => {
    client.once("connect", () => reject(new Error("the server let the client in")));
    client.once("connect_error", (error: Error & { data?: unknown }) =>
      resolve({ message: error.message, data: error.data }),
    );
  });
  return withTimeout(refused, "waiting for the server to refuse the client");
}
