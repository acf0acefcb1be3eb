/**
 * How every test and bench launches Chromium: `--allow-loopback-in-peer-connection` makes it offer a 127.0.0.1 ICE
 * candidate (together with the microphone permission each player's context gets; without both no two players
 * connect), and the rest keep it from doing anything in the background that would compete with the players.
 */
export const CHROMIUM_ARGS = [
  "--allow-loopback-in-peer-connection",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
