/**
 * Minimal PNG encoder/decoder (8-bit RGBA, no interlace) on node:zlib, for the Teams app icons. No image dependencies.
 */
import zlib from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, row by row, RGBA. */
  data: Uint8Array;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typeAndData) >>> 0);
  return Buffer.concat([len, typeAndData, crc]);
}

export function encodePng(img: RgbaImage): Buffer {
  const { width, height, data } = img;
  if (data.length !== width * height * 4) throw new Error(`expected ${width * height * 4} bytes of RGBA, got ${data.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(data.buffer, data.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Width, height, bit depth and colour type from the IHDR chunk (checks signature and CRCs of every chunk). */
export function readPngHeader(png: Buffer): { width: number; height: number; bitDepth: number; colorType: number } {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG file");
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    const crc = png.readUInt32BE(off + 8 + len);
    if ((zlib.crc32(png.subarray(off + 4, off + 8 + len)) >>> 0) !== crc) throw new Error(`bad CRC in chunk at ${off}`);
    off += 12 + len;
  }
  if (png.toString("ascii", 12, 16) !== "IHDR") throw new Error("PNG without IHDR first");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png[24], colorType: png[25] };
}

/** Decodes what encodePng writes (8-bit RGBA, filter 0 rows; also handles the other filter types). */
export function decodePng(png: Buffer): RgbaImage {
  const { width, height, bitDepth, colorType } = readPngHeader(png);
  if (bitDepth !== 8 || colorType !== 6) throw new Error("only 8-bit RGBA PNGs are supported");
  const idat: Buffer[] = [];
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    if (png.toString("ascii", off + 4, off + 8) === "IDAT") idat.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= 4 ? out[y * stride + x - 4] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? out[(y - 1) * stride + x - 4] : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return { width, height, data: out };
}
