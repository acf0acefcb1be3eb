/** Looks up an element the page cannot work without. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`The page is missing #${id} (${type.name})`);
  return element;
}

export function showError(message: string): void {
  const box = byId("error", HTMLElement);
  box.textContent = message;
  box.hidden = false;
}

export function clearError(): void {
  const box = byId("error", HTMLElement);
  box.textContent = "";
  box.hidden = true;
}

/** A new element with its class and, if given, its text. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}
