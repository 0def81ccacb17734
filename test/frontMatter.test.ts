// Memory files merge by field: the front matter key by key, the body with git merge-file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote } from './support/machines.ts';
import { mergeFrontMatter, splitFrontMatter } from '../src/merge/frontMatter.ts';
import { mergeMarked, mergeText } from '../src/merge/textMerge.ts';

/** A topic file the way Claude Code 2.1.197 rewrites it, plus `modified` as its changelog describes (2.1.214). */
function topic(o: {
  session: string;
  modified?: string;
  body: string;
  description?: string;
  nestedModified?: boolean;
}): string {
  const mod = o.modified ? (o.nestedModified ? `  modified: ${o.modified}\n` : '') : '';
  const top = o.modified && !o.nestedModified ? `modified: ${o.modified}\n` : '';
  return (
    `---\nname: build\ndescription: ${o.description ?? 'how this project is built'}\n${top}metadata:\n  node_type: ` +
    'memory\n  type: project\n' +
    `  originSessionId: ${o.session}\n${mod}---\n\n${o.body}`
  );
}

const BODY = 'Run `make` twice.\nThe first run only generates headers.\nThen run the tests.\n';

async function merge(l: string, b: string | null, r: string, union = false) {
  const m = await mergeText(Buffer.from(l), b === null ? null : Buffer.from(b), Buffer.from(r), union);
  return m.clean ? m.content.toString() : null;
}

for (const nested of [false, true]) {
  test(
    'two machines each edit a different line of a topic file Claude rewrote (modified ' +
      `${nested ? 'in metadata' : 'at the top'}): clean, later session and time`,
    async () => {
      const base = topic({
        session: 's-base',
        modified: '2026-11-30T10:00:00.000Z',
        body: BODY,
        nestedModified: nested,
      });
      const a = topic({
        session: 's-alpha',
        modified: '2026-12-01T09:00:00.000Z',
        body: BODY.replace('twice', 'two times'),
        nestedModified: nested,
      });
      const b = topic({
        session: 's-bravo',
        modified: '2026-12-01T09:30:00.000Z',
        body: `${BODY}Then ship it.\n`,
        nestedModified: nested,
      });
      const want = topic({
        session: 's-bravo',
        modified: '2026-12-01T09:30:00.000Z',
        body: `${BODY.replace('twice', 'two times')}Then ship it.\n`,
        nestedModified: nested,
      });
      assert.equal(await merge(a, base, b), want);
      assert.equal(await merge(b, base, a), want, 'the same with the sides swapped');
    },
  );
}

test(
  'originSessionId changed on both sides without a modified time to tell: a conflict, never a silent ' + 'pick',
  async () => {
    const base = topic({ session: 's-base', body: BODY });
    const a = topic({ session: 's-alpha', body: BODY.replace('twice', 'two times') });
    const b = topic({ session: 's-bravo', body: `${BODY}Then ship it.\n` });
    assert.equal(await merge(a, base, b), null);
    const marked = await mergeMarked(a, base, b, false);
    assert.equal(marked.conflicts, 1);
    assert.match(
      marked.text,
      /<<<<<<< live\n {2}originSessionId: s-alpha\n=======\n {2}originSessionId: s-bravo\n>>>>>>> remote\n/,
    );
    assert.match(marked.text, /Run `make` two times\.\n.*\nThen ship it\.\n$/s, 'the body merged');
  },
);

test('the same other key changed differently on both sides is a conflict; different keys merge', async () => {
  const base = topic({ session: 's', body: BODY });
  const desc = (d: string) => topic({ session: 's', body: BODY, description: d });
  assert.equal(await merge(desc('one'), base, desc('two')), null);
  const withType = base.replace('  type: project\n', '  type: reference\n');
  const both = await merge(desc('one'), base, withType);
  assert.equal(both, desc('one').replace('  type: project\n', '  type: reference\n'));
});

test('keys memsync does not know, their order and their formatting stay as written', async () => {
  const base =
    '---\n# a comment\nname: "quoted name"\ntags:\n  - one\n  - two\nweird:   spaced   \nmetadata:\n  ' +
    'originSessionId: s0\n---\nbody\n';
  const l = base.replace('  - two\n', '  - two\n  - three\n');
  const r = base.replace('body\n', 'body\nmore\n').replace('s0', 's1');
  assert.equal(await merge(l, base, r), l.replace('body\n', 'body\nmore\n').replace('s0', 's1'));
});

