/**
 * The Tenant Pilot icon, drawn in code: a compass ring with a needle pointing up (a pilot's heading).
 * color: white symbol on the accent colour, 192x192. outline: white symbol on transparent, 32x32 (Teams' rules).
 */
import type { RgbaImage } from "./png";

export const ACCENT = { r: 0x1f, g: 0x4e, b: 0x79 }; // #1F4E79

/** Pure: whether the symbol covers the normalized point (x, y) in [-1, 1] (y grows downwards). */
export function symbolAt(x: number, y: number, ring = { inner: 0.62, outer: 0.8 }): boolean {
  const r = Math.hypot(x, y);
  if (r >= ring.inner && r <= ring.outer) return true;
  // Needle: a triangle from the top of the inner circle down to a base below the centre.
  const top = -0.5;
  const baseY = 0.3;
  const halfBase = 0.24;
  if (y >= top && y <= baseY) {
    const half = (halfBase * (y - top)) / (baseY - top);
    if (Math.abs(x) <= half) return true;
  }
  return false;
}

/** Renders the symbol with 4x4 supersampling. `inset` shrinks the symbol (fraction of the half-size kept). */
export function drawIcon(opts: {
  size: number;
  background?: { r: number; g: number; b: number };
  inset: number;
  ring?: { inner: number; outer: number };
}): RgbaImage {
  const { size, background, inset } = opts;
  const data = new Uint8Array(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (((px + (sx + 0.5) / S) / size) * 2 - 1) / inset;
          const y = (((py + (sy + 0.5) / S) / size) * 2 - 1) / inset;
          if (symbolAt(x, y, opts.ring)) hits++;
        }
      }
      const cover = hits / (S * S);
      const i = (py * size + px) * 4;
      if (background) {
        data[i] = Math.round(background.r + (255 - background.r) * cover);
        data[i + 1] = Math.round(background.g + (255 - background.g) * cover);
        data[i + 2] = Math.round(background.b + (255 - background.b) * cover);
        data[i + 3] = 255;
      } else {
        data[i] = 255;
        data[i + 1] = 255;
        data[i + 2] = 255;
        data[i + 3] = Math.round(255 * cover);
      }
    }
  }
  return { width: size, height: size, data };
}

export const colorIcon = (): RgbaImage => drawIcon({ size: 192, background: ACCENT, inset: 0.6 });
/** Outline: thicker ring so it stays legible at 32 px. */
export const outlineIcon = (): RgbaImage => drawIcon({ size: 32, inset: 0.95, ring: { inner: 0.66, outer: 0.9 } });
