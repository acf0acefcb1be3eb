import { runIn, spawnIn, waitForOutput } from "./netns.js";
import { LabAddress } from "./topology.js";

/**
 * Small UDP programs run with `node -e` inside lab namespaces, to check the lab itself: what a router's NAT does
 * (the way a STUN client classifies NATs) and how long a wire really takes. Plain JavaScript, since they run in
 * a bare `node` there.
 */

/** Ports of the probe server in the internet namespace. */
const ECHO_PORTS = [7001, 7002] as const;
const STRANGER_PORT = 7003;

/**
 * Answers every datagram on 7001 and 7002 with what it said and the address:port it came from (as the server saw
 * it), as JSON; a datagram saying "poke" is also answered from 7003, a port the sender never wrote to.
 */
const SERVER = `
import dgram from "node:dgram";
const [host, ...ports] = process.argv.slice(1);
const stranger = dgram.createSocket("udp4");
stranger.bind(${STRANGER_PORT}, host);
for (const port of ports) {
  const socket = dgram.createSocket("udp4");
  socket.on("message", (message, from) => {
    socket.send(JSON.stringify({ said: message.toString(), from: from.address + ":" + from.port }), from.port, from.address);
    if (message.toString() === "poke") stranger.send("stranger", from.port, from.address);
  });
  socket.bind(Number(port), host);
}
setTimeout(() => console.log("ready"), 100);
`;

/** Sends from one local port to both echo ports, then pokes; prints what came back, as JSON. */
const NAT_CLIENT = `
import dgram from "node:dgram";
const [host, firstPort, secondPort] = process.argv.slice(1);
const socket = dgram.createSocket("udp4");
const seen = { mappings: {}, strangerGotThrough: false };
socket.on("message", (message, from) => {
  if (message.toString() === "stranger") seen.strangerGotThrough = true;
  else seen.mappings[from.port] = JSON.parse(message.toString()).from;
});
socket.bind(40000, () => {
  socket.send("hello", Number(firstPort), host);
  socket.send("hello", Number(secondPort), host);
  setTimeout(() => socket.send("poke", Number(firstPort), host), 200);
  setTimeout(() => { console.log(JSON.stringify({ localPort: 40000, ...seen })); process.exit(0); }, 700);
});
`;

/** Sends `count` numbered datagrams, one every `intervalMs`, and prints each round trip in ms, as JSON. */
const RTT_CLIENT = `
import dgram from "node:dgram";
const [host, port, count, intervalMs] = process.argv.slice(1).map((value, i) => (i === 0 ? value : Number(value)));
const socket = dgram.createSocket("udp4");
const sentAt = new Map();
const rtts = [];
socket.on("message", (message) => {
  const n = Number(JSON.parse(message.toString()).said);
  const at = sentAt.get(n);
  if (at !== undefined) rtts.push(Number(process.hrtime.bigint() - at) / 1e6);
});
let n = 0;
const timer = setInterval(() => {
  sentAt.set(n, process.hrtime.bigint());
  socket.send(String(n++), port, host);
  if (n === count) {
    clearInterval(timer);
    setTimeout(() => { console.log(JSON.stringify(rtts)); process.exit(0); }, 1000);
  }
}, intervalMs);
`;

/** What one home's router did to a UDP socket bound to `localPort`. */
export interface NatProbe {
  localPort: number;
  /** Echo port -> the address:port the server saw; absent when nothing came back. */
  mappings: Partial<Record<string, string>>;
  /** A datagram from a port the home never sent to reached it. */
  strangerGotThrough: boolean;
}

/** Starts the probe server in the internet namespace; returns what stops it. */
export async function startProbeServer(internet: string): Promise<() => void> {
  const child = spawnIn(
    internet,
    process.execPath,
    ["--input-type=module", "-e", SERVER, LabAddress.server, ...ECHO_PORTS.map(String)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await waitForOutput(child, /ready/, "UDP probe server", 10_000);
  return () => child.kill("SIGKILL");
}

export function probeNat(home: string): NatProbe {
  const output = runIn(home, process.execPath, [
    "--input-type=module",
    "-e",
    NAT_CLIENT,
    LabAddress.server,
    ...ECHO_PORTS.map(String),
  ]);
  return JSON.parse(output) as NatProbe;
}

/** Round trips (ms) of `count` datagrams from `home` to the probe server and back. */
export function udpRoundTrips(home: string, count: number, intervalMs: number): number[] {
  const output = runIn(home, process.execPath, [
    "--input-type=module",
    "-e",
    RTT_CLIENT,
    LabAddress.server,
    String(ECHO_PORTS[0]),
    String(count),
    String(intervalMs),
  ]);
  return JSON.parse(output) as number[];
}
