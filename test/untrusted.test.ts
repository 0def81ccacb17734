import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Machine, bareRemote, remoteFiles, tempDir } from './support/machines.ts';
import { blob, commitHostile, rawTree, type RawEntry } from './support/hostile.ts';
import { screenRemote } from '../src/machine/untrusted.ts';
import { getStatus } from '../src/sync/status.ts';
import { pathProblem } from '../src/util/safePath.ts';
import { isDotGit } from '../src/safety/dotGit.ts';
import fc from 'fast-check';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

/** Every entry under a folder (files, folders, links) with its kind and content, for before/after comparison. */
function snapshot(dir: string, skip: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (p === skip) continue;
      if (e.isSymbolicLink()) out.set(p, `link:${fs.readlinkSync(p)}`);
      else if (e.isDirectory()) {
        out.set(p, 'dir');
        walk(p);
      } else out.set(p, `file:${fs.readFileSync(p).toString('base64')}`);
    }
  };
  walk(dir);
  return out;
}

/**
 * A remote that laptop published good.md to, then a hostile commit adding `extra` (and a good
 * fresh.md) to the memory folder; desktop, with a local change of its own, then syncs.
 */
async function hostileCase(extra: (remote: string) => RawEntry[], desktopEnv: NodeJS.ProcessEnv = {}) {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const projA = a.checkout(ORIGIN);
  a.write(path.join(a.memoryDir(projA), 'good.md'), 'kept\n');
  await a.sync({ projects: [projA] });
  commitHostile(remote, MEM, [
    ...extra(remote),
    { mode: '100644', name: 'fresh.md', sha: blob(remote, 'fresh from the remote\n') },
  ]);
  const b = new Machine('desktop', remote);
  Object.assign(b.env, desktopEnv);
  await b.init();
  const projB = b.checkout(ORIGIN);
  const memB = b.memoryDir(projB);
  b.write(path.join(memB, 'local.md'), 'written on the desktop\n');
  const before = snapshot(b.root, b.env.MEMSYNC_HOME!);
  const tmpBefore = new Set(fs.readdirSync(os.tmpdir()));
  const report = await b.sync({ projects: [projB] });
  const after = snapshot(b.root, b.env.MEMSYNC_HOME!);
  // Nothing is ever written outside the memory folder: every change is a file inside it.
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p));
  assert.ok(changed.length > 0);
  assert.ok(
    changed.every((p) => p.startsWith(memB + path.sep) && after.get(p)!.startsWith('file:')),
    `only regular files inside the memory folder changed: ${changed.join(', ')}`,
  );
  const tmpNew = fs.readdirSync(os.tmpdir()).filter((n) => !tmpBefore.has(n) && /evil/.test(n));
  assert.deepEqual(tmpNew, [], 'nothing appeared in the temp folder');
  // The rest of the sync went on: the good files came in, the local change went out.
  assert.equal(fs.readFileSync(path.join(memB, 'fresh.md'), 'utf8'), 'fresh from the remote\n');
  assert.equal(fs.readFileSync(path.join(memB, 'good.md'), 'utf8'), 'kept\n');
  assert.ok(report.published.includes(`${MEM}/local.md`), 'the local change was published');
  assert.equal(remoteFiles(remote)[`${MEM}/local.md`], 'written on the desktop\n');
  // A second sync is calm: nothing new is written and nothing is deleted.
  const again = await b.sync();
  assert.deepEqual([again.taken, again.deletedLive, again.deletedRemote], [[], [], []]);
  // Refusals stay named while the remote holds them: by the next sync and by status (CLI too).
  const byPath = (l: { path: string; reason: string }[]) => [...l].sort((x, y) => (x.path < y.path ? -1 : 1));
  assert.ok(report.refused.length > 0);
  assert.deepEqual(byPath(again.refused), byPath(report.refused));
  assert.deepEqual(byPath((await getStatus(b.ctx)).refused), byPath(report.refused));
  const cli = await b.cli(['status']);
  for (const r of report.refused)
    assert.ok(cli.stdout.includes(`refused from the remote: ${r.path}: ${r.reason}`), cli.stdout);
  return { report, memB, b };
}

