/** One line of a history chart: a value per second, oldest first (NaN where there was none). */
export interface ChartSeries {
  values: readonly number[];
  colour: string;
  dashed?: boolean;
}

export const SERIES_COLOURS = ["#4fc3f7", "#aed581", "#ffb74d", "#f06292", "#ba68c8", "#4db6ac", "#fff176"] as const;

/**
 * Draws `points`-wide histories as lines on a canvas, scaled to the largest value (at least `minTop`), with a title
 * that says the scale.
 */
export function drawChart(
  canvas: HTMLCanvasElement,
  title: (top: number) => string,
  series: readonly ChartSeries[],
  points: number,
  minTop: number,
): void {
  const context = canvas.getContext("2d");
  if (!context) return;
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const top = Math.max(minTop, ...series.flatMap(({ values }) => values.filter(Number.isFinite))) * 1.2;
  context.fillStyle = "#8a93b0";
  context.font = "11px system-ui, sans-serif";
  context.fillText(title(top), 4, 12);
  context.lineWidth = 1.5;
  for (const { values, colour, dashed = false } of series) {
    context.strokeStyle = colour;
    context.setLineDash(dashed ? [4, 3] : []);
    context.beginPath();
    let isDrawing = false;
    values.forEach((value, i) => {
      if (!Number.isFinite(value)) {
        isDrawing = false;
        return;
      }
      const x = (i / Math.max(1, points - 1)) * width;
      const y = height - 2 - (value / top) * (height - 18);
      if (isDrawing) context.lineTo(x, y);
      else context.moveTo(x, y);
      isDrawing = true;
    });
    context.stroke();
  }
  context.setLineDash([]);
}
