import { expect } from "@playwright/test";
import { Background } from "../../support/background.js";
import type { LibraryPlayers } from "../../support/fixtures.js";
import { expectExactlyOnceInOrder, seatAll, type Seat } from "../../support/mesh.js";

/** Ada and Bo in one room, each sending event "n" every 50 ms; Bo's page is the one a test sends to the background. */
export interface StreamingPair {
  ada: Seat;
  bo: Seat;
  boInBackground: Background;
}

export async function openStreamingPair(libraryPlayers: LibraryPlayers): Promise<StreamingPair> {
  const [ada, bo] = (await seatAll([await libraryPlayers.open("Ada"), await libraryPlayers.open("Bo")])) as [
    Seat,
    Seat,
  ];
  const boInBackground = new Background(bo.player.page);
  await boInBackground.startTimerProbe();
  for (const { player } of [ada, bo]) await player.startStreaming("n", 50);
  return { ada, bo, boInBackground };
}

/**
 * Stops both streams and checks that the session came through whole: every event each sent reached the other once
 * and in order, both still hold their seats, and nobody saw a leave or a disconnect.
 */
export async function expectSessionWhole({ ada, bo }: StreamingPair): Promise<void> {
  const [sentByAda, sentByBo] = await Promise.all([ada, bo].map(({ player }) => player.stopStreaming()));
  await expectExactlyOnceInOrder(bo, ada, "n", sentByAda ?? 0);
  await expectExactlyOnceInOrder(ada, bo, "n", sentByBo ?? 0);
  expect((await ada.player.roomInfo())?.members.map((member) => member.id)).toEqual([ada.id, bo.id]);
  expect(await ada.player.lifecycle("peer-left")).toEqual([]);
  expect(await bo.player.lifecycle("disconnected")).toEqual([]);
}