function refusedFor(report: { refused: { path: string; reason: string }[] }, suffix: string): string {
  const hit = report.refused.find((r) => r.path === `${MEM}/${suffix}`);
  assert.ok(hit, `${suffix} is refused and named (refused: ${JSON.stringify(report.refused)})`);
  return hit.reason;
}

test('a remote entry named ".." (a file, and a folder holding a file) is refused and nothing escapes', async () => {
  const { report, memB } = await hostileCase((r) => [
    { mode: '100644', name: '..', sha: blob(r, 'dot dot\n') },
    { mode: '40000', name: '..', sha: rawTree(r, [{ mode: '100644', name: 'evil.md', sha: blob(r, 'escaped\n') }]) },
  ]);
  assert.match(refusedFor(report, '..'), /"\.\." in path/);
  assert.match(refusedFor(report, '../evil.md'), /"\.\." in path/);
  assert.equal(fs.existsSync(path.join(memB, '..', 'evil.md')), false);
});

test('a remote entry with an absolute name is refused', async () => {
  const target = path.join(os.tmpdir(), `memsync-evil-${process.pid}.md`);
  const { report } = await hostileCase((r) => [{ mode: '100644', name: target, sha: blob(r, 'absolute\n') }]);
  assert.match(refusedFor(report, target), /absolute path/);
  assert.equal(fs.existsSync(target), false);
});

test('a symbolic link on the remote is refused, not written as a link or a file', async () => {
  const { report, memB } = await hostileCase((r) => [
    { mode: '120000', name: 'link.md', sha: blob(r, '../../../../../../etc/passwd') },
  ]);
  assert.match(refusedFor(report, 'link.md'), /symbolic link/);
  assert.equal(fs.existsSync(path.join(memB, 'link.md')), false);
});

test('a submodule (gitlink) on the remote is refused', async () => {
  const { report, memB } = await hostileCase((r) => [
    { mode: '160000', name: 'sub', sha: blob(r, 'not even a commit') },
  ]);
  assert.match(refusedFor(report, 'sub'), /submodule/);
  assert.equal(fs.existsSync(path.join(memB, 'sub')), false);
});

test(
  'a folder entry whose object is a file (a hand-made tree) stops the fetch with a clear error; ' +
    'nothing is written',
  async () => {
    // git itself refuses to send such a tree (upload-pack dies), so memsync never holds it.
    await assert.rejects(
      hostileCase((r) => [{ mode: '40000', name: 'dir.md', sha: blob(r, 'i am a blob') }]),
      /fetching from the remote failed: .*(not a tree|corruption)/,
    );
  },
);

test('names that differ only in case are all refused (which one is meant cannot be told)', async () => {
  const { report, memB } = await hostileCase((r) => [
    { mode: '100644', name: 'Notes.md', sha: blob(r, 'upper\n') },
    { mode: '100644', name: 'notes.md', sha: blob(r, 'lower\n') },
  ]);
  assert.match(refusedFor(report, 'Notes.md'), /differs only in case or Unicode normalization from notes\.md/);
  assert.match(refusedFor(report, 'notes.md'), /differs only in case or Unicode normalization from Notes\.md/);
  assert.deepEqual(
    fs.readdirSync(memB).filter((n) => /notes/i.test(n)),
    [],
  );
});

test('names that differ only in Unicode normalization (NFC, NFD) are all refused, as macOS folds them', async () => {
  const nfc = 'caf\u00e9.md';
  const nfd = 'cafe\u0301.md';
  const { report, memB } = await hostileCase((r) => [
    { mode: '100644', name: nfc, sha: blob(r, 'composed\n') },
    { mode: '100644', name: nfd, sha: blob(r, 'decomposed\n') },
  ]);
  assert.match(refusedFor(report, nfc), /differs only in case or Unicode normalization from/);
  assert.match(refusedFor(report, nfd), /differs only in case or Unicode normalization from/);
  assert.deepEqual(
    fs.readdirSync(memB).filter((n) => n.startsWith('caf')),
    [],
  );
});

