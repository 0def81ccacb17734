/**
 * One regex from pieces written as regex literals, for a pattern too long for one line: each piece keeps its own
 * escaping, and the pieces are joined as written (so an alternation needs its `|` inside a piece).
 */
export function joinedRegex(flags: string, ...pieces: RegExp[]): RegExp {
  return new RegExp(pieces.map((p) => p.source).join(''), flags);
}
