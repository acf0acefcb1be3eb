/**
 * A bot thread of the load bench: runs a BotSwarm, and the flooder of a flooded column, on the main thread's
 * commands (see swarm-protocol.ts).
 */
import { parentPort } from "node:worker_threads";
import { BotSwarm } from "./bot-swarm.js";
import { Flooder } from "./flooder.js";
import type { SwarmCommand, SwarmRequest, SwarmResponse, SwarmResults } from "./swarm-protocol.js";

const port = parentPort;
if (!port) throw new Error("bot-worker.ts runs as a worker thread of relay-load.ts");
const swarm = new BotSwarm();
let flooder: Flooder | undefined;

async function run(command: SwarmCommand): Promise<SwarmResults[SwarmCommand["type"]]> {
  switch (command.type) {
    case "connect":
      return swarm.connect(command.target, command.url, command.rooms, command.hasPingPair);
    case "ping":
      return swarm.ping(command.count);
    case "load":
      swarm.load(command.plan);
      return null;
    case "progress":
      return swarm.progress();
    case "tally":
      return swarm.result();
    case "flood":
      flooder = await Flooder.start(command.url);
      return null;
    case "unflood": {
      flooder?.stop();
      const result = { sentMessages: flooder?.sentMessages ?? 0, droppedBecause: flooder?.droppedBecause };
      flooder = undefined;
      return result;
    }
    case "close":
      flooder?.stop();
      swarm.close();
      return null;
  }
}

port.on("message", ({ id, command }: SwarmRequest) => {
  run(command).then(
    (result) => port.postMessage({ id, ok: true, result } satisfies SwarmResponse),
    (error: unknown) =>
      port.postMessage({
        id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies SwarmResponse),
  );
});