test('a file and a folder of the same name (a hand-made tree) are both refused', async () => {
  const { report, memB } = await hostileCase((r) => [
    { mode: '100644', name: 'dup.md', sha: blob(r, 'a file\n') },
    { mode: '40000', name: 'dup.md', sha: rawTree(r, [{ mode: '100644', name: 'x.md', sha: blob(r, 'inside\n') }]) },
  ]);
  assert.match(refusedFor(report, 'dup.md'), /a file and a folder have the same name \(dup\.md\)/);
  assert.match(refusedFor(report, 'dup.md/x.md'), /a file and a folder have the same name/);
  assert.equal(fs.existsSync(path.join(memB, 'dup.md')), false);
});

test('a folder the user linked elsewhere is not written through: the remote file under it is refused', async () => {
  const outside = tempDir('memsync-evil-outside-');
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const projA = a.checkout(ORIGIN);
  a.write(path.join(a.memoryDir(projA), 'linked', 'evil.md'), 'through the link\n');
  a.write(path.join(a.memoryDir(projA), 'good.md'), 'kept\n');
  await a.sync({ projects: [projA] });
  const b = await new Machine('desktop', remote).init();
  const projB = b.checkout(ORIGIN);
  const memB = b.memoryDir(projB);
  fs.mkdirSync(memB, { recursive: true });
  fs.symlinkSync(outside, path.join(memB, 'linked'));
  const report = await b.sync({ projects: [projB] });
  assert.match(refusedFor(report, 'linked/evil.md'), /link to elsewhere/);
  assert.deepEqual(fs.readdirSync(outside), [], 'nothing written through the link');
  assert.equal(fs.readFileSync(path.join(memB, 'good.md'), 'utf8'), 'kept\n');
});

/** A working repository's insides whose config runs `touch <marker>` on any `git status` there. */
function plantedGitDir(remote: string, marker: string): string {
  const file = (name: string, content: string): RawEntry => ({ mode: '100644', name, sha: blob(remote, content) });
  const dir = (name: string, entries: RawEntry[]): RawEntry => ({ mode: '40000', name, sha: rawTree(remote, entries) });
  return rawTree(remote, [
    file('HEAD', 'ref: refs/heads/main\n'),
    file('config', `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = "touch ${marker}"\n`),
    dir('objects', [dir('info', [file('packs', '\n')])]),
    dir('refs', [dir('heads', [file('.keep', '')])]),
  ]);
}

test(
  'a remote that plants a .git folder, in any spelling git reads as one, is refused by name; ' +
    'nothing lands in the memory folder',
  async () => {
    // git's own checks (path.c is_ntfs_dotgit, utf8.c is_hfs_dotgit): any case, the NTFS short name,
    // and HFS+ spellings with code points it ignores.
    const names = ['.git', '.GIT', '.Git', 'git~1', 'GIT~1', '.g\u200cit', '\u200e.git', '.git\ufeff', '.gi\u206at'];
    const marker = path.join(tempDir('memsync-evil-marker-'), 'ran');
    const { report, memB } = await hostileCase((r) =>
      names.map((name) => ({ mode: '40000', name, sha: plantedGitDir(r, marker) })),
    );
    for (const n of names)
      for (const f of ['HEAD', 'config']) assert.match(refusedFor(report, `${n}/${f}`), /git reads as \.git/);
    assert.deepEqual(fs.readdirSync(memB).sort(), ['fresh.md', 'good.md', 'local.md']);
    // A git command in the memory folder finds no planted repository, so runs nothing of it.
    spawnSync('git', ['status'], { cwd: memB, env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(memB) } });
    assert.equal(fs.existsSync(marker), false, 'the planted fsmonitor command never ran');
  },
);

