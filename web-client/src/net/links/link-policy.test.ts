import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  decide,
  initialLink,
  LinkState,
  relayReason,
  retryDelay,
  routeFor,
  type LinkInput,
  type LinkPolicyState,
} from "./link-policy.js";
import { NetworkMode } from "./network-mode.js";

const retry = { initialDelayMs: 2000, maxDelayMs: 60_000, jitter: 0 };
const run = (state: LinkPolicyState, ...inputs: LinkInput[]): LinkPolicyState =>
  inputs.reduce((current, input) => decide(current, input, retry).next, state);

describe("link policy", () => {
  it("starts on the relay and attempts WebRTC at once in HYBRID", () => {
    const { next, actions } = initialLink(NetworkMode.Hybrid);
    expect(next.state).toBe(LinkState.Upgrading);
    expect(routeFor(next)).toBe("relay");
    expect(actions).toContainEqual({ type: "attempt-webrtc" });
  });

  it("moves to WebRTC once verified, and back to the relay when it fails", () => {
    const start = initialLink(NetworkMode.Hybrid).next;
    const up = run(start, { type: "webrtc-verified" });
    expect(up.state).toBe(LinkState.WebRTC);
    expect(routeFor(up)).toBe("webrtc");
    const down = decide(up, { type: "webrtc-failed" }, retry);
    expect(down.next.state).toBe(LinkState.FailedWebRTC);
    expect(routeFor(down.next)).toBe("relay");
    expect(down.actions).toEqual([{ type: "close-webrtc" }, { type: "schedule-retry", delayMs: 2000 }]);
  });

  it("restarts a pair after a signaling outage: off WebRTC at once, a fresh attempt, backoff forgotten", () => {
    const up = run(initialLink(NetworkMode.Hybrid).next, { type: "webrtc-verified" });
    const failedTwice = run(up, { type: "webrtc-failed" }, { type: "retry-due" }, { type: "webrtc-failed" });
    for (const before of [up, failedTwice]) {
      const { next, actions } = decide(before, { type: "restart" }, retry);
      expect(next).toMatchObject({ state: LinkState.Upgrading, failures: 0 });
      expect(routeFor(next)).toBe("relay");
      expect(actions).toEqual([{ type: "cancel-retry" }, { type: "close-webrtc" }, { type: "attempt-webrtc" }]);
    }
    const relayOnly = initialLink(NetworkMode.SignalingOnly).next;
    expect(decide(relayOnly, { type: "restart" }, retry)).toEqual({ next: relayOnly, actions: [] });
  });

  it("retries with exponential backoff capped at the maximum, and resets after a success", () => {
    let state = initialLink(NetworkMode.Hybrid).next;
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const failed = decide(state, { type: "webrtc-failed" }, retry);
      const schedule = failed.actions.find((action) => action.type === "schedule-retry");
      delays.push(schedule?.type === "schedule-retry" ? schedule.delayMs : -1);
      state = run(failed.next, { type: "retry-due" });
      expect(state.state).toBe(LinkState.Upgrading);
    }
    expect(delays).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect(run(state, { type: "webrtc-verified" }).failures).toBe(0);
  });

  it("spreads retries with jitter", () => {
    const config = { initialDelayMs: 1000, maxDelayMs: 60_000, jitter: 0.2 };
    expect(retryDelay(1, config, 0)).toBe(800);
    expect(retryDelay(1, config, 0.5)).toBe(1000);
    expect(retryDelay(1, config, 0.999999)).toBe(1200);
  });

  it("SIGNALING_ONLY closes WebRTC and ignores it until the mode changes back", () => {
    const up = run(initialLink(NetworkMode.Hybrid).next, { type: "webrtc-verified" });
    const relayOnly = decide(up, { type: "mode-changed", mode: NetworkMode.SignalingOnly }, retry);
    expect(relayOnly.next.state).toBe(LinkState.Relay);
    expect(relayOnly.actions).toContainEqual({ type: "close-webrtc" });
    expect(decide(relayOnly.next, { type: "incoming-connection" }, retry).actions).toEqual([{ type: "reject-webrtc" }]);
    const back = decide(relayOnly.next, { type: "mode-changed", mode: NetworkMode.Hybrid }, retry);
    expect(back.next.state).toBe(LinkState.Upgrading);
    expect(back.actions).toContainEqual({ type: "attempt-webrtc" });
  });

  it("WEBRTC_ONLY never routes through the relay and reports unreachable pairs", () => {
    const start = initialLink(NetworkMode.WebRTCOnly).next;
    expect(routeFor(start)).toBe("none");
    const failed = run(start, { type: "webrtc-failed" });
    expect(failed.state).toBe(LinkState.Unreachable);
    expect(routeFor(failed)).toBe("none");
    expect(run(failed, { type: "retry-due" }, { type: "webrtc-verified" }).state).toBe(LinkState.WebRTC);
  });

  it("a redial from the remote side starts a fresh attempt", () => {
    const failed = run(initialLink(NetworkMode.Hybrid).next, { type: "webrtc-failed" });
    const redialed = decide(failed, { type: "incoming-connection" }, retry);
    expect(redialed.next.state).toBe(LinkState.Upgrading);
    expect(redialed.actions).toEqual([{ type: "cancel-retry" }, { type: "close-webrtc" }, { type: "accept-webrtc" }]);
  });

  it("never routes game messages through the relay in WEBRTC_ONLY, whatever happens", () => {
    const input = fc.oneof(
      fc.constantFrom<LinkInput>(
        { type: "webrtc-verified" },
        { type: "webrtc-failed" },
        { type: "incoming-connection" },
        { type: "retry-due" },
      ),
    );
    fc.assert(
      fc.property(fc.array(input, { maxLength: 50 }), (inputs) => {
        let state = initialLink(NetworkMode.WebRTCOnly).next;
        for (const next of inputs) {
          state = decide(state, next, retry).next;
          expect(routeFor(state)).not.toBe("relay");
        }
      }),
    );
  });

  it("gives a pair off WebRTC a reason, and one on WebRTC none, whatever happens", () => {
    const input = fc.oneof(
      fc.constantFrom<LinkInput>(
        { type: "webrtc-verified" },
        { type: "webrtc-failed" },
        { type: "incoming-connection" },
        { type: "retry-due" },
        { type: "restart" },
      ),
      fc.constantFrom(...Object.values(NetworkMode)).map((mode): LinkInput => ({ type: "mode-changed", mode })),
    );
    fc.assert(
      fc.property(fc.array(input, { maxLength: 50 }), (inputs) => {
        let state = initialLink(NetworkMode.Hybrid).next;
        for (const next of inputs) {
          state = decide(state, next, retry).next;
          const reason = relayReason(state, "timeout");
          expect(reason === null).toBe(routeFor(state) === "webrtc");
          if (state.mode === NetworkMode.SignalingOnly) expect(reason).toBe("signaling-only");
          else if (reason !== null) expect(reason).toBe(state.failures > 0 ? "timeout" : "connecting");
        }
      }),
    );
  });
});
