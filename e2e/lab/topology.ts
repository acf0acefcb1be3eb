import { addIpv6, enableIpv6 } from "./ipv6.js";
import { connect, type LinkConditions } from "./link-conditions.js";
import { applyNat, isolateLans, NatType, setHairpinning, type HairpinLan } from "./nat.js";
import { createNamespace, destroyNamespace, labNamespaceName, run, runIn } from "./netns.js";

/**
 * The lab's addresses, all from the benchmarking range 198.18.0.0/15 (RFC 2544), which no real network routes:
 * - the backbone link exchange <-> internet is 198.18.0.0/24; the internet side, 198.18.0.2, is the server's;
 * - router n's uplink is 198.18.n.0/24: the exchange is .1, the router's public address .2;
 * - router n's home network is 198.19.n.0/24: the router is .1, the player .2 (a second player on the same LAN .3).
 *   Behind a NAT nothing outside has a route to it (as with private addresses); with NAT type `none` the exchange
 *   routes it, so it is public. A router with a second LAN splits it: 198.19.n.0/25 and 198.19.n.128/25 (router .129,
 *   second player .130).
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
  /**
   * A second player behind the same router, in home `<name>b`: on the same LAN (`same-lan`: one segment, a switch
   * between the two), or on a LAN of its own that the router does not route to the first (`other-lan`, as a guest
   * network): there the two share only the router's public address, and reach each other through it only if the
   * router hairpins (`Topology.setHairpinning`; off at first, as on many home routers).
   */
  secondPlayer?: "same-lan" | "other-lan";
  /**
   * Dual stack: the player also has a public IPv6 address (ipv6.ts), behind the router's answers-only IPv6 firewall,
   * beside its IPv4 behind `nat`. The server and coturn stay IPv4-only. One player per router.
   */
  ipv6?: boolean;
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
  /** A dual-stack player's (public) IPv6 address. */
  ipv6Address?: string;
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
  /** The two LANs of each router with a second player on a LAN of its own, and the router's public address. */
  private readonly hairpinLans = new Map<string, { publicAddress: string; lans: [HairpinLan, HairpinLan] }>();
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

  /**
   * Turns hairpinning on or off in router `name` (one with `secondPlayer: "other-lan"`): a packet from one of its
   * LANs to its own public address goes to the other LAN's player, port unchanged, as if from the router's public
   * address, as a NAT that follows RFC 4787 (REQ-9) does. Connections already tracked keep what they had.
   */
  setHairpinning(name: string, isOn: boolean): void {
    const lans = this.hairpinLans.get(name);
    if (!lans) throw new Error(`router ${name} has no second LAN to hairpin to`);
    setHairpinning(labNamespaceName(this.lab, `router-${name}`), isOn, lans.publicAddress, lans.lans);
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
    if (spec.routers.some((router) => router.ipv6)) enableIpv6(exchange);

    for (const [index, router] of spec.routers.entries()) {
      if (!/^[a-z0-9]+$/i.test(router.name)) throw new Error(`router name ${router.name}: letters and digits only`);
      if (this.homes.has(router.name)) throw new Error(`two routers named ${router.name}`);
      await this.addPlayer(index + 1, router, exchange);
    }
  }

  private async addPlayer(n: number, spec: RouterSpec, exchange: string): Promise<void> {
    if (spec.secondPlayer && spec.ipv6) throw new Error(`router ${spec.name}: a dual-stack router has one player`);
    if (spec.secondPlayer && spec.nat === NatType.FullCone) {
      throw new Error(
        `router ${spec.name}: full cone forwards all inbound UDP to one player; a second needs another type`,
      );
    }
    const router = this.namespace(`router-${spec.name}`);
    forwarding(router);
    const publicAddress = LabAddress.publicOf(n);

    this.stops.push(
      await connect(
        { namespace: router, device: "wan", address: `${publicAddress}/24` },
        { namespace: exchange, device: `to-${n}`, address: `198.18.${n}.1/24` },
        spec.uplink,
      ),
    );
    run("ip", ["-n", router, "route", "add", "default", "via", `198.18.${n}.1`]);
    if (spec.nat === NatType.None) {
      run("ip", ["-n", exchange, "route", "add", `198.19.${n}.0/24`, "via", publicAddress]);
    }
    const players = await this.addHomes(n, spec, router);
    const { first, last } = LabAddress.serverPorts;
    const site = { address: LabAddress.server, ports: `${first}:${last}` };
    // `lan+` names every LAN device of the router: `lan`, and `lan2` of a second LAN.
    const homeAddress = players[0]?.address ?? LabAddress.homeOf(n);
    applyNat(router, spec.nat, { wan: "wan", publicAddress, lan: "lan+", homeAddress, site });
    const [one, other] = players;
    if (spec.secondPlayer === "other-lan" && one && other) {
      const lans: [HairpinLan, HairpinLan] = [
        { device: "lan", network: `198.19.${n}.0/25`, player: one.address },
        { device: "lan2", network: `198.19.${n}.128/25`, player: other.address },
      ];
      isolateLans(router, lans);
      this.hairpinLans.set(spec.name, { publicAddress, lans });
    }

    for (const { name, namespace, address } of players) {
      const isPublic = spec.nat === NatType.None;
      this.homes.set(name, {
        name,
        nat: spec.nat,
        namespace,
        router,
        address,
        publicAddress: isPublic ? address : publicAddress,
        ...(spec.ipv6 ? { ipv6Address: addIpv6(n, exchange, router, namespace) } : {}),
      });
    }
  }

  /** The home namespaces behind router n, wired as `spec.secondPlayer` says, each with its default route. */
  private async addHomes(
    n: number,
    spec: RouterSpec,
    router: string,
  ): Promise<{ name: string; namespace: string; address: string }[]> {
    const names = spec.secondPlayer ? [spec.name, `${spec.name}b`] : [spec.name];
    if (names.some((name) => this.homes.has(name))) throw new Error(`two homes named ${names.join(" or ")}`);
    const players = names.map((name) => ({ name, namespace: this.namespace(`home-${name}`), address: "" }));
    const gateway = (address: string, namespace: string): void =>
      void run("ip", ["-n", namespace, "route", "add", "default", "via", address]);
    if (spec.secondPlayer === "other-lan") {
      for (const [i, player] of players.entries()) {
        const [routerHost, playerHost] = i === 0 ? [1, 2] : [129, 130];
        player.address = `198.19.${n}.${playerHost}`;
        await connect(
          { namespace: router, device: i === 0 ? "lan" : "lan2", address: `198.19.${n}.${routerHost}/25` },
          { namespace: player.namespace, device: "eth0", address: `${player.address}/25` },
        );
        gateway(`198.19.${n}.${routerHost}`, player.namespace);
      }
      return players;
    }
    // One segment: a bridge in the router (the home's switch) with the router's LAN address, one port per player.
    run("ip", ["-n", router, "link", "add", "lan", "type", "bridge"]);
    run("ip", ["-n", router, "addr", "add", `198.19.${n}.1/24`, "dev", "lan"]);
    run("ip", ["-n", router, "link", "set", "lan", "up"]);
    for (const [i, player] of players.entries()) {
      player.address = `198.19.${n}.${2 + i}`;
      const port = `lan-${i}`;
      run("ip", [
        "link",
        "add",
        port,
        "netns",
        router,
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "netns",
        player.namespace,
      ]);
      run("ip", ["-n", router, "link", "set", port, "master", "lan", "up"]);
      run("ip", ["-n", player.namespace, "addr", "add", `${player.address}/24`, "dev", "eth0"]);
      run("ip", ["-n", player.namespace, "link", "set", "eth0", "up"]);
      gateway(`198.19.${n}.1`, player.namespace);
    }
    return players;
  }
}

function forwarding(namespace: string): void {
  runIn(namespace, "sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
}
