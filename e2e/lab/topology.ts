import { connect, type LinkConditions } from "./link-conditions.js";
import { applyNat, NatType } from "./nat.js";
import { createNamespace, destroyNamespace, labNamespaceName, run, runIn } from "./netns.js";

/**
 * The lab's addresses, all from the benchmarking range 198.18.0.0/15 (RFC 2544), which no real network routes:
 * - the backbone link exchange <-> internet is 198.18.0.0/24; the internet side, 198.18.0.2, is the server's;
 * - router n's uplink is 198.18.n.0/24: the exchange is .1, the router's public address .2;
 * - router n's home network is 198.19.n.0/24: the router is .1, the player .2. Behind a NAT nothing outside has a
 *   route to it (as with private addresses); with NAT type `none` the exchange routes it, so it is public.
 */
export const LabAddress = {
  server: "198.18.0.2",
  /** The ports the lab's signaling servers listen on (iptables range syntax), from the first one up. */
  serverPorts: { first: 3000, last: 3099 },
  publicOf: (router: number) => `198.18.${router}.2`,
  homeOf: (router: number) => `198.19.${router}.2`,
} as const;

/** One player's connection: its router's NAT and the conditions of the router's uplink. */
export interface RouterSpec {
  /** Names the player's namespaces and the matrix rows; letters and digits. */
  name: string;
  nat: NatType;
  uplink?: LinkConditions;
}

export interface TopologySpec {
  routers: readonly RouterSpec[];
  /**
   * The link between the exchange, where every router's uplink ends, and the internet namespace with the server
   * and coturn. Delay here puts the server far away while the players stay near each other.
   */
  backbone?: LinkConditions;
}

/** A player's home network: the namespace its browser runs in. */
export interface Home {
  name: string;
  nat: NatType;
  namespace: string;
  router: string;
  address: string;
  /** What the internet sees the player as (its router's address, or its own with NAT `none`). */
  publicAddress: string;
}

/**
 * A small internet in network namespaces, shaped like this:
 *
 *     home-a -- router-a --\                          (exchange: where the players' ISPs meet)
 *     home-b -- router-b ---+-- exchange -- internet  (internet: the signaling server and coturn)
 *     home-c -- router-c --/   backbone
 *
 * No namespace has a link to the machine's own: a packet for any address outside the lab finds no route.
 * `close()` stops the wires and removes every namespace, and is safe to call after a failed `create`.
 */
export class Topology {
  readonly homes = new Map<string, Home>();
  private readonly namespaces: string[] = [];
  private readonly stops: (() => void)[] = [];

  private constructor(private readonly lab: number) {}

  /** The namespace of the signaling server and coturn. */
  get internet(): string {
    return labNamespaceName(this.lab, "internet");
  }

  static async create(lab: number, spec: TopologySpec): Promise<Topology> {
    if (spec.routers.length > 250) throw new Error("at most 250 routers: each gets a /24 of 198.18.0.0/15");
    const topology = new Topology(lab);
    try {
      await topology.build(spec);
      return topology;
    } catch (error) {
      topology.close();
      throw error;
    }
  }

  home(name: string): Home {
    const home = this.homes.get(name);
    if (!home) throw new Error(`no player ${name} in this lab (have ${[...this.homes.keys()].join(", ")})`);
    return home;
  }

  /** Stops every wire and removes every namespace; returns the problems instead of throwing. */
  close(): string[] {
    for (const stop of this.stops.splice(0)) stop();
    return this.namespaces.splice(0).flatMap((name) => destroyNamespace(name) ?? []);
  }

  private namespace(role: string): string {
    const name = labNamespaceName(this.lab, role);
    createNamespace(name);
    this.namespaces.push(name);
    return name;
  }

  private async build(spec: TopologySpec): Promise<void> {
    const internet = this.namespace("internet");
    const exchange = this.namespace("exchange");
    forwarding(exchange);
    this.stops.push(
      await connect(
        { namespace: exchange, device: "backbone", address: "198.18.0.1/24" },
        { namespace: internet, device: "eth0", address: `${LabAddress.server}/24` },
        spec.backbone,
      ),
    );
    run("ip", ["-n", internet, "route", "add", "198.18.0.0/15", "via", "198.18.0.1"]);

    for (const [index, router] of spec.routers.entries()) {
      if (!/^[a-z0-9]+$/i.test(router.name)) throw new Error(`router name ${router.name}: letters and digits only`);
      if (this.homes.has(router.name)) throw new Error(`two routers named ${router.name}`);
      await this.addPlayer(index + 1, router, exchange);
    }
  }

  private async addPlayer(n: number, spec: RouterSpec, exchange: string): Promise<void> {
    const router = this.namespace(`router-${spec.name}`);
    const home = this.namespace(`home-${spec.name}`);
    forwarding(router);
    const publicAddress = LabAddress.publicOf(n);
    const homeAddress = LabAddress.homeOf(n);

    this.stops.push(
      await connect(
        { namespace: router, device: "wan", address: `${publicAddress}/24` },
        { namespace: exchange, device: `to-${n}`, address: `198.18.${n}.1/24` },
        spec.uplink,
      ),
    );
    await connect(
      { namespace: router, device: "lan", address: `198.19.${n}.1/24` },
      { namespace: home, device: "eth0", address: `${homeAddress}/24` },
    );
    run("ip", ["-n", router, "route", "add", "default", "via", `198.18.${n}.1`]);
    run("ip", ["-n", home, "route", "add", "default", "via", `198.19.${n}.1`]);
    if (spec.nat === NatType.None) {
      run("ip", ["-n", exchange, "route", "add", `198.19.${n}.0/24`, "via", publicAddress]);
    }
    const { first, last } = LabAddress.serverPorts;
    const site = { address: LabAddress.server, ports: `${first}:${last}` };
    applyNat(router, spec.nat, { wan: "wan", publicAddress, lan: "lan", homeAddress, site });

    this.homes.set(spec.name, {
      name: spec.name,
      nat: spec.nat,
      namespace: home,
      router,
      address: homeAddress,
      publicAddress: spec.nat === NatType.None ? homeAddress : publicAddress,
    });
  }
}

function forwarding(namespace: string): void {
  runIn(namespace, "sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
}