test(
  "Claude Code's `metadata: ` (trailing space) on one side and `metadata:` on the other still merge by " + 'key',
  async () => {
    const base = '---\nname: x\nmetadata:\n  type: project\n  originSessionId: s0\n---\n\nline 1\nline 2\n';
    const claude = base
      .replace('metadata:\n', 'metadata: \n  node_type: memory\n')
      .replace('s0', 's1')
      .replace('line 1', 'LINE 1');
    const other = `${base.replace('s0\n', 's0\n  modified: 2026-12-01T10:00:00Z\n')}line 3\n`;
    const want = `${claude.replace('s1\n', 's1\n  modified: 2026-12-01T10:00:00Z\n')}line 3\n`;
    assert.equal(await merge(claude, base, other), want);
    assert.equal(await merge(other, base, claude), want);
  },
);

test('a key added on each side lands in the same place whichever side is local', async () => {
  const base = '---\nname: x\n---\nbody\n';
  const l = '---\nname: x\nzeta: 1\n---\nbody\n';
  const r = '---\nname: x\nalpha: 2\n---\nbody\n';
  const want = '---\nname: x\nalpha: 2\nzeta: 1\n---\nbody\n';
  assert.equal(await merge(l, base, r), want);
  assert.equal(await merge(r, base, l), want);
});

test('a file without front matter merges as before (git merge-file), and an edit beats a delete of a key', async () => {
  assert.equal(await merge('a\nB\nc\n', 'a\nb\nc\n', 'a\nb\nc\nd\n'), 'a\nB\nc\nd\n');
  assert.equal(await merge('a\n', 'b\n', 'c\n'), null);
  const base = '---\nname: x\nold: 1\n---\nbody\n';
  assert.equal(
    await merge('---\nname: x\n---\nbody\n', base, '---\nname: x\nold: 2\n---\nbody\n'),
    '---\nname: x\nold: 2\n---\nbody\n',
  );
});

test('split keeps text exactly: front matter plus body is the file', () => {
  const t = topic({ session: 's', modified: '2026-12-01T00:00:00Z', body: BODY });
  const s = splitFrontMatter(t)!;
  assert.equal(s.head.open + s.head.entries.map((e) => e.text).join('') + s.head.close + s.body, t);
  assert.deepEqual(
    s.head.entries.map((e) => e.key),
    ['name', 'description', 'modified', 'metadata'],
  );
  assert.equal(splitFrontMatter('no front matter\n---\n'), null);
  assert.equal(splitFrontMatter('---\nunclosed: yes\n'), null);
});

// ---- properties ----------------------------------------------------------------------------

const SESSIONS = ['s-a', 's-b', 's-c'];
const TIMES = ['2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'];

/** A memory file: front matter with some of the usual keys, a body of distinct lines. */
const fileArb = fc.record({
  description: fc.constantFrom('d1', 'd2', 'd3'),
  type: fc.constantFrom('project', 'user'),
  session: fc.constantFrom(...SESSIONS),
  modified: fc.option(fc.constantFrom(...TIMES), { nil: undefined }),
  extra: fc.option(fc.constantFrom('x: 1', 'x: 2', 'y: [a, b]'), { nil: undefined }),
});
type Fields = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

function render(f: Fields, body: string[]): string {
  const meta =
    `metadata:\n  node_type: memory\n  type: ${f.type}\n  originSessionId: ` +
    `${f.session}\n${f.modified ? `  modified: ${f.modified}\n` : ''}`;
  return `---\nname: n\ndescription: ${f.description}\n${f.extra ? `${f.extra}\n` : ''}${meta}---\n\n${body.join('')}`;
}

/** A side: the base body with some lines deleted and some new lines inserted. */
const sideArb = (base: string[], tag: string) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
      fc.array(fc.tuple(fc.nat(base.length), fc.nat(3)), { maxLength: 3 }),
      fileArb,
    )
    .map(([keep, inserts, fields]) => {
      const lines = base.filter((_, i) => keep[i]);
      inserts.forEach(([at, n], i) => lines.splice(Math.min(at, lines.length), 0, `${tag}-${i}-${n}\n`));
      return { lines, fields };
    });

const caseArb = fc.tuple(fc.integer({ min: 0, max: 6 }), fileArb, fc.boolean()).chain(([n, baseFields, union]) => {
  const base = Array.from({ length: n }, (_, i) => `line ${i}\n`);
  return fc.record({
    base: fc.constant({ lines: base, fields: baseFields }),
    l: sideArb(base, 'L'),
    r: sideArb(base, 'R'),
    union: fc.constant(union),
  });
});

