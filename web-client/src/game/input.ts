import type { ShipInput } from "./ship.js";

const KEYS: Record<string, keyof ShipInput> = {
  KeyW: "thrust",
  ArrowUp: "thrust",
  KeyA: "left",
  ArrowLeft: "left",
  KeyD: "right",
  ArrowRight: "right",
};

/** Whether a key goes to a form field (typing, or moving through a menu's options) rather than to the game. */
export function isTypingTarget(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement
  );
}

/**
 * Keyboard (WASD or arrows) and on-screen touch buttons, merged into one ShipInput. Keys typed into form fields
 * are left alone.
 */
export class InputState {
  readonly current: ShipInput = { thrust: false, left: false, right: false };

  constructor(touchButtons: Iterable<HTMLElement>) {
    const onKey = (event: KeyboardEvent, isDown: boolean): void => {
      const control = KEYS[event.code];
      if (!control || isTypingTarget(event.target)) return;
      this.current[control] = isDown;
      event.preventDefault();
    };
    addEventListener("keydown", (event) => onKey(event, true));
    addEventListener("keyup", (event) => onKey(event, false));
    addEventListener("blur", () => Object.assign(this.current, { thrust: false, left: false, right: false }));
    for (const button of touchButtons) {
      const control = button.dataset.control as keyof ShipInput | undefined;
      if (!control) continue;
      const set = (isDown: boolean) => (event: Event) => {
        this.current[control] = isDown;
        event.preventDefault();
      };
      button.addEventListener("pointerdown", set(true));
      button.addEventListener("pointerup", set(false));
      button.addEventListener("pointerleave", set(false));
      button.addEventListener("pointercancel", set(false));
      button.addEventListener("contextmenu", (event) => event.preventDefault());
    }
  }
}
