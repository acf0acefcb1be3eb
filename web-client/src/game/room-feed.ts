import type { DemoNetwork } from "./demo-network.js";

export interface RoomFeedElements {
  /** Chat lines, tags and lobby news, newest first; a polite live region, so screen readers hear them too. */
  log: HTMLUListElement;
  /** A short message over the arena. */
  toast: HTMLElement;
}

const LOG_LIMIT = 100;

/** What happens in the room, in words: chat, tags (also as a toast over the arena), and lobby news. */
export class RoomFeed {
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly elements: RoomFeedElements) {}

  /** Logs this manager's chat and tags; returns the function that stops and clears the log. */
  attach(net: DemoNetwork): () => void {
    this.elements.log.replaceChildren();
    const nameOf = (id: string): string => net.room?.members.find((member) => member.id === id)?.name ?? id;
    const off = net.on("event", ({ from, type, payload }) => {
      const entry = document.createElement("li");
      entry.dataset.testid = "event-entry";
      entry.dataset.from = from;
      entry.dataset.type = type;
      if (type === "tag") {
        const isMe = payload.target === net.room?.selfId;
        entry.textContent = `${nameOf(from)} tagged ${isMe ? "you" : nameOf(payload.target)}!`;
        this.toast(entry.textContent);
      } else {
        const who = document.createElement("strong");
        who.textContent = `${nameOf(from)}: `;
        entry.append(who, payload.text);
      }
      this.add(entry);
    });
    return () => {
      off();
      clearTimeout(this.toastTimer);
      this.elements.toast.hidden = true;
    };
  }

  /** A lobby change (joined, left, ready, locked...), logged. */
  announce(text: string): void {
    const entry = document.createElement("li");
    entry.dataset.testid = "lobby-news";
    entry.className = "news";
    entry.textContent = text;
    this.add(entry);
  }

  toast(text: string): void {
    const { toast } = this.elements;
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (toast.hidden = true), 2500);
  }

  private add(entry: HTMLLIElement): void {
    const { log } = this.elements;
    log.prepend(entry);
    while (log.children.length > LOG_LIMIT) log.lastElementChild?.remove();
  }
}
