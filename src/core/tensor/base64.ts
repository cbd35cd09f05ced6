// Base64 to bytes, for data built into the bundle (ggml's lattice grids, the WebAssembly kernels):
// core code runs in webviews too, so neither Node's Buffer nor a DOM-only helper is assumed.
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) VALUE[DIGITS.charCodeAt(i)] = i;

/** The bytes of standard base64 `s` (padding optional). */
export function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const end = s.replace(/=+$/, '').length;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const v = VALUE[s.charCodeAt(i)] ?? -1;
    if (v < 0) throw new Error(`not base64 at character ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}
