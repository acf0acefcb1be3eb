import { describe, expect, it } from "vitest";
import type { NetworkDiagnosis } from "../net/index.js";
import { diagnosisStatus } from "./diagnosis-panel.js";

const diagnosis: NetworkDiagnosis = {
  startedAt: 0,
  durationMs: 1_234,
  timedOut: false,
  credentials: "member",
  servers: [],
  nat: { nat: "unknown", mapping: "unknown", filtering: "unknown", portPreserved: null, publicAddresses: [] },
  udp: "unknown",
  outlook: "unknown",
  pairs: [],
  findings: [],
  summary: "The server offers no STUN or TURN server, so this check cannot tell how your network connects.",
};

describe("diagnosisStatus", () => {
  it("gives the summary and the time taken", () => {
    expect(diagnosisStatus(diagnosis)).toBe(`${diagnosis.summary} (checked in 1.2 s)`);
  });

  it("says when time ran out before every server answered", () => {
    expect(diagnosisStatus({ ...diagnosis, timedOut: true, durationMs: 5_000 })).toMatch(
      /\(checked in 5\.0 s, some servers still silent when time ran out\)$/,
    );
  });
});
