import { afterEach, describe, expect, it, vi } from "vitest";
import { watchPageVisibility } from "./page-visibility.js";

/** A document that is only an EventTarget with a visibilityState the test sets. */
function fakeDocument(state: DocumentVisibilityState): EventTarget & { visibilityState: DocumentVisibilityState } {
  return Object.assign(new EventTarget(), { visibilityState: state });
}

afterEach(() => vi.unstubAllGlobals());

describe("watchPageVisibility", () => {
  it("reports each change, and a page hidden from the start at once", () => {
    const page = fakeDocument("hidden");
    vi.stubGlobal("document", page);
    const reports: boolean[] = [];
    const watch = watchPageVisibility((hidden) => reports.push(hidden));
    page.visibilityState = "visible";
    page.dispatchEvent(new Event("visibilitychange"));
    page.visibilityState = "hidden";
    page.dispatchEvent(new Event("visibilitychange"));
    expect(reports).toEqual([true, false, true]);

    watch.resend();
    watch.stop();
    page.dispatchEvent(new Event("visibilitychange"));
    expect(reports).toEqual([true, false, true, true]);
  });

  it("says nothing for a visible page until it changes, nor on resend", () => {
    vi.stubGlobal("document", fakeDocument("visible"));
    const reports: boolean[] = [];
    watchPageVisibility((hidden) => reports.push(hidden)).resend();
    expect(reports).toEqual([]);
  });

  it("is a no-op outside a browser", () => {
    vi.stubGlobal("document", undefined);
    expect(() => watchPageVisibility(() => undefined).resend()).not.toThrow();
  });
});
