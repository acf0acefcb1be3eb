/**
 * Calls `leave` when the page is closed or navigated away for good: `pagehide` that does not put the page in the
 * back/forward cache (a cached page may come back, still in its room). Returns what stops listening; a no-op
 * outside a browser.
 */
export function onPageExit(leave: () => void): () => void {
  const target = globalThis as Partial<Pick<Window, "addEventListener" | "removeEventListener">>;
  if (!target.addEventListener || !target.removeEventListener) return () => undefined;
  const listener = (event: PageTransitionEvent): void => {
    if (!event.persisted) leave();
  };
  target.addEventListener("pagehide", listener);
  return () => target.removeEventListener?.("pagehide", listener);
}
