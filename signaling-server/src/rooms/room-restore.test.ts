import { describe, expect, it } from "vitest";
import type { Member } from "@rallypoint/protocol";
import { restoreRoom, type RestoreRequest } from "./room-restore.js";
import { SeatSigner } from "./seat-signer.js";

const signer = new SeatSigner("a-session-secret-of-at-least-32-characters");
const tokens = (code: string, id: string) => signer.tokenFor(code, id);
const member = (name: string, joinedAt: number): Member => ({ id: `ROOMAB_${name}`, name, joinedAt });
const [ada, bob, cy] = [member("Ada", 1), member("Bob", 2), member("Cy", 3)];

const request = (overrides: Partial<RestoreRequest> = {}): RestoreRequest => ({
  code: "ROOMAB",
  capacity: 8,
  maxSpectators: 1,
  memberId: bob.id,
  resumeToken: tokens("ROOMAB", bob.id),
  view: { hostId: ada.id, members: [ada, bob, cy] },
  connection: "socket-1",
  now: 1000,
  until: 31_000,
  restoreUntil: 30_000,
  tokens,
  ...overrides,
});

describe("restoreRoom", () => {
  it("seats the member back, holds the others until the deadline, and keeps the held host as host", () => {
    const result = restoreRoom(request());
    if (!result.ok) throw new Error(result.detail);
    const { room } = result;

    expect(room.members).toEqual([ada, bob, cy]);
    expect(result.held).toEqual([ada.id, cy.id]);
    expect(room.hostId).toBe(ada.id);
    expect(room.heldUntil(cy.id)).toBe(31_000);
    expect(room.connectionOf(bob.id)).toBe("socket-1");
    expect(room.resumeTokenOf(cy.id)).toBe(tokens("ROOMAB", cy.id));
  });

  it("puts a spectator back as a spectator, under the server's spectator limit", () => {
    const watcher = { ...cy, spectator: true as const };
    const result = restoreRoom(request({ view: { hostId: ada.id, members: [ada, bob, watcher] } }));
    if (!result.ok) throw new Error(result.detail);

    expect(result.room.isSpectator(cy.id)).toBe(true);
    expect(result.room.playerCount).toBe(2);
    expect(result.room.settings.maxSpectators).toBe(1);
  });

  it("gives the host role on when the restore window ends and the host is still away", () => {
    const result = restoreRoom(request());
    if (!result.ok) throw new Error(result.detail);

    expect(result.room.unhold(cy.id, "socket-2")).toBe(false);
    expect(result.room.endHostReservation()).toBe(true);
    expect(result.room.hostId).toBe(bob.id);
  });

  it("lets the host back keep its role, as if nothing happened", () => {
    const result = restoreRoom(request());
    if (!result.ok) throw new Error(result.detail);

    result.room.unhold(ada.id, "socket-3");
    expect(result.room.reservedHostId).toBeNull();
    expect(result.room.endHostReservation()).toBe(false);
    expect(result.room.hostId).toBe(ada.id);
  });

  it.each([
    ["a token signed for another member", { resumeToken: tokens("ROOMAB", cy.id) }, "bad-token"],
    ["a token of another room", { resumeToken: tokens("ROOMCD", bob.id) }, "bad-token"],
    ["a room that ended before this process's first grace window did", { now: 30_001 }, "too-late"],
    ["a view without the member", { view: { hostId: ada.id, members: [ada, cy] } }, "bad-view"],
    ["more members than fit", { capacity: 2 }, "bad-view"],
    [
      "more spectators than the server takes",
      {
        view: {
          hostId: ada.id,
          members: [ada, bob, { ...cy, spectator: true }, { ...member("Di", 4), spectator: true }],
        },
      },
      "bad-view",
    ],
    ["a member twice", { view: { hostId: ada.id, members: [ada, bob, bob] } }, "bad-view"],
    ["a host that is no member", { view: { hostId: "ROOMAB_Eve", members: [ada, bob] } }, "bad-view"],
    [
      "an id of another room",
      { view: { hostId: ada.id, members: [ada, bob, { ...cy, id: "ROOMCD_Cy" }] } },
      "bad-view",
    ],
    ["a name too long", { view: { hostId: ada.id, members: [ada, bob, { ...cy, name: "C".repeat(33) }] } }, "bad-view"],
  ] as const)("refuses %s", (_what, overrides, reason) => {
    expect(restoreRoom(request(overrides as Partial<RestoreRequest>))).toMatchObject({ ok: false, reason });
  });
});
