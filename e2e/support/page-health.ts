import type { Page } from "@playwright/test";

/**
 * Everything a page did that a healthy session must not: console errors, uncaught exceptions, and requests or
 * websockets to anywhere but the server that served it (the demo must work with no other host reachable).
 * Watch a page before its first navigation, so the page load itself is recorded.
 *
 * @example
 * const health = PageHealth.watch(page);
 * await page.goto("/");
 * expect(health.problems(baseURL)).toEqual([]);
 */
export class PageHealth {
  readonly errors: string[] = [];
  /** Every URL the page requested or opened a websocket to, in order. */
  readonly urls: string[] = [];

  private constructor() {}

  static watch(page: Page): PageHealth {
    const health = new PageHealth();
    page.on("console", (message) => {
      if (message.type() === "error") health.errors.push(`console.error: ${message.text()}`);
    });
    page.on("pageerror", (error) => health.errors.push(`uncaught: ${error.stack ?? error.message}`));
    page.on("request", (request) => health.urls.push(request.url()));
    page.on("websocket", (socket) => health.urls.push(socket.url()));
    return health;
  }

  /** URLs whose origin is not `origin` (websockets compared as http), other than data: and blob: URLs. */
  foreignUrls(origin: string): string[] {
    const expected = new URL(origin).origin;
    return this.urls.filter((url) => {
      const parsed = new URL(url);
      if (parsed.protocol === "data:" || parsed.protocol === "blob:") return false;
      const http = parsed.protocol === "ws:" ? "http:" : parsed.protocol === "wss:" ? "https:" : parsed.protocol;
      return `${http}//${parsed.host}` !== expected;
    });
  }

  /** Console errors, uncaught exceptions and foreign requests together: empty for a healthy page. */
  problems(origin: string): string[] {
    return [...this.errors, ...this.foreignUrls(origin).map((url) => `request to another origin: ${url}`)];
  }
}
