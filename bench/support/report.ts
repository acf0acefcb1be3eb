import type { Via } from "../../web-client/src/net/index.js";
import type { BenchResult, RttRun } from "./bench-result.js";
import type { Channel } from "./page-agent.js";
import type { Summary } from "./stats.js";
import { table, type Row } from "./text-table.js";

const PATHS: readonly { via: Via; title: string }[] = [
  { via: "webrtc", title: "WebRTC data channel" },
  { via: "relay", title: "Socket.IO relay" },
];
const CHANNELS: readonly { channel: Channel; title: string }[] = [
  { channel: "event", title: "reliable event (sendEvent)" },
  { channel: "state", title: "unreliable state (sendState)" },
];

/** The run as plain-text tables: round trips with the paths side by side, then the join timings. */
export function formatReport(result: BenchResult): string {
  const { settings, environment, join } = result;
  const find = (via: Via, channel: Channel): RttRun | undefined =>
    result.rtt.find((run) => run.path === via && run.channel === channel);
  const rttRows: Row[] = [];
  for (const { channel, title } of CHANNELS) {
    rttRows.push(title);
    const runs = PATHS.map(({ via }) => find(via, channel));
    for (const stat of ["median", "p95", "max"] as const) {
      rttRows.push([`  ${stat}`, ...runs.map((run) => ms(run?.summary?.[stat], 2))]);
    }
    rttRows.push(["  lost / off-path", ...runs.map((run) => (run ? `${run.lost} / ${run.offPath}` : "-"))]);
  }

  const vias = [...new Set(join.trials.map((trial) => trial.firstMessageVia ?? "none"))].join(", ");
  const joinRow = (title: string, summary: Summary | null): string[] => [
    title,
    ms(summary?.median, 1),
    ms(summary?.min, 1),
    ms(summary?.max, 1),
  ];

  const lines = [
    `Rallypoint: WebRTC data channel vs Socket.IO relay, 2 Chromium players (${environment.chromium}), ` +
      `isolation: ${environment.isolation}, ${environment.commit}`,
    "",
    `Round trip A -> B -> A, ms: ${settings.roundTrips} sequential after ${settings.warmup} warm-up, per cell`,
    ...table(["", ...PATHS.map(({ title }) => title)], rttRows),
    "",
    `Joining, ms from B's joinRoom() call: ${join.trials.length} fresh rooms`,
    ...table(
      ["", "median", "min", "max"],
      [
        joinRow("joinRoom() resolved", join.joinAckMs),
        joinRow(`first event from host (via ${vias})`, join.firstMessageMs),
        joinRow("link-changed to webrtc", join.upgradeMs),
      ],
    ),
  ];
  for (const via of ["webrtc", "relay"] as const) {
    const link = result.links[via];
    if (link) lines.push(`library heartbeat RTT after the ${via} runs (EWMA): ${ms(link.rttMs ?? undefined, 2)} ms`);
  }
  if (result.errors.length > 0) lines.push("", "Manager errors during the run:", ...result.errors.map((e) => `  ${e}`));
  return lines.join("\n");
}

function ms(value: number | undefined, digits: number): string {
  return value === undefined ? "-" : value.toFixed(digits);
}
