/**
 * The sum of the samples of a Prometheus text page (the server's /metrics) whose line starts with `prefix`, e.g.
 * `peer_links{path="webrtc",` for the pairs on WebRTC over all routes; 0 when none does.
 */
export function sumSamples(metricsText: string, prefix: string): number {
  return metricsText
    .split("\n")
    .filter((line) => line.startsWith(prefix))
    .reduce((sum, line) => sum + Number(line.split(" ").pop()), 0);
}

/** The server's /metrics page (open: the e2e servers run outside production without METRICS_TOKEN). */
export async function serverMetrics(serverUrl: string): Promise<string> {
  const response = await fetch(new URL("/metrics", serverUrl));
  return response.text();
}
