/** The value of one Prometheus sample on the server's /metrics, e.g. `invalid_messages_total{reason="unknown-event"}`; 0 when absent. */
export async function metricValue(url: string, sample: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((row) => row.startsWith(`${sample} `));
  return line === undefined ? 0 : Number(line.split(" ").pop());
}
