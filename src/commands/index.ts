/** The command table, in the order of `memsync --help`. Each command loads its library code only when it runs. */
import type { Entry } from '../cli/command.ts';
import { allow } from './allow.ts';
import { backup } from './backup.ts';
import { conflicts } from './conflicts.ts';
import { consolidate } from './consolidate.ts';
import { doctor } from './doctor.ts';
import { exportCommand, importCommand } from './exchange.ts';
import { propose, sweepBranches } from './fleet.ts';
import { log, restore } from './history.ts';
import { hook, hooks, installCli } from './hooks.ts';
import { configure, init } from './init.ts';
import { keys } from './keys.ts';
import { resolve } from './resolve.ts';
import { stats } from './stats.ts';
import { search } from './search.ts';
import { status } from './status.ts';
import { pull, push, sync } from './sync.ts';

export const TABLE: readonly Entry[] = [
  init,
  configure,
  status,
  sync,
  pull,
  push,
  conflicts,
  resolve,
  log,
  restore,
  stats,
  search,
  exportCommand,
  importCommand,
  backup,
  propose,
  sweepBranches,
  allow,
  keys,
  consolidate,
  doctor,
  hooks,
  installCli,
  hook,
];
