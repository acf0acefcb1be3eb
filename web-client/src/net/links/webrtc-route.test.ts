import { describe, expect, it } from "vitest";
import { routeFromStats } from "./webrtc-route.js";

const candidates = (localType: string, remoteType: string) => [
  { id: "L1", type: "local-candidate", candidateType: localType },
  { id: "R1", type: "remote-candidate", candidateType: remoteType },
  { id: "L0", type: "local-candidate", candidateType: "host" },
  { id: "R0", type: "remote-candidate", candidateType: "host" },
];

describe("routeFromStats", () => {
  it("follows the transport's selected pair: relay at either end is TURN", () => {
    for (const [local, remote, route] of [
      ["relay", "host", "turn"],
      ["host", "relay", "turn"],
      ["relay", "relay", "turn"],
      ["host", "srflx", "direct"],
    ] as const) {
      const report = [
        ...candidates(local, remote),
        { id: "T", type: "transport", selectedCandidatePairId: "P1" },
        { id: "P0", type: "candidate-pair", localCandidateId: "L0", remoteCandidateId: "R0", state: "failed" },
        { id: "P1", type: "candidate-pair", localCandidateId: "L1", remoteCandidateId: "R1", state: "succeeded" },
      ];
      expect(routeFromStats(report), `${local}/${remote}`).toBe(route);
    }
  });

  it("falls back to the nominated pair that succeeded", () => {
    const report = [
      ...candidates("relay", "relay"),
      { id: "P0", type: "candidate-pair", localCandidateId: "L0", remoteCandidateId: "R0", state: "waiting" },
      {
        id: "P1",
        type: "candidate-pair",
        localCandidateId: "L1",
        remoteCandidateId: "R1",
        state: "succeeded",
        nominated: true,
      },
    ];
    expect(routeFromStats(report)).toBe("turn");
  });

  it("is null while no pair is selected", () => {
    expect(routeFromStats(candidates("relay", "host"))).toBeNull();
    expect(routeFromStats([])).toBeNull();
  });
});