const noMarkers = (t: string) =>
  t
    .split('\n')
    .filter((x) => !/^(<<<<<<<|=======|>>>>>>>)/.test(x))
    .sort();

test('property: merging identical sides gives that side, whatever the base', async () => {
  await fc.assert(
    fc.asyncProperty(caseArb, async ({ base, l, union }) => {
      const x = render(l.fields, l.lines);
      const m = await mergeMarked(x, render(base.fields, base.lines), x, union);
      assert.deepEqual(m, { text: x, conflicts: 0 });
      const same = await mergeMarked(x, x, x, union);
      assert.deepEqual(same, { text: x, conflicts: 0 });
    }),
    { numRuns: 60 },
  );
});

test('property: a body line both sides kept is in the result', async () => {
  await fc.assert(
    fc.asyncProperty(caseArb, async ({ base, l, r, union }) => {
      const m = await mergeMarked(
        render(l.fields, l.lines),
        render(base.fields, base.lines),
        render(r.fields, r.lines),
        union,
      );
      const out = new Set(m.text.split('\n').map((x) => `${x}\n`));
      for (const line of base.lines)
        if (l.lines.includes(line) && r.lines.includes(line))
          assert.ok(out.has(line), `${line} kept by both is lost:\n${m.text}`);
    }),
    { numRuns: 120 },
  );
});

test('property: swapping the sides gives the same result up to the conflict markers', async () => {
  await fc.assert(
    fc.asyncProperty(caseArb, async ({ base, l, r, union }) => {
      const [lt, bt, rt] = [render(l.fields, l.lines), render(base.fields, base.lines), render(r.fields, r.lines)];
      const ab = await mergeMarked(lt, bt, rt, union);
      const ba = await mergeMarked(rt, bt, lt, union);
      assert.equal(ab.conflicts, ba.conflicts);
      // Union keeps both sides' lines in side order, so only the set of lines is the same then.
      if (ab.conflicts === 0 && !union) assert.equal(ab.text, ba.text);
      else assert.deepEqual(noMarkers(ab.text), noMarkers(ba.text));
    }),
    { numRuns: 120 },
  );
});

test('property: the front matter merge alone is symmetric and clean when only one side changed it', () => {
  fc.assert(
    fc.property(fileArb, fileArb, fileArb, (b, l, r) => {
      const head = (f: Fields) => splitFrontMatter(render(f, []))!.head;
      const [lh, bh, rh] = [head(l), head(b), head(r)];
      const ab = mergeFrontMatter(lh, bh, rh);
      const ba = mergeFrontMatter(rh, bh, lh);
      assert.equal(ab.conflicts, ba.conflicts);
      if (!ab.conflicts) assert.equal(ab.text, ba.text);
      assert.deepEqual(mergeFrontMatter(lh, bh, bh), { text: `${render(l, []).trimEnd()}\n`, conflicts: 0 });
    }),
    { numRuns: 300 },
  );
});

test(
  "a front-matter conflict between two machines: a conflict copy, and resolve --keep both keeps live's key and " +
    'both bodies',
  async () => {
    const remote = bareRemote();
    const [a, b] = [await new Machine('laptop', remote).init(), await new Machine('desktop', remote).init()];
    const [pa, pb] = [a.checkout('git@github.com:acme/widget.git'), b.checkout('git@github.com:acme/widget.git')];
    const [fa, fb] = [path.join(a.memoryDir(pa), 'build.md'), path.join(b.memoryDir(pb), 'build.md')];
    a.write(fa, topic({ session: 's-base', body: BODY }));
    await a.sync({ projects: [pa] });
    await b.sync({ projects: [pb] });
    a.write(fa, topic({ session: 's-alpha', body: BODY.replace('twice', 'two times') }));
    b.write(fb, topic({ session: 's-bravo', body: `${BODY}Then ship it.\n` }));
    await a.sync();
    const rb = await b.sync();
    assert.equal(rb.conflicts.length, 1, 'originSessionId changed on both sides, no modified time to tell');
    const r = await b.cli(['resolve', fb, '--keep', 'both']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      fs.readFileSync(fb, 'utf8'),
      topic({ session: 's-bravo', body: `${BODY.replace('twice', 'two times')}Then ship it.\n` }),
    );
    await a.sync();
    assert.equal(fs.readFileSync(fa, 'utf8'), fs.readFileSync(fb, 'utf8'));
  },
);
