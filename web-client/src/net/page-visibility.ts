/**
 * Calls `report(hidden)` whenever the page's visibility changes (`visibilitychange`), and at once when the page is
 * hidden already. `resend()` reports a hidden page again (after a resume the server has a fresh socket that knows
 * nothing). A no-op outside a browser.
 */
export function watchPageVisibility(report: (hidden: boolean) => void): { stop(): void; resend(): void } {
  const page = globalThis.document as Document | undefined;
  if (!page?.addEventListener) return { stop: () => undefined, resend: () => undefined };
  const isHidden = (): boolean => page.visibilityState === "hidden";
  const listener = (): void => report(isHidden());
  page.addEventListener("visibilitychange", listener);
  const resend = (): void => {
    if (isHidden()) report(true);
  };
  resend();
  return { stop: () => page.removeEventListener("visibilitychange", listener), resend };
}
