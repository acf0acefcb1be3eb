import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { watchPageVisibility } from "./page-visibility.js";

type FakeDocument = EventTarget & { visibilityState: DocumentVisibilityState };

/** A document that is only an EventTarget with a visibilityState the test sets. */
function fakeDocument(state: DocumentVisibilityState): FakeDocument {
  return Object.assign(new EventTarget(), { visibilityState: state });
}

function turn(page: FakeDocument, state: DocumentVisibilityState): void {
  page.visibilityState = state;
  page.dispatchEvent(new Event("visibilitychange"));
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("watchPageVisibility", () => {
  it("reports a page hidden from the start at once, then each change a moment later", () => {
    const page = fakeDocument("hidden");
    vi.stubGlobal("document", page);
    const reports: boolean[] = [];
    const watch = watchPageVisibility((hidden) => reports.push(hidden));
    expect(reports).toEqual([true]);
    turn(page, "visible");
    vi.advanceTimersByTime(1_000);
    turn(page, "hidden");
    vi.advanceTimersByTime(1_000);
    expect(reports).toEqual([true, false, true]);

    watch.resend();
    expect(reports).toEqual([true, false, true, true]);
  });

  it("does not report a page hidden as it closes: stopped right after, nothing is sent", () => {
    const page = fakeDocument("visible");
    vi.stubGlobal("document", page);
    const reports: boolean[] = [];
    const watch = watchPageVisibility((hidden) => reports.push(hidden));
    turn(page, "hidden");
    watch.stop(); // what the manager does on pagehide
    vi.advanceTimersByTime(1_000);
    expect(reports).toEqual([]);
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