test('a .git already in a memory folder is never written into, even through a link inside the folder', async () => {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const projA = a.checkout(ORIGIN);
  a.write(path.join(a.memoryDir(projA), 'sub', 'config'), '[core]\n\tfsmonitor = "touch /tmp/x"\n');
  a.write(path.join(a.memoryDir(projA), 'good.md'), 'kept\n');
  await a.sync({ projects: [projA] });
  const b = await new Machine('desktop', remote).init();
  const projB = b.checkout(ORIGIN);
  const memB = b.memoryDir(projB);
  fs.mkdirSync(path.join(memB, '.git'), { recursive: true });
  fs.writeFileSync(path.join(memB, '.git', 'config'), '[core]\n');
  fs.symlinkSync('.git', path.join(memB, 'sub'));
  const report = await b.sync({ projects: [projB] });
  assert.match(refusedFor(report, 'sub/config'), /inside a \.git folder/);
  assert.equal(
    fs.readFileSync(path.join(memB, '.git', 'config'), 'utf8'),
    '[core]\n',
    'the repository inside is untouched',
  );
  assert.equal(fs.readFileSync(path.join(memB, 'good.md'), 'utf8'), 'kept\n');
});

test(
  'a 255-byte remote name is taken and a longer one refused by name; ' +
    'a conflict on a long name gets a copy whose name fits',
  async () => {
    const longest = `${'n'.repeat(252)}.md`;
    const tooLong = `${'t'.repeat(253)}.md`;
    const { report, memB, b } = await hostileCase((r) => [
      { mode: '100644', name: longest, sha: blob(r, 'longest\n') },
      { mode: '100644', name: tooLong, sha: blob(r, 'too long\n') },
    ]);
    assert.equal(fs.readFileSync(path.join(memB, longest), 'utf8'), 'longest\n');
    assert.match(refusedFor(report, tooLong), /longer than 255 bytes/);
    // Both sides edit a 240-byte name: the conflict copy is shortened with a hash, keeps .md, and is never published.
    const name = `${'c'.repeat(237)}.md`;
    const a = await new Machine('laptop2', b.remote).init();
    const projA = a.checkout(ORIGIN, 'widget');
    a.write(path.join(a.memoryDir(projA), name), 'base\n');
    await a.sync({ projects: [projA] });
    await b.sync();
    a.write(path.join(a.memoryDir(projA), name), 'laptop edit\n');
    await a.sync();
    b.write(path.join(memB, name), 'desktop edit\n');
    const rb = await b.sync();
    assert.equal(rb.conflicts.length, 1, JSON.stringify(rb.notes));
    const copy = path.basename(rb.conflicts[0]!.copy);
    assert.ok(Buffer.byteLength(copy) <= 255 && copy.endsWith('.md') && copy.includes('.conflict-laptop2-'), copy);
    assert.equal(fs.readFileSync(rb.conflicts[0]!.copy, 'utf8'), 'laptop edit\n');
    assert.equal(fs.readFileSync(path.join(memB, name), 'utf8'), 'desktop edit\n');
    assert.ok(!Object.keys(remoteFiles(b.remote)).some((p) => p.includes('.conflict-')), 'the copy is not published');
    assert.equal(
      (await b.sync()).conflicts.length,
      1,
      'the next sync sees the same conflict and writes no second copy',
    );
    assert.equal(fs.readdirSync(memB).filter((n) => n.includes('.conflict-')).length, 1);
  },
);

test('names Claude Code cannot use on every system are refused, each named', async () => {
  const names = ['con.md', 'a:b.md', 'tab\tname.md', 'trailing.md.', 'what?.md', 'pipe|.md'];
  const { report, memB } = await hostileCase((r) =>
    names.map((name) => ({ mode: '100644', name, sha: blob(r, `${name}\n`) })),
  );
  assert.match(refusedFor(report, 'con.md'), /reserved for a device/);
  assert.match(refusedFor(report, 'a:b.md'), /":"/);
  assert.match(refusedFor(report, 'tab\\x09name.md'), /control character/);
  assert.match(refusedFor(report, 'trailing.md.'), /ends with a dot/);
  assert.match(refusedFor(report, 'what?.md'), /"\?"/);
  assert.match(refusedFor(report, 'pipe|.md'), /"\|"/);
  assert.deepEqual(fs.readdirSync(memB).sort(), ['fresh.md', 'good.md', 'local.md']);
});

