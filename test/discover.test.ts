import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claudeProjectKey, MAX_SANITIZED_LENGTH } from '../src/sources/projectKey.ts';
import { cwdFromTranscriptHead, projectPathsFromTranscripts } from '../src/sources/discover.ts';
import { loadRegistry, rememberProjects, registryFile } from '../src/sources/registry.ts';

let tmp: string;
before(async () => {
  tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'memsync-discover-')));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('claudeProjectKey', () => {
  test('short paths: every non-alphanumeric becomes -', () => {
    assert.equal(claudeProjectKey('/home/u/work/my_repo'), '-home-u-work-my-repo');
    assert.equal(claudeProjectKey('/home/u/.config/x.y'), '-home-u--config-x-y');
    // observed with the real binary (2.1.197)
    assert.equal(claudeProjectKey('/tmp/cc short/my_repo.x'), '-tmp-cc-short-my-repo-x');
    // per UTF-16 code unit: an emoji is two units
    assert.equal(claudeProjectKey('/a/😀b'), '-a---b');
    assert.equal(claudeProjectKey('C:\\Users\\me\\proj'), 'C--Users-me-proj');
  });

  test('exactly 200 characters is not truncated', () => {
    const p = `/${'a'.repeat(199)}`;
    assert.equal(claudeProjectKey(p), `-${'a'.repeat(199)}`);
    assert.equal(claudeProjectKey(p).length, MAX_SANITIZED_LENGTH);
  });

  // Keys below were produced by the real `claude` binary (@anthropic-ai/claude-code 2.1.197,
  // linux-x64) run with these folders as cwd.
  test('long paths match the real binary', () => {
    const long1 = `/tmp/cclong/${'a'.repeat(60)}/${'b_'.repeat(40)}/Ünïcode-dir/${'c.'.repeat(30)}/end`;
    assert.equal(
      claudeProjectKey(long1),
      `-tmp-cclong-${'a'.repeat(60)}-${'b-'.repeat(40)}--n-code-dir-${'c-'.repeat(17)}-4qgnhd`,
    );
    const long2 = `/tmp/cclong2/😀 emoji/${'d'.repeat(190)}`;
    const k2 = claudeProjectKey(long2);
    assert.equal(k2, `${(`-tmp-cclong2----emoji-${'d'.repeat(190)}`).slice(0, 200)}-ju8ipm`);
    assert.equal(k2.length, 207);
  });

  test('long paths that share a 200-char prefix get different keys', () => {
    const base = `/x/${'p'.repeat(250)}`;
    const a = claudeProjectKey(`${base}/one`);
    const b = claudeProjectKey(`${base}/two`);
    assert.equal(a.slice(0, 201), b.slice(0, 201));
    assert.notEqual(a, b);
    assert.match(a, /^-x-p{197}-[0-9a-z]+$/);
  });
});

describe('transcript discovery', () => {
  async function transcript(configDir: string, key: string, name: string, content: string, mtime?: Date) {
    const d = path.join(configDir, 'projects', key);
    await fs.mkdir(d, { recursive: true });
    const f = path.join(d, name);
    await fs.writeFile(f, content);
    if (mtime) await fs.utimes(f, mtime, mtime);
    return f;
  }

  test('cwdFromTranscriptHead tolerates garbage and lines without cwd', () => {
    assert.equal(cwdFromTranscriptHead(''), null);
    assert.equal(cwdFromTranscriptHead('garbage\n{"type":"x"}\n[1,2]\n{"cwd":"relative/no"}\n'), null);
    assert.equal(
      cwdFromTranscriptHead('{"type":"queue-operation"}\n{"type":"user","cwd":"/x/y","sessionId":"s"}\n'),
      '/x/y',
    );
    // a line cut by the read limit still yields its cwd
    assert.equal(cwdFromTranscriptHead('{"type":"user","cwd":"/w/\\"q","message":{"content":"aaaa'), '/w/"q');
  });

  test('finds existing cwd folders from realistic transcripts, skipping garbage and vanished folders', async () => {
    const config = path.join(tmp, 'claude-config');
    const projA = path.join(tmp, 'work', 'proj-a');
    const projB = path.join(tmp, 'work', 'proj b');
    await fs.mkdir(projA, { recursive: true });
    await fs.mkdir(projB, { recursive: true });
    const session = '2c4bd467-46fc-469d-af5a-0e3905893042';
    const line = (cwd: string) =>
      JSON.stringify({
        parentUuid: null,
        isSidechain: false,
        type: 'user',
        message: { role: 'user', content: 'hi' },
        cwd,
        sessionId: session,
        version: '2.1.197',
        gitBranch: 'main',
      });
    const queueOp = JSON.stringify({
      type: 'queue-operation',
      operation: 'enqueue',
      sessionId: session,
      content: 'hi',
    });

    // Claude Code 2.1.x starts transcripts with queue-operation lines that carry no cwd.
    await transcript(config, claudeProjectKey(projA), `${session}.jsonl`, `${queueOp}\n${line(projA)}\n`);
    // newest transcript is garbage; an older one has the cwd
    await transcript(config, claudeProjectKey(projB), 'old.jsonl', `${line(projB)}\n`, new Date(Date.now() - 60_000));
    await transcript(config, claudeProjectKey(projB), 'new.jsonl', '\u0000\u0001 not json at all\n{{{{\n');
    // a second folder pointing at the same cwd (e.g. an older Claude Code key) -> deduplicated
    await transcript(config, 'some-other-key', 'x.jsonl', `${line(projA)}\n`);
    // the cwd no longer exists
    await transcript(config, '-gone', 'x.jsonl', `${line(path.join(tmp, 'gone'))}\n`);
    // a cwd that is a file, not a folder
    await fs.writeFile(path.join(tmp, 'a-file'), '');
    await transcript(config, '-a-file', 'x.jsonl', `${line(path.join(tmp, 'a-file'))}\n`);
    // only garbage, empty files, non-jsonl files, subagent folders
    await transcript(config, '-garbage', 'g.jsonl', 'garbage\n'.repeat(1000));
    await transcript(config, '-empty', 'e.jsonl', '');
    await transcript(config, '-txt', 'notes.txt', `${line(projA)}\n`);
    await fs.mkdir(path.join(config, 'projects', '-nested', session, 'subagents'), { recursive: true });
    await fs.writeFile(path.join(config, 'projects', '-nested', session, 'subagents', 'a.jsonl'), `${line(projB)}\n`);
    // a stray file directly in projects/
    await fs.writeFile(path.join(config, 'projects', 'stray.jsonl'), `${line(projA)}\n`);

    assert.deepEqual(await projectPathsFromTranscripts(config), [projA, projB].sort());
  });

  test('long lines: cwd found in the first 64 KiB, else in the last 64 KiB, never in between', async () => {
    const proj = path.join(tmp, 'work', 'long-lines');
    await fs.mkdir(proj, { recursive: true });
    const userLine = JSON.stringify({ type: 'user', cwd: proj });
    const big = JSON.stringify({ type: 'attachment', content: 'x'.repeat(40_000) });
    const huge = JSON.stringify({ type: 'attachment', content: 'x'.repeat(100_000) });

    const c1 = path.join(tmp, 'claude-config-2');
    await transcript(c1, 'k1', 's.jsonl', `${big}\n${userLine}\n`);
    assert.deepEqual(await projectPathsFromTranscripts(c1), [proj]);

    // a first prompt bigger than 64 KiB: the cwd comes from the end of the file
    const c2 = path.join(tmp, 'claude-config-3');
    await transcript(c2, 'k1', 's.jsonl', `${huge}\n${userLine}\n`);
    assert.deepEqual(await projectPathsFromTranscripts(c2), [proj]);

    // only in the middle of a big file: not read
    const c3 = path.join(tmp, 'claude-config-4');
    await transcript(c3, 'k1', 's.jsonl', `${huge}\n${userLine}\n${huge}\n`);
    assert.deepEqual(await projectPathsFromTranscripts(c3), []);
  });

  test('missing config folder -> []', async () => {
    assert.deepEqual(await projectPathsFromTranscripts(path.join(tmp, 'no-such-config')), []);
  });
});

