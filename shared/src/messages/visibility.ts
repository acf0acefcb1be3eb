import * as z from "zod/mini";

/**
 * member:visibility, whether the member's page is in the background (`document.visibilityState === "hidden"`). The
 * server uses it for one thing: a host hidden for longer than its `hiddenHostHandoffMs` hands the host role to a
 * visible member, so a background tab does not stall everyone's game. A member that never reports counts as visible.
 */
export const MemberVisibility = z.object({ hidden: z.boolean() });
export type MemberVisibility = z.infer<typeof MemberVisibility>;