test('a remote file over maxFileBytes is refused; one at the limit is taken', async () => {
  const { report, memB } = await hostileCase(
    (r) => [
      { mode: '100644', name: 'big.md', sha: blob(r, 'x'.repeat(1001)) },
      { mode: '100644', name: 'limit.md', sha: blob(r, 'y'.repeat(1000)) },
    ],
    { MEMSYNC_MAX_FILE_BYTES: '1000' },
  );
  assert.match(refusedFor(report, 'big.md'), /1001 bytes, over the 1000-byte limit/);
  assert.equal(fs.existsSync(path.join(memB, 'big.md')), false);
  assert.equal(fs.readFileSync(path.join(memB, 'limit.md'), 'utf8'), 'y'.repeat(1000));
});

test('a text file that is not valid UTF-8 is refused before it is written; a binary file is not checked', async () => {
  const bad = Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x41, 0x0a]);
  const bin = Buffer.from([0x00, 0xff, 0xfe, 0x10]);
  const { report, memB, b } = await hostileCase((r) => [
    { mode: '100644', name: 'bad.md', sha: blob(r, bad) },
    { mode: '100644', name: 'image.bin', sha: blob(r, bin) },
  ]);
  assert.match(refusedFor(report, 'bad.md'), /not valid UTF-8/);
  assert.equal(fs.existsSync(path.join(memB, 'bad.md')), false);
  assert.deepEqual(fs.readFileSync(path.join(memB, 'image.bin')), bin);
  // It stays refused, named again, for as long as the remote holds it.
  const again = await b.sync();
  assert.match(refusedFor(again, 'bad.md'), /not valid UTF-8/);
});

test(
  'a remote whose layout is newer than this memsync stops the sync with a message to upgrade, changing ' + 'nothing',
  async () => {
    const remote = bareRemote();
    const a = await new Machine('laptop', remote).init();
    const projA = a.checkout(ORIGIN);
    a.write(path.join(a.memoryDir(projA), 'good.md'), 'kept\n');
    await a.sync({ projects: [projA] });
    commitHostile(remote, MEM, [{ mode: '100644', name: 'fresh.md', sha: blob(remote, 'from a newer memsync\n') }]);
    // The layout marker is at the top of the tree.
    commitHostile(remote, '', [
      {
        mode: '100644',
        name: 'memsync.json',
        sha: blob(remote, `${JSON.stringify({ tool: 'memsync', layout: 2 })}\n`),
      },
    ]);
    const b = await new Machine('desktop', remote).init();
    const projB = b.checkout(ORIGIN);
    const before = snapshot(b.root, b.env.MEMSYNC_HOME!);
    await assert.rejects(b.sync({ projects: [projB] }), (e: Error & { hint?: string }) => {
      assert.match(e.message, /layout 2, newer than this memsync understands \(1\)/);
      assert.match(e.hint ?? '', /upgrade memsync/);
      return true;
    });
    const cli = await b.cli(['sync']);
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, /newer than this memsync understands[\s\S]*upgrade memsync/);
    assert.deepEqual(snapshot(b.root, b.env.MEMSYNC_HOME!), before, 'nothing was written');
  },
);

