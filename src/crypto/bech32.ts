/**
 * The bech32 form of age keys (BIP 173): a human-readable part, "1", the data and a 6-character
 * checksum. memsync needs the raw 32 bytes of a key (to authenticate recipients lists with it) and
 * the checksum (a key typed back from paper is checked before it is used).
 */
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!;
  }
  return chk;
}

/** The 5-bit groups of a bech32 string's data and checksum, or null when its checksum is wrong. */
function checkedWords(text: string): { hrp: string; words: number[] } | null {
  const s = text.toLowerCase();
  const sep = s.lastIndexOf('1');
  if (sep < 1 || s.length - sep < 7) return null;
  const hrp = s.slice(0, sep);
  const words = [...s.slice(sep + 1)].map((c) => CHARSET.indexOf(c));
  if (words.includes(-1)) return null;
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  return polymod([...expanded, ...words]) === 1 ? { hrp, words: words.slice(0, -6) } : null;
}

/** Whether a bech32 string's checksum holds (a mistyped character fails it). */
export function bech32Valid(text: string): boolean {
  return checkedWords(text) !== null;
}

/** The bytes a bech32 string carries (its checksum checked); null when it is not valid bech32. */
export function bech32Bytes(text: string): Buffer | null {
  const checked = checkedWords(text);
  if (!checked) return null;
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const w of checked.words) {
    acc = ((acc << 5) | w) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}
