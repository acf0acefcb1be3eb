/**
 * How long a change waits before it is reported. A page being closed turns hidden just before `pagehide`, on which
 * the manager leaves; reporting at once would put a message ahead of the leave, and the server could see the socket
 * close before it got to the leave (so the seat would be held as after a cut). Stopping within this time sends none.
 */
const REPORT_DELAY_MS = 250;

/**
 * Calls `report(hidden)` when the page's visibility changes (`visibilitychange`; a change that reverts within
 * REPORT_DELAY_MS is not reported), and at once when the page is hidden already. `resend()` reports a hidden page
 * again (after a resume the server has a fresh socket that knows nothing). A no-op outside a browser.
 */
export function watchPageVisibility(report: (hidden: boolean) => void): { stop(): void; resend(): void } {
  const page = globalThis.document as Document | undefined;
  if (!page?.addEventListener) return { stop: () => undefined, resend: () => undefined };
  const isHidden = (): boolean => page.visibilityState === "hidden";
  let reported = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = (hidden: boolean): void => {
    reported = hidden;
    report(hidden);
  };
  const listener = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (isHidden() !== reported) send(isHidden());
    }, REPORT_DELAY_MS);
  };
  page.addEventListener("visibilitychange", listener);
  const resend = (): void => {
    if (isHidden()) send(true);
  };
  resend();
  return {
    stop: () => {
      clearTimeout(timer);
      page.removeEventListener("visibilitychange", listener);
    },
    resend,
  };
}
