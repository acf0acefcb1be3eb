/** Looks up an element the page cannot work without. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page is missing #${id}`);
  return element as T;
}

export function showError(message: string): void {
  const box = byId("error");
  box.textContent = message;
  box.hidden = false;
}

export function clearError(): void {
  const box = byId("error");
  box.textContent = "";
  box.hidden = true;
}
