/** The valid name nearest to a typo, for "did you mean"; null when none is near enough to help. */
export function closest(typed: string, valid: readonly string[]): string | null {
  // A prefix of three letters or more counts as one edit: `--adopt` for `--adopt-remote`.
  const scored = valid.map((v) => ({ v, d: typed.length >= 3 && v.startsWith(typed) ? 1 : distance(typed, v) }));
  const best = scored.sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(typed.length / 3)) ? best.v : null;
}

/** Edit distance where swapping two neighbouring letters counts once (`snyc` is one from `sync`). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}
