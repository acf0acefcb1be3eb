import { describe, expect, it } from "vitest";
import type { RoomJoined } from "@rallypoint/protocol";
import type { RoomInfo } from "../network-events.js";
import { nextLobby, roomInfoOf } from "./lobby-view.js";
import { RoomLobby } from "./room-lobby.js";

const joined: RoomJoined = {
  code: "ABCDEF",
  selfId: "bo",
  hostId: "ada",
  members: [
    { id: "ada", name: "Ada", joinedAt: 1 },
    { id: "bo", name: "Bo", joinedAt: 2, properties: { ready: false } },
  ],
  iceServers: [],
  iceServersTtlMs: null,
  resumeToken: "resume-token-0123456789",
  resumeGraceMs: 5000,
  peerToken: "peer-token",
  properties: { map: "dunes" },
  settings: { locked: false, capacity: 8, membersSetProperties: false, maxSpectators: 8, public: false },
};

/** A lobby over a room the test changes, sending requests into a list. */
function lobbyOver(room: () => RoomInfo | undefined) {
  const requests: [string, unknown][] = [];
  const request = (event: string, payload: unknown) => {
    requests.push([event, payload]);
    return Promise.resolve(null as never);
  };
  return { lobby: new RoomLobby<{ map: string }, { ready: boolean }>(request, room), requests };
}

describe("the lobby's view of the room", () => {
  it("follows room properties, a member's properties and settings, each as a new room", () => {
    const before = roomInfoOf(joined);
    const props = nextLobby(before, ["room:properties", { properties: { map: "ice" }, by: "ada" }]);
    const ready = nextLobby(props, ["member:properties", { id: "bo", properties: { ready: true } }]);
    const settings = { locked: true, capacity: 4, membersSetProperties: false, maxSpectators: 2, public: true };
    const locked = nextLobby(ready, ["room:settings", settings]);

    expect(before.properties).toEqual({ map: "dunes" });
    expect(locked).toMatchObject({ properties: { map: "ice" }, settings });
    expect(locked.members.find((member) => member.id === "bo")?.properties).toEqual({ ready: true });
    expect(before.members.find((member) => member.id === "bo")?.properties).toEqual({ ready: false });
  });

  it("reads typed properties, knows who hosts, and has nothing outside a room", () => {
    let room: RoomInfo | undefined = roomInfoOf(joined);
    const { lobby } = lobbyOver(() => room);
    expect(lobby.roomProperties.map).toBe("dunes");
    expect(lobby.playerProperties("bo")?.ready).toBe(false);
    expect(lobby.playerProperties("ada")).toEqual({});
    expect(lobby.playerProperties("nobody")).toBeUndefined();
    expect(lobby.isHost).toBe(false);
    room = undefined;
    expect([lobby.roomProperties, lobby.settings, lobby.isHost]).toEqual([{}, undefined, false]);
  });
});

describe("RoomLobby requests", () => {
  it("sends patches and host controls as the protocol's requests", async () => {
    const { lobby, requests } = lobbyOver(() => roomInfoOf(joined));
    await lobby.setMyProperties({ ready: true });
    await lobby.setRoomProperties({ map: null });
    await lobby.lock();
    await lobby.setCapacity(4);
    await lobby.setMaxSpectators(0);
    await lobby.setPublic(true);
    await lobby.kick("ada", "afk");
    await lobby.transferHost("ada");
    expect(requests).toEqual([
      ["member:set-properties", { properties: { ready: true } }],
      ["room:set-properties", { properties: { map: null } }],
      ["room:configure", { locked: true }],
      ["room:configure", { capacity: 4 }],
      ["room:configure", { maxSpectators: 0 }],
      ["room:configure", { public: true }],
      ["room:kick", { memberId: "ada", reason: "afk" }],
      ["room:transfer-host", { memberId: "ada" }],
    ]);
  });

  it("refuses a patch over the limit at the call, before anything reaches the server", async () => {
    const { lobby, requests } = lobbyOver(() => roomInfoOf(joined));
    await expect(lobby.setMyProperties({ ready: true, ...{ note: "x".repeat(600) } })).rejects.toMatchObject({
      code: "payload-too-large",
    });
    expect(requests).toEqual([]);
  });

  it("refuses a spectator's changes at the call (`spectator`), and any change outside a room (`not-in-room`)", async () => {
    const watching = {
      ...joined,
      members: [
        { id: "ada", name: "Ada", joinedAt: 1 },
        { id: "bo", name: "Bo", joinedAt: 2, spectator: true as const },
      ],
    };
    let room: RoomInfo | undefined = roomInfoOf(watching);
    const { lobby, requests } = lobbyOver(() => room);
    await expect(lobby.setMyProperties({ ready: true })).rejects.toMatchObject({ code: "spectator" });
    await expect(lobby.lock()).rejects.toMatchObject({ code: "spectator" });
    room = undefined;
    await expect(lobby.setRoomProperties({ map: "ice" })).rejects.toMatchObject({ code: "not-in-room" });
    expect(requests).toEqual([]);
  });
});
