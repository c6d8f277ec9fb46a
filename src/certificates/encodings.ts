/**
 * Byte encodings used by the certificate seal: Base45 (RFC 9285, the QR alphanumeric alphabet,
 * as in EU Digital COVID Certificates) and base58btc multibase (`z…`, as in W3C Data Integrity).
 */
const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let n = bytes[i] * 256 + bytes[i + 1];
      const c = n % 45;
      n = (n - c) / 45;
      const d = n % 45;
      const e = (n - d) / 45;
      out += BASE45[c] + BASE45[d] + BASE45[e];
    } else {
      const n = bytes[i];
      out += BASE45[n % 45] + BASE45[Math.floor(n / 45)];
    }
  }
  return out;
}

export function base45Decode(text: string): Uint8Array {
  const values = [...text].map((ch) => {
    const value = BASE45.indexOf(ch);
    if (value < 0) throw new Error(`invalid Base45 character ${JSON.stringify(ch)}`);
    return value;
  });
  if (values.length % 3 === 1) throw new Error('invalid Base45 length');
  const out: number[] = [];
  for (let i = 0; i < values.length; i += 3) {
    if (i + 2 < values.length) {
      const n = values[i] + values[i + 1] * 45 + values[i + 2] * 45 * 45;
      if (n > 0xffff) throw new Error('invalid Base45 triplet');
      out.push(n >> 8, n & 0xff);
    } else {
      const n = values[i] + values[i + 1] * 45;
      if (n > 0xff) throw new Error('invalid Base45 pair');
      out.push(n);
    }
  }
  return Uint8Array.from(out);
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Multibase base58btc: `z` followed by Bitcoin-alphabet base58. */
export function multibaseEncode(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = value * 256n + BigInt(byte);
  let out = '';
  while (value > 0n) {
    out = BASE58[Number(value % 58n)] + out;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = '1' + out;
  }
  return `z${out}`;
}

export function multibaseDecode(text: string): Uint8Array {
  if (!text.startsWith('z')) throw new Error('only base58btc multibase (z…) is supported');
  const body = text.slice(1);
  let value = 0n;
  for (const ch of body) {
    const digit = BASE58.indexOf(ch);
    if (digit < 0) throw new Error(`invalid base58 character ${JSON.stringify(ch)}`);
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value % 256n));
    value /= 256n;
  }
  for (const ch of body) {
    if (ch !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}
