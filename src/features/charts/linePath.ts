/** SVG paths for chart lines, positioned by linear maps from values to pixels. */

export interface LinearMap {
  a: number;
  b: number;
}

/** The linear map taking v0 to p0 and v1 to p1, as `a * value + b`. */
export function linearMap(v0: number, v1: number, p0: number, p1: number): LinearMap {
  const a = v1 === v0 ? 0 : (p1 - p0) / (v1 - v0);
  return { a, b: v1 === v0 ? (p0 + p1) / 2 : p0 - a * v0 };
}

/**
 * "M x y L x y ..." with coordinates to a tenth of a pixel. The line breaks (a new "M") between two points
 * on either side of a gap (a time the page was closed: nothing was seen then), given oldest first.
 */
export function pathOf(t: ArrayLike<number>, v: ArrayLike<number>, length: number, x: LinearMap, y: LinearMap, gaps: ReadonlyArray<readonly [number, number]> = []): string {
  let d = '';
  let g = 0;
  for (let i = 0; i < length; i++) {
    const ti = t[i] as number;
    let move = i === 0;
    // gaps that end before this point: one between the previous point and this one breaks the line
    while (g < gaps.length && ((gaps[g] as readonly [number, number])[1] as number) <= ti) {
      if (i > 0 && (t[i - 1] as number) <= (gaps[g] as readonly [number, number])[0]) move = true;
      g++;
    }
    const px = Math.round((x.a * ti + x.b) * 10) / 10;
    const py = Math.round((y.a * (v[i] as number) + y.b) * 10) / 10;
    d += (move ? 'M' : 'L') + px + ' ' + py;
  }
  return d;
}
