/**
 * Snappy's raw format, decoded (https://github.com/google/snappy/blob/main/format_description.txt):
 * Firefox compresses every IndexedDB value with it, so text a profile holds there is not greppable
 * as it is. Returns null for bytes that are not a whole, valid snappy stream.
 */
export function unsnappy(input: Uint8Array): Uint8Array | null {
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= input.length) return -1;
      const byte = input[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) return value;
    }
    return -1;
  };
  const size = varint();
  if (size < 0 || size > 64 * 1024 * 1024) return null;
  const out = new Uint8Array(size);
  let length = 0;
  while (at < input.length) {
    const tag = input[at++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let run = tag >> 2;
      if (run >= 60) {
        const bytes = run - 59;
        if (at + bytes > input.length) return null;
        run = 0;
        for (let i = 0; i < bytes; i++) run += input[at + i]! * 256 ** i;
        at += bytes;
      }
      run += 1;
      if (at + run > input.length || length + run > size) return null;
      out.set(input.subarray(at, at + run), length);
      at += run;
      length += run;
      continue;
    }
    let run: number;
    let offset: number;
    if (kind === 1) {
      if (at + 1 > input.length) return null;
      run = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | input[at++]!;
    } else {
      const bytes = kind === 2 ? 2 : 4;
      if (at + bytes > input.length) return null;
      run = (tag >> 2) + 1;
      offset = 0;
      for (let i = 0; i < bytes; i++) offset += input[at + i]! * 256 ** i;
      at += bytes;
    }
    if (offset === 0 || offset > length || length + run > size) return null;
    for (let i = 0; i < run; i++, length++) out[length] = out[length - offset]!;
  }
  return length === size ? out : null;
}
