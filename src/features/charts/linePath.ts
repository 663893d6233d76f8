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

/** "M x y L x y ..." with coordinates to a tenth of a pixel. */
export function pathOf(t: ArrayLike<number>, v: ArrayLike<number>, length: number, x: LinearMap, y: LinearMap): string {
  let d = '';
  for (let i = 0; i < length; i++) {
    const px = Math.round((x.a * (t[i] as number) + x.b) * 10) / 10;
    const py = Math.round((y.a * (v[i] as number) + y.b) * 10) / 10;
    d += (i === 0 ? 'M' : 'L') + px + ' ' + py;
  }
  return d;
}
