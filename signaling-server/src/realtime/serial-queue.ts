/**
 * Work run one piece after another per key (a socket): each starts once the one before it for that key has settled,
 * whether it resolved or rejected. A key has an entry only while it has work queued, so an idle socket costs nothing
 * here, and one queue serves every socket.
 */
export class SerialQueue<K> {
  private readonly queues = new Map<K, { tail: Promise<unknown>; queued: number }>();

  /** Whether `key` has work queued: what comes next for it must queue behind, to keep its order. */
  isBusy(key: K): boolean {
    return this.queues.has(key);
  }

  /** Runs `work` after everything queued for `key`; settles as `work` does. */
  run<T>(key: K, work: () => T | Promise<T>): Promise<T> {
    const queue = this.queues.get(key) ?? { tail: Promise.resolve(), queued: 0 };
    const result = queue.tail.then(work);
    queue.queued++;
    queue.tail = result.then(
      () => this.settled(key, queue),
      () => this.settled(key, queue),
    );
    this.queues.set(key, queue);
    return result;
  }

  private settled(key: K, queue: { queued: number }): void {
    queue.queued--;
    if (queue.queued === 0) this.queues.delete(key);
  }
}
