import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commitOn, inClockOrder } from '../src/sync/atDate.ts';

const chain = (...times: number[]) => times.map((time, i) => ({ commit: `c${i + 1}`, time }));
const NOW = 10_000;

test('the commits whose times agree with the branch order are the longest non-decreasing run', () => {
  assert.deepEqual([...inClockOrder(chain(10, 20, 5, 30))].sort(), [0, 1, 3]);
  assert.deepEqual([...inClockOrder(chain(10, 9_000, 20, 30))].sort(), [0, 2, 3]);
  assert.deepEqual([...inClockOrder(chain(10, 10, 10))].sort(), [0, 1, 2]);
  assert.deepEqual([...inClockOrder([])], []);
});

test('a date is placed by the branch order: an off clock moves no commit before or after another', () => {
  const cases: [number[], number, string | null, string[]][] = [
    // Clocks right: the newest commit at or before the date.
    [[10, 20, 30], 25, 'c2', []],
    [[10, 20, 30], 5, null, []],
    // c3's clock is behind: it reached the branch after c2, so a date before c2 never takes it.
    [[10, 20, 5, 30], 15, 'c1', []],
    [[10, 20, 5, 30], 25, 'c2', ['c3']],
    [[10, 20, 5, 30], 35, 'c4', []],
    // c2's clock is ahead: it does not hide c3 and c4 from a date after them.
    [[10, 9_000, 20, 30], 35, 'c4', []],
    [[10, 9_000, 20, 30], 15, 'c1', ['c2']],
    // A date not before now: the branch as it is, a late commit with an off clock included.
    [[10, 20, 5], NOW, 'c3', []],
  ];
  for (const [times, when, commit, passed] of cases)
    assert.deepEqual(commitOn(chain(...times), when, NOW), { commit, offClock: passed }, `${times} at ${when}`);
});
