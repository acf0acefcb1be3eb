import { randomUUID } from "node:crypto";
import { expect, test } from "../support/fixtures.js";
import { expectExactlyOnceInOrder, expectLinks, type Seat } from "../support/mesh.js";

/**
 * Public rooms through the library, as a game's title screen uses them: one player opens a public room, a second
 * finds it in the list and joins by its code, a third quick-joins without a code, and the three play over one mesh.
 */
test("a public room is listed, found by quick join, and its three players mesh", async ({ libraryPlayers }) => {
  // Other specs share this server: a property of this test's own keeps their public rooms out of its filter.
  const mode = `ffa-${randomUUID()}`;
  const [ada, bo, cy] = [
    await libraryPlayers.open("Ada"),
    await libraryPlayers.open("Bo"),
    await libraryPlayers.open("Cy"),
  ];

  const room = await ada.page.evaluate(async (mode) => {
    const created = await window.rallypoint.net.createRoom({ public: true, properties: { mode, map: "dunes" } });
    return { code: created.code, selfId: created.selfId };
  }, mode);

  const listed = await bo.page.evaluate((mode) => window.rallypoint.net.listRooms({ filter: { mode } }), mode);
  expect(listed.cursor).toBeNull();
  expect(listed.rooms).toMatchObject([{ code: room.code, properties: { mode, map: "dunes" }, members: 1 }]);
  const boJoined = await bo.joinRoom(listed.rooms[0]?.code ?? "");

  const cyJoined = await cy.page.evaluate(async (mode) => {
    const joined = await window.rallypoint.net.quickJoin({ filter: { mode }, create: { properties: { mode } } });
    return { code: joined.code, selfId: joined.selfId, created: joined.created, members: joined.members.length };
  }, mode);
  expect(cyJoined).toMatchObject({ code: room.code, created: false, members: 3 });

  const seats: Seat[] = [
    { player: ada, id: room.selfId },
    { player: bo, id: boJoined.selfId },
    { player: cy, id: cyJoined.selfId },
  ];
  await expectLinks(seats, () => "webrtc/webrtc");
  await cy.sendNumbered("hello", 0, 5);
  for (const receiver of seats.slice(0, 2)) await expectExactlyOnceInOrder(receiver, seats[2] as Seat, "hello", 5);
});
