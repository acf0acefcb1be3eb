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

/** The eye that marks spectators: drawn, since not every system has an emoji font. Decorative (aria-hidden). */
export function eyeIcon(): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "eye-icon");
  svg.setAttribute("aria-hidden", "true");
  const outline = document.createElementNS(svg.namespaceURI, "path");
  outline.setAttribute("d", "M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z");
  const pupil = document.createElementNS(svg.namespaceURI, "circle");
  pupil.setAttribute("cx", "12");
  pupil.setAttribute("cy", "12");
  pupil.setAttribute("r", "3.2");
  svg.append(outline, pupil);
  return svg;
}
