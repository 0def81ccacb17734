/**
 * Where strict JSON parsing fails, with the reason (Node 20's JSON.parse messages often carry no
 * position): a small recursive-descent reader that only checks the text, building nothing.
 */

class Fail {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

class JsonChecker {
  i: number;

  constructor(private readonly text: string) {
    this.i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** The character at the failure, as a reason's start. */
  here(): string {
    const c = this.text[this.i];
    if (c === undefined) return 'unexpected end of file';
    return /^[\x21-\x7e]$/.test(c) ? `unexpected '${c}'` : `unexpected ${JSON.stringify(c)}`;
  }

  fail(reason: string): never {
    throw new Fail(this.i, reason);
  }

  ws(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i]!)) this.i++;
  }

  /** Steps over `c` if it is next (after white space). */
  take(c: string): boolean {
    this.ws();
    if (this.text[this.i] !== c) return false;
    this.i++;
    return true;
  }

  str(): void {
    const { text } = this;
    this.i++; // opening quote
    for (;;) {
      if (this.i >= text.length) this.fail('unterminated string');
      const c = text[this.i]!;
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const n = text[this.i + 1];
        if (n !== undefined && '"\\/bfnrt'.includes(n)) this.i += 2;
        else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(this.i + 2, this.i + 6))) this.i += 6;
        else this.fail('invalid escape sequence in string');
      } else if (c.charCodeAt(0) < 0x20) {
        this.fail('control character (such as a raw line break) in string');
      } else this.i++;
    }
  }

  num(): void {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = this.i;
    const m = re.exec(this.text);
    if (!m || m[0] === '-' || m[0].length === 0) this.fail('invalid number');
    this.i = re.lastIndex;
  }

  /** The members of an object or the items of an array, after its opening bracket. */
  members(close: '}' | ']', member: () => void): void {
    if (this.take(close)) return;
    for (;;) {
      this.ws();
      if (this.text[this.i] === close) this.fail(`trailing comma before "${close}"`);
      member();
      if (this.take(',')) continue;
      if (this.take(close)) return;
      this.fail(`${this.here()}; expected "," or "${close}"`);
    }
  }

  member(): void {
    if (this.text[this.i] !== '"') this.fail(`${this.here()}; expected a double-quoted key`);
    this.str();
    if (!this.take(':')) this.fail(`${this.here()}; expected ":" after the key`);
    this.value();
  }

  value(): void {
    this.ws();
    const c = this.text[this.i];
    const lit = ['true', 'false', 'null'].find((l) => this.text.startsWith(l, this.i));
    if (c === '{' || c === '[') {
      this.i++;
      if (c === '{') this.members('}', () => this.member());
      else this.members(']', () => this.value());
    } else if (c === '"') this.str();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.num();
    else if (lit) this.i += lit.length;
    else this.fail(`${this.here()}; expected a value`);
  }
}

/** Where strict JSON parsing of `text` fails and why; null when it is valid JSON. */
export function locateJsonError(text: string): { offset: number; reason: string } | null {
  const at = new JsonChecker(text);
  try {
    at.value();
    at.ws();
    if (at.i < text.length) at.fail(`${at.here()} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof Fail) return { offset: e.offset, reason: e.reason };
    if (e instanceof RangeError) return null; // absurd nesting: let the caller use the parser's message
    throw e;
  }
}
