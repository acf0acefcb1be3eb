import { roomCodeFrom } from "../invite-link.js";
import { SHIP_COLOURS } from "./lobby-state.js";

export interface TitleScreenElements {
  root: HTMLElement;
  createForm: HTMLFormElement;
  joinForm: HTMLFormElement;
  name: HTMLInputElement;
  code: HTMLInputElement;
  swatches: HTMLElement;
  publicToggle: HTMLInputElement;
}

/** What the title screen asks of the page: enter a new room, or the room with this code, to play or to watch. */
export interface TitleScreenActions {
  create: () => void;
  join: (code: string, options: { spectator: boolean }) => void;
  /** The join field holds no code: say why, in words. */
  refuse: (message: string) => void;
}

/** What each of SHIP_COLOURS is called, for screen readers. */
const COLOUR_NAMES = ["Coral", "Amber", "Lemon", "Mint", "Sky", "Periwinkle", "Violet", "Pink"];

/** Remembered between visits, so a returning player keeps its name and colour. */
const STORAGE_KEY = "rallypoint-demo-player";

/**
 * The title screen: the player's name and ship colour, "Create a room" (private, or public when ticked), and the
 * join field, which takes a bare code or a pasted invite link, with Join (to play) and Watch (as a spectator). The public games beside it are `PublicGames`.
 */
export class TitleScreen {
  constructor(
    private readonly elements: TitleScreenElements,
    actions: TitleScreenActions,
  ) {
    const { createForm, joinForm, code, swatches, name } = elements;
    const saved = remembered();
    // A first-time player gets a random colour, so a room of newcomers is not all one colour.
    const preselected = saved.color ?? SHIP_COLOURS[Math.floor(Math.random() * SHIP_COLOURS.length)];
    name.value = saved.name;
    swatches.replaceChildren(...SHIP_COLOURS.map((colour, index) => swatch(colour, index, colour === preselected)));
    swatches.addEventListener("change", () => this.remember());
    name.addEventListener("change", () => this.remember());
    createForm.addEventListener("submit", (event) => {
      event.preventDefault();
      actions.create();
    });
    joinForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const field = roomCodeFrom(code.value);
      if (field.ok) {
        // The Watch button submits the form too, under its name.
        const spectator = event.submitter instanceof HTMLButtonElement && event.submitter.name === "watch";
        actions.join(field.code, { spectator });
        return;
      }
      actions.refuse(refusal(field.reason, code.value.trim()));
      code.focus();
    });
  }

  get name(): string {
    return this.elements.name.value.trim();
  }

  /** Whether "Create a room" makes a public room, listed for anyone to join. */
  get isPublic(): boolean {
    return this.elements.publicToggle.checked;
  }

  get colour(): string {
    const checked = this.elements.swatches.querySelector<HTMLInputElement>("input:checked");
    return checked?.value ?? SHIP_COLOURS[0] ?? "#fff";
  }

  /** Disables the buttons while a room is being entered. */
  setBusy(isBusy: boolean): void {
    for (const button of this.elements.root.querySelectorAll("button")) button.disabled = isBusy;
    this.elements.root.ariaBusy = String(isBusy);
  }

  show(isShown: boolean): void {
    this.elements.root.hidden = !isShown;
  }

  private remember(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ name: this.name, color: this.colour }));
    } catch {
      // Storage may be off (private mode): the player picks again next time.
    }
  }
}

function refusal(reason: "empty" | "malformed" | "link-without-code", typed: string): string {
  switch (reason) {
    case "empty":
      return "Enter the room code you were given, or create a room.";
    case "link-without-code":
      return "That link has no room code in it: ask for the room's invite link, or its 6-letter code.";
    case "malformed":
      return `"${typed}" is not a room code: codes are 6 letters and digits, like K7MQ2X.`;
  }
}

function remembered(): { name: string; color: string | undefined } {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}");
    const record = typeof saved === "object" && saved !== null ? (saved as Record<string, unknown>) : {};
    return {
      name: typeof record.name === "string" ? record.name.slice(0, 32) : "",
      color: SHIP_COLOURS.find((colour) => colour === record.color),
    };
  } catch {
    return { name: "", color: undefined };
  }
}

/** One colour choice: a radio button drawn as a coloured disc, named for screen readers. */
function swatch(colour: string, index: number, isChecked: boolean): HTMLLabelElement {
  const label = document.createElement("label");
  label.className = "swatch";
  label.style.setProperty("--swatch", colour);
  const radio = document.createElement("input");
  radio.type = "radio";
  radio.name = "ship-colour";
  radio.value = colour;
  radio.checked = isChecked;
  const text = document.createElement("span");
  text.className = "visually-hidden";
  text.textContent = COLOUR_NAMES[index] ?? `Colour ${index + 1}`;
  label.append(radio, text);
  return label;
}
