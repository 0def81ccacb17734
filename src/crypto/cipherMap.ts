import fs from 'node:fs';
import path from 'node:path';

/**
 * Which encrypted object holds which plaintext, kept in MEMSYNC_HOME so each object is decrypted
 * once per machine. Lines "<cipher object id> <plaintext blob id>", only ever appended: a line
 * torn by a crash fails the pattern and is skipped, which only costs one decryption again.
 */
const LINE_RE = /^([0-9a-f]{40}) ([0-9a-f]{40})$/;

export class CipherMap {
  private readonly toPlain = new Map<string, string>();
  private readonly toCipher = new Map<string, string>();
  private fresh: string[] = [];

  private constructor(
    readonly file: string,
    private readonly saves: boolean,
  ) {}

  /** `saves` false: what is learned is kept in memory only (a dry run writes nothing). */
  static load(home: string, saves = true): CipherMap {
    const map = new CipherMap(path.join(home, 'cipher-map.txt'), saves);
    let text = '';
    try {
      text = fs.readFileSync(map.file, 'utf8');
    } catch {
      // None yet: everything is decrypted once.
    }
    for (const line of text.split('\n')) {
      const m = LINE_RE.exec(line);
      if (m) map.remember(m[1]!, m[2]!);
    }
    return map;
  }

  plainOf(cipher: string): string | undefined {
    return this.toPlain.get(cipher);
  }

  cipherOf(plain: string): string | undefined {
    return this.toCipher.get(plain);
  }

  add(cipher: string, plain: string): void {
    if (this.toPlain.get(cipher) === plain) return;
    this.remember(cipher, plain);
    this.fresh.push(`${cipher} ${plain}\n`);
  }

  /** Appends what was learned since the last save (one write). */
  save(): void {
    if (!this.fresh.length || !this.saves) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // The line before may have been torn: start on a new line.
    fs.appendFileSync(this.file, `\n${this.fresh.join('')}`);
    this.fresh = [];
  }

  private remember(cipher: string, plain: string): void {
    this.toPlain.set(cipher, plain);
    this.toCipher.set(plain, cipher);
  }
}
