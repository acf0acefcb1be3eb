import type { LinkReport, LinkRoute } from "@rallypoint/protocol";
import type { LinkInfo } from "../links/link-info.js";

/** The manager events after which the counts may differ. */
type LinkEvent = "link-changed" | "peer-joined" | "peer-left" | "resumed";

/** What the reporter watches: the manager, through its public surface. */
export interface LinkSource {
  getLinks(): LinkInfo[];
  on(event: LinkEvent, listener: () => void): () => void;
}

export interface LinkReportOptions {
  /** Report this often even when nothing changed, so a report lost in a reconnect is replaced. Default 5000 ms. */
  intervalMs?: number;
  /** After links change, report once this long later, so a burst of changes costs one report. Default 1000 ms. */
  debounceMs?: number;
}

type Counts = Partial<Record<string, number>>;

/** The report's name for a link's route; undefined while the route is not known yet. */
function linkRoute({ webrtcRoute, turnTransport }: LinkInfo): LinkRoute | undefined {
  if (webrtcRoute === "turn") return turnTransport ? `turn-${turnTransport}` : "turn";
  return webrtcRoute ?? undefined;
}

const increment = (counts: Counts, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** How many of the links take each path; those on WebRTC by route, the others by why they are not on WebRTC. */
export function countLinks(links: readonly LinkInfo[]): LinkReport {
  const report = { webrtc: 0, relay: 0, none: 0, routes: {} as Counts, reasons: {} as Counts };
  for (const link of links) {
    report[link.path]++;
    const route = link.path === "webrtc" ? linkRoute(link) : undefined;
    if (route) increment(report.routes, route);
    if (link.path !== "webrtc" && link.relayReason) increment(report.reasons, link.relayReason);
  }
  return report;
}

const sameCounts = (a: Counts = {}, b: Counts = {}): boolean =>
  Object.keys({ ...a, ...b }).every((key) => (a[key] ?? 0) === (b[key] ?? 0));

const sameReport = (a: LinkReport, b: LinkReport): boolean =>
  a.webrtc === b.webrtc &&
  a.relay === b.relay &&
  a.none === b.none &&
  sameCounts(a.routes, b.routes) &&
  sameCounts(a.reasons, b.reasons);

/**
 * Tells the server how many of this player's links take each path, route and reason (its `peer_links` metrics): at once, every
 * `intervalMs`, and `debounceMs` after a change that alters the counts or a resume. A burst of changes costs one
 * report, so reports stay near one per `debounceMs` at most, well within the server's rate limit. Returns the function that stops it.
 * @example const stop = reportLinks(net, (report) => signaling.report({ links: report }));
 */
export function reportLinks(
  source: LinkSource,
  send: (report: LinkReport) => void,
  { intervalMs = 5000, debounceMs = 1000 }: LinkReportOptions = {},
): () => void {
  let last: LinkReport | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let periodic: ReturnType<typeof setTimeout> | undefined;
  /** Set by a resume: the server holds no report of the new socket, so the next one goes even if nothing changed. */
  let mustSend = false;

  const report = (): void => {
    clearTimeout(pending);
    pending = undefined;
    clearTimeout(periodic);
    mustSend = false;
    last = countLinks(source.getLinks());
    send(last);
    periodic = setTimeout(report, intervalMs);
  };
  const changed = (force: boolean): void => {
    mustSend ||= force;
    if (pending !== undefined) return;
    pending = setTimeout(() => {
      pending = undefined;
      const now = countLinks(source.getLinks());
      if (!last || !sameReport(now, last) || mustSend) report();
    }, debounceMs);
  };

  const unsubscribes = [
    source.on("link-changed", () => changed(false)),
    source.on("peer-joined", () => changed(false)),
    source.on("peer-left", () => changed(false)),
    source.on("resumed", () => changed(true)),
  ];
  report();
  return () => {
    clearTimeout(pending);
    clearTimeout(periodic);
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