test(
  'screenRemote never keeps a path with a problem, two names equal ignoring case or a file that is also a folder, ' +
    'and never drops a clean unique path',
  () => {
    const seg = fc.oneof(
      fc.constantFrom('..', '.', '', 'CON', 'a:b', 'x.', 'ok', 'Ok', 'OK', 'n\u0001'),
      fc.stringMatching(/^[a-zA-Z0-9._ -]{1,8}$/),
    );
    const relPath = fc.array(seg, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
    const mode = fc.constantFrom('100644', '100755', '120000', 'commit:160000');
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(relPath, mode), { selector: ([p]) => p, maxLength: 12 }), (list) => {
        const prefix = 'files/notes/';
        const index = {
          under: (p: string) => (p.startsWith(prefix) ? prefix : undefined),
          maps: (p: string) => p.startsWith(prefix) && pathProblem(p.slice(prefix.length)) === null,
        };
        const entries: [string, { mode: string; sha: string; size: number }][] = list.map(([p, m], i) => [
          prefix + p,
          { mode: m, sha: String(i).padStart(40, '0'), size: 1 },
        ]);
        const { files, refused } = screenRemote(entries, index, new Map(), 10);
        // Case collisions count among entries that are otherwise fine (only those would be written).
        const fine = (p: string, m: string) => pathProblem(p.slice(prefix.length)) === null && m.startsWith('100');
        const folded = new Map<string, number>();
        for (const [p, e] of entries)
          if (fine(p, e.mode)) folded.set(p.toLowerCase(), (folded.get(p.toLowerCase()) ?? 0) + 1);
        // ... and so do file/folder clashes: a fine file whose path is another fine file's folder.
        const ancestors = (p: string) =>
          p
            .split('/')
            .slice(0, -1)
            .map((_, i, segs) =>
              segs
                .slice(0, i + 1)
                .join('/')
                .toLowerCase(),
            );
        const folders = new Set(entries.filter(([p, e]) => fine(p, e.mode)).flatMap(([p]) => ancestors(p)));
        const clash = (p: string) => folders.has(p.toLowerCase()) || ancestors(p).some((a) => folded.has(a));
        for (const [p, e] of entries) {
          const clean = fine(p, e.mode) && folded.get(p.toLowerCase()) === 1 && !clash(p);
          assert.equal(files.has(p), clean, p);
          if (!clean)
            assert.ok(
              refused.some((r) => r.path.length > 0),
              'refusals are named',
            );
        }
        assert.equal(refused.length, entries.length - files.size);
      }),
      { numRuns: 300 },
    );
  },
);

test(
  'isDotGit agrees with git itself (update-index with core.protectNTFS and core.protectHFS) on which names are ' +
    '.git',
  () => {
    const dir = tempDir('memsync-dotgit-oracle-');
    spawnSync('git', ['init', '--quiet', dir]);
    const sha = spawnSync('git', ['-C', dir, 'hash-object', '-w', '--stdin'], { input: '' }).stdout.toString().trim();
    const gitRefuses = (name: string) =>
      spawnSync('git', [
        '-C',
        dir,
        '-c',
        'core.protectNTFS=true',
        '-c',
        'core.protectHFS=true',
        'update-index',
        '--add',
        '--cacheinfo',
        `100644,${sha},${name}/x`,
      ]).status !== 0;
    const named = [
      '.git',
      '.GIT',
      'git~1',
      '.g\u200cit',
      '.git\ufeff',
      '.git.',
      '.git ',
      '.git::$INDEX_ALLOCATION',
      'git~1.',
      '.gitx',
      'git~2',
      '.gitignore',
      'x.git',
      'git',
      '.g\u200bit',
    ];
    for (const n of named) assert.equal(isDotGit(n), gitRefuses(n), JSON.stringify(n));
    const alphabet = [
      '.',
      'g',
      'G',
      'i',
      'I',
      't',
      'T',
      '~',
      '1',
      '2',
      ' ',
      ':',
      'x',
      '\u200c',
      '\u200e',
      '\u206a',
      '\ufeff',
      '\u200b',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 7 }).map((a) => a.join('')),
        (n) => {
          fc.pre(n !== '.' && n !== '..');
          return isDotGit(n) === gitRefuses(n);
        },
      ),
      { numRuns: 300 },
    );
  },
);
