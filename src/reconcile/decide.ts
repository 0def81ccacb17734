/**
 * The reconcile decision for one item from its three versions (design: "Three states, one rule").
 * Pure: versions are content ids (git blob ids), `null` means absent. Never looks at timestamps.
 */
export type Version = string | null;

export interface ItemVersions {
  live: Version;
  base: Version;
  remote: Version;
  /** The remote version already written beside live as a conflict copy, if a conflict is open. */
  openConflict?: Version;
}

export type Decision =
  /** All three agree, or only base differs in a way that needs no write. */
  | { kind: 'none' }
  /** Live and remote already hold the same content: record it as the new base. */
  | { kind: 'agree' }
  /** Only the remote changed: write its content live. */
  | { kind: 'take' }
  /** Only the remote deleted it: delete live (the content stays in history). */
  | { kind: 'deleteLive' }
  /** Only live changed (or the other side deleted what live edited): publish live. */
  | { kind: 'publish' }
  /** Only live deleted it: delete it on the remote. */
  | { kind: 'deleteRemote' }
  /** Both sides changed it differently: three-way merge (against empty content when base is absent). */
  | { kind: 'merge' }
  /**
   * A conflict is open and the remote still holds the version already copied beside live; or a mass deletion is held
   * (reason).
   */
  | { kind: 'held'; reason?: string }
  /**
   * Made by the planner, not by `decide`: a file of this name in one tree (`file`: live or the
   * remote) and a folder of it in the other. The folder keeps the path; the file's content goes
   * beside it as a conflict copy. `keeps`: not a folder but a path whose name this one's folds to
   * (case, Unicode normalization): that path keeps the name, this one's live file goes beside it.
   */
  | { kind: 'shape'; file: 'live' | 'remote'; keeps?: string };

export type DecisionKind = Decision['kind'];

export function decide(v: ItemVersions): Decision {
  const { live, base, remote } = v;
  if (v.openConflict !== undefined) {
    if (live === remote) return { kind: 'agree' };
    if (remote === v.openConflict) return { kind: 'held' };
    // The remote moved on since the copy was written: decide afresh (a merge may now be clean,
    // or a new conflict copy is written for the new version).
  }
  const liveChanged = live !== base;
  const remoteChanged = remote !== base;
  if (!liveChanged && !remoteChanged) return { kind: 'none' };
  if (!liveChanged) return remote === null ? { kind: 'deleteLive' } : { kind: 'take' };
  if (!remoteChanged) return live === null ? { kind: 'deleteRemote' } : { kind: 'publish' };
  if (live === remote) return { kind: 'agree' };
  // An edit beats a delete: nothing is lost.
  if (live === null) return { kind: 'take' };
  if (remote === null) return { kind: 'publish' };
  return { kind: 'merge' };
}

export type SyncMode = 'pull' | 'push' | 'sync';

/**
 * Whether a decision is carried out in a mode. Pull never publishes; push never writes remote
 * changes live (they stay pending for the next pull). Merges run in both: a pull writes the merge
 * live, a push publishes it. Conflicts are reported in every mode.
 */
export function runsIn(kind: DecisionKind, mode: SyncMode): boolean {
  switch (kind) {
    case 'take':
    case 'deleteLive':
      return mode !== 'push';
    case 'publish':
    case 'deleteRemote':
      return mode !== 'pull';
    default:
      return true;
  }
}
