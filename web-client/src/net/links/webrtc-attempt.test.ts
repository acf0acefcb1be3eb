import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DataConnection } from "peerjs";
import { WebRTCAttempt, type WebRTCAttemptHandlers } from "./webrtc-attempt.js";

const OPEN_TIMEOUT_MS = 5000;

/** The parts of an RTCPeerConnection a channel listens to, driven by the test as the browser would. */
class FakePeerConnection extends EventTarget {
  connectionState: RTCPeerConnectionState = "new";

  createDataChannel(): RTCDataChannel {
    return { readyState: "connecting", close: () => undefined } as unknown as RTCDataChannel;
  }

  /** An ICE server answered a request with an error (`icecandidateerror`), e.g. 401 for a refused credential. */
  iceServerError(errorCode: number, errorText: string, url: string): void {
    this.dispatchEvent(Object.assign(new Event("icecandidateerror"), { errorCode, errorText, url }));
  }

  changeState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.dispatchEvent(new Event("connectionstatechange"));
  }
}

/** A dialed PeerJS DataConnection that never opens unless told: its events go to the listeners it was given. */
function fakeConnection(peerConnection: FakePeerConnection) {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const connection = {
    peerConnection,
    open: false,
    on: (event: string, listener: (...args: unknown[]) => void) => listeners.set(event, listener),
    close: () => undefined,
  };
  return { connection: connection as unknown as DataConnection, emit: (event: string) => listeners.get(event)?.() };
}

/** An attempt that dials a fake connection; what it reports lands in `failures`. */
async function dialedAttempt() {
  const peerConnection = new FakePeerConnection();
  const { connection, emit } = fakeConnection(peerConnection);
  const failures: { via: "failure" | "timeout"; reason: string; kind: string }[] = [];
  const handlers: WebRTCAttemptHandlers = {
    onOpen: () => undefined,
    onFailure: (reason, kind) => failures.push({ via: "failure", reason, kind }),
    onTimeout: (reason, kind) => failures.push({ via: "timeout", reason, kind }),
    onMessage: () => undefined,
    onDrain: () => undefined,
    onRetry: () => undefined,
  };
  const attempt = new WebRTCAttempt(OPEN_TIMEOUT_MS, () => Promise.resolve(connection), handlers);
  attempt.carryOut([{ type: "attempt-webrtc" }]);
  await vi.waitFor(() => expect(attempt.channel).toBeDefined());
  return { attempt, peerConnection, emit, failures };
}

const TURN_UDP = "turn:turn.example.org:3478?transport=udp";

describe("WebRTCAttempt: why an attempt failed", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("ICE failing with no server error is ice-failed", async () => {
    const { peerConnection, failures } = await dialedAttempt();
    peerConnection.changeState("failed");
    expect(failures).toEqual([{ via: "failure", reason: "connection failed", kind: "ice-failed" }]);
  });

  it("a TURN server that refused the credential is turn-refused, whether ICE then fails or times out", async () => {
    const failed = await dialedAttempt();
    failed.peerConnection.iceServerError(401, "Unauthorized", TURN_UDP);
    failed.peerConnection.changeState("failed");
    expect(failed.failures).toEqual([
      {
        via: "failure",
        reason: `connection failed: ICE server ${TURN_UDP} answered 401 Unauthorized`,
        kind: "turn-refused",
      },
    ]);

    const timedOut = await dialedAttempt();
    timedOut.peerConnection.iceServerError(486, "Allocation Quota Reached", TURN_UDP);
    vi.advanceTimersByTime(OPEN_TIMEOUT_MS);
    expect(timedOut.failures).toEqual([
      {
        via: "timeout",
        reason: `open timeout: ICE server ${TURN_UDP} answered 486 Allocation Quota Reached`,
        kind: "turn-refused",
      },
    ]);
  });

  it("a server that did not answer (701) is no refusal: the attempt timed out", async () => {
    const { peerConnection, failures } = await dialedAttempt();
    peerConnection.iceServerError(701, "STUN host lookup received error.", "stun:stun.example.org:3478");
    vi.advanceTimersByTime(OPEN_TIMEOUT_MS);
    expect(failures).toEqual([
      {
        via: "timeout",
        reason: "open timeout: ICE server stun:stun.example.org:3478 answered 701 STUN host lookup received error.",
        kind: "timeout",
      },
    ]);
  });

  it("a data connection that closes is connection-lost", async () => {
    const { emit, failures } = await dialedAttempt();
    emit("close");
    expect(failures).toEqual([{ via: "failure", reason: "data connection closed", kind: "connection-lost" }]);
  });
});
