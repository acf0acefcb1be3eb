/** A row of cells, or a section title on a line of its own. */
export type Row = string[] | string;

/** Plain-text columns: the first left-aligned, the others right-aligned at least 8 wide; titles pass through. */
export function table(header: string[], rows: Row[]): string[] {
  const cells = [header, ...rows.filter((row) => typeof row !== "string")];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  const render = (row: string[]): string =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return column === 0 ? cell.padEnd(width) : cell.padStart(Math.max(width, 8));
      })
      .join("   ")
      .trimEnd();
  return [header, ...rows].map((row) => (typeof row === "string" ? row : render(row)));
}
