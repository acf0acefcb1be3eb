import { describe, expect, it } from "vitest";
import { SerialQueue } from "./serial-queue.js";

/** A promise and what resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("SerialQueue", () => {
  it("runs one key's work in order, each after the one before settles, even when one rejects", async () => {
    const queue = new SerialQueue<string>();
    const order: string[] = [];
    const { opened, open } = gate();
    const first = queue.run("a", () => opened.then(() => order.push("1")));
    const second = queue.run("a", () => {
      order.push("2");
      throw new Error("second failed");
    });
    const third = queue.run("a", () => order.push("3"));
    expect(queue.isBusy("a")).toBe(true);
    open();
    await first;
    await expect(second).rejects.toThrow("second failed");
    await third;
    expect(order).toEqual(["1", "2", "3"]);
  });

  it("keeps keys apart and forgets a key once its work is done", async () => {
    const queue = new SerialQueue<string>();
    const { opened, open } = gate();
    const blocked = queue.run("a", () => opened);
    expect(await queue.run("b", () => "b ran")).toBe("b ran");
    expect(queue.isBusy("a")).toBe(true);
    open();
    await blocked;
    await Promise.resolve();
    expect(queue.isBusy("a")).toBe(false);
    expect(queue.isBusy("b")).toBe(false);
  });
});
