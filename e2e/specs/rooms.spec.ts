import { expect, test, type Players } from "../support/fixtures.js";
import type { PlayerPage } from "../support/player-page.js";
import { waitDeliberately } from "../support/deliberate-wait.js";

/** A player in a room, with what the others should see of it. */
interface Member {
  player: PlayerPage;
  peerId: string;
  /** The name shown in member lists and event log entries. */
  name: string;
}

/** Long enough for a stray duplicate to arrive on loopback (deliveries take ~1 ms), short enough not to drag. */
const SETTLE_MS = 1_000;
/** A well-formed code that no room has: the server, not the page's input check, has to reject it. */
const UNKNOWN_CODE = "ZZZZZZ";

/**
 * Three people in one room, by all three ways in: Ada creates it, Bo types the code as read aloud (lower case,
 * a space in the middle), and the third opens Ada's invite link without typing a name, so the page names them
 * "Player". Resolves once every page lists all three, in join order.
 */
async function gatherThree(players: Players): Promise<{ code: string; members: [Member, Member, Member] }> {
  const [ada, bo, guest] = await players.create("Ada", "Bo", "Guest");
  const code = await ada.createRoom();

  const typed = `${code.slice(0, 3)} ${code.slice(3)}`.toLowerCase();
  expect(await bo.joinByCode(typed), "the typed code, normalized").toBe(code);

  const invite = await ada.inviteUrl();
  expect(invite.pathname).toBe("/");
  expect(invite.searchParams.get("room")).toBe(code);
  expect(await guest.openInvite(invite.href)).toBe(code);

  const members: [Member, Member, Member] = [
    { player: ada, peerId: await ada.peerId(), name: "Ada" },
    { player: bo, peerId: await bo.peerId(), name: "Bo" },
    { player: guest, peerId: await guest.peerId(), name: "Player" },
  ];
  for (const { player } of members) await expect(player.members).toHaveCount(members.length);
  return { code, members };
}

/**
 * Every member lists every other one with path `webrtc`: the full mesh is up. Polls the whole matrix at once, so a
 * failure shows every pair's path side by side (a pair stuck on one side only reads very differently).
 */
async function expectFullMesh(members: readonly Member[]): Promise<void> {
  const expected = Object.fromEntries(
    members.map((viewer) => [
      viewer.name,
      Object.fromEntries(members.map((other) => [other.name, other === viewer ? "self" : "webrtc"])),
    ]),
  );
  await expect
    .poll(() => pathMatrix(members), { message: "every pair's path, as each member sees it" })
    .toEqual(expected);
}

/** viewer name -> member name -> path text, from each viewer's member list (missing rows read "absent"). */
async function pathMatrix(members: readonly Member[]): Promise<Record<string, Record<string, string>>> {
  const rows = await Promise.all(
    members.map(async (viewer) => {
      const byId = await viewer.player.memberPaths();
      return [
        viewer.name,
        Object.fromEntries(members.map((other) => [other.name, byId.get(other.peerId) ?? "absent"])),
      ] as const;
    }),
  );
  return Object.fromEntries(rows);
}

test.describe("rooms", () => {
  test("three players meet by code and by invite link, and every pair connects over WebRTC", async ({ players }) => {
    const { code, members } = await gatherThree(players);

    for (const viewer of members) {
      await expect(viewer.player.roomCode).toHaveText(code);
      await expect(viewer.player.pathTo(viewer.peerId)).toHaveText("self");
      for (const member of members) {
        await expect(viewer.player.nameOf(member.peerId)).toHaveText(member.name);
        await expect(viewer.player.member(member.peerId)).toHaveAttribute("data-self", String(member === viewer));
      }
    }
    await expectFullMesh(members);
  });

  test("an event sent by each player reaches each other player exactly once", async ({ players }) => {
    const { members } = await gatherThree(players);
    await expectFullMesh(members);

    const textOf = (sender: Member): string => `hello from ${sender.name}`;
    for (const sender of members) await sender.player.sendEvent(textOf(sender));

    for (const receiver of members) {
      const others = members.filter((member) => member !== receiver);
      await expect
        .poll(() => receiver.player.eventEntries.count(), { message: `events logged by ${receiver.name}` })
        .toBe(others.length);
    }
    // The one deliberate wait: "exactly once" is also "no second copy later", which nothing can signal.
    await waitDeliberately(members[0].player.page, SETTLE_MS, "no second copy arrives later");

    for (const receiver of members) {
      // Own sends are not logged: only the others' events, one entry each.
      await expect(receiver.player.eventEntries).toHaveCount(members.length - 1);
      for (const sender of members) {
        if (sender === receiver) continue;
        const entries = receiver.player.eventsFrom(sender.peerId);
        await expect(entries, `${sender.name} -> ${receiver.name}`).toHaveCount(1);
        await expect(entries).toHaveText(`${sender.name}: ${textOf(sender)}`);
      }
    }
  });

  test("a player who closes the tab disappears from the others' lists", async ({ players }) => {
    const { members } = await gatherThree(players);
    await expectFullMesh(members);
    const [ada, bo, guest] = members;

    await guest.player.closeTab();

    for (const remaining of [ada, bo]) {
      await expect(remaining.player.member(guest.peerId), `${guest.name} in ${remaining.name}'s list`).toHaveCount(0);
      await expect(remaining.player.members).toHaveCount(2);
    }
    await expectFullMesh([ada, bo]);
  });

  test("when the host leaves, the oldest remaining member becomes host on every page", async ({ players }) => {
    const { members } = await gatherThree(players);
    const [ada, bo, guest] = members;
    for (const viewer of members) {
      await expect(viewer.player.hostMembers).toHaveCount(1);
      await expect(viewer.player.hostMembers).toHaveAttribute("data-peer-id", ada.peerId);
    }

    await ada.player.leave();

    for (const remaining of [bo, guest]) {
      await expect(remaining.player.member(ada.peerId)).toHaveCount(0);
      await expect(remaining.player.members).toHaveCount(2);
      await expect(remaining.player.hostMembers).toHaveCount(1);
      await expect(remaining.player.hostMembers).toHaveAttribute("data-peer-id", bo.peerId);
    }
    await expect(bo.player.selfMember).toHaveAttribute("data-host", "true");
    await expect(guest.player.selfMember).toHaveAttribute("data-host", "false");
  });

  test("an unknown room code shows an error, typed or from an invite link", async ({ players }) => {
    const [ada] = await players.create("Ada");

    await ada.submitJoin(UNKNOWN_CODE);
    await expect(ada.error).toBeVisible();
    await expect(ada.error).toHaveRole("alert");
    await expect(ada.error).not.toBeEmpty();
    await expect(ada.roomCode).toBeHidden();

    await ada.visit(`/?room=${UNKNOWN_CODE}`);
    await expect(ada.page.getByRole("alert")).toBeVisible();
    await expect(ada.error).not.toBeEmpty();
    await expect(ada.roomCode).toBeHidden();
  });
});

test("the library bundle imports as a plain ES module, without a bundler", async ({ page }) => {
  await page.goto("/");
  const exportType = await page.evaluate(async (url) => {
    const module = (await import(url)) as Record<string, unknown>;
    return typeof module.GameNetworkManager;
  }, "/rallypoint/rallypoint.js");
  expect(exportType).toBe("function");
});
