// The sync engine lives in src/engine/ (plan, effects, apply, lineage, record); these are the
// entry points the rest of memsync calls.
export { runSync, SyncBusy } from '../engine/sync.ts';
export type { SyncOptions, SyncReport, HeldSecret } from '../engine/report.ts';
export { heldWhere } from '../engine/report.ts';
export { heldList } from '../engine/record.ts';
export {
  projectOutside,
  resolveRoots,
  rootIndex,
  syncRoots,
  repoPathOfLive,
  type RootIndex,
} from '../engine/rootIndex.ts';
