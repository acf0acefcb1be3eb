/** The value of one Prometheus sample on the server's /metrics, e.g. `invalid_messages_total{reason="unknown-event"}`; 0 when absent. */
export async function metricValue(url: string, sample: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((row) => row.startsWith(`${sample} `));
  return line === undefined ? 0 : Number(line.split(" ").pop());
}

/** The sum of the samples on the server's /metrics whose line starts with `prefix`, e.g. `peer_links{path="webrtc",`. */
export async function metricSum(url: string, prefix: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split("\n")
    .filter((row) => row.startsWith(prefix))
    .reduce((sum, row) => sum + Number(row.split(" ").pop()), 0);
}