describe('registry', () => {
  test('a list kept where memsync kept it before (the state folder) is still read', async () => {
    const home = path.join(tmp, 'home-legacy');
    await fs.mkdir(path.join(home, 'state'), { recursive: true });
    await fs.writeFile(path.join(home, 'state', 'projects.json'), '{"version":1,"paths":["/old/proj"]}');
    assert.equal(await rememberProjects(home, ['/new/proj']), true);
    assert.deepEqual(await loadRegistry(home), ['/new/proj', '/old/proj']);
  });

  test('missing file -> []', async () => {
    assert.deepEqual(await loadRegistry(path.join(tmp, 'home-missing')), []);
  });

  test('round trip: dedup, resolve, sort, write only on change', async () => {
    const home = path.join(tmp, 'home-rt');
    assert.equal(await rememberProjects(home, ['/b/proj', '/a/proj/', '/a/./proj', '/b/proj']), true);
    assert.deepEqual(await loadRegistry(home), ['/a/proj', '/b/proj']);
    const file = registryFile(home);
    assert.equal(file, path.join(home, 'projects.json'));
    const text = await fs.readFile(file, 'utf8');
    assert.deepEqual(JSON.parse(text), { version: 1, paths: ['/a/proj', '/b/proj'] });

    const before = (await fs.stat(file)).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await rememberProjects(home, ['/a/proj', '/b/proj/']), false);
    assert.equal(await rememberProjects(home, []), false);
    assert.equal((await fs.stat(file)).mtimeMs, before);

    assert.equal(await rememberProjects(home, ['/0/first']), true);
    assert.deepEqual(await loadRegistry(home), ['/0/first', '/a/proj', '/b/proj']);
    // relative input is resolved to an absolute path
    assert.equal(await rememberProjects(home, ['rel/dir']), true);
    assert.ok((await loadRegistry(home)).includes(path.resolve('rel/dir')));
  });

  for (const [label, content] of [
    ['not JSON', '{"version":1,"paths":['],
    ['wrong shape', '{"version":1,"paths":"nope"}'],
    ['unknown version', '{"version":2,"paths":[]}'],
    ['empty', ''],
  ] as const) {
    test(`corrupt file (${label}) is renamed aside and reads as []`, async () => {
      const home = path.join(tmp, `home-corrupt-${label.replace(/\W/g, '-')}`);
      await fs.mkdir(home, { recursive: true });
      await fs.writeFile(registryFile(home), content);
      assert.deepEqual(await loadRegistry(home), []);
      const names = await fs.readdir(home);
      assert.equal(names.length, 1);
      assert.match(names[0]!, /^projects\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
      assert.equal(await fs.readFile(path.join(home, names[0]!), 'utf8'), content);
      // and remembering afterwards starts a fresh, valid file
      assert.equal(await rememberProjects(home, ['/p']), true);
      assert.deepEqual(await loadRegistry(home), ['/p']);
    });
  }
});
