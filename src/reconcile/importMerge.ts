/** What `--strategy merge` does with a file whose live and imported versions differ. */
export type MergeCall =
  | { kind: 'take' }
  | { kind: 'keep'; reason: string }
  /** base null: the two sides share no version (merged as two new files are). */
  | { kind: 'merge'; base: string | null }
  | { kind: 'copy' };

/**
 * Decides from blob ids only, never by guess: a merge without the version both sides came from
 * would bring back every line one side replaced or removed, so without it the imported version
 * goes beside live. `importBase` is the backup's base (null: none then); undefined for an export,
 * which has none; `localBase` is what this machine last agreed with its remote.
 */
export function mergeCall(
  liveHash: string,
  importHash: string,
  importBase: string | null | undefined,
  localBase: string | null,
): MergeCall {
  if (importBase === undefined) {
    if (importHash === localBase)
      return { kind: 'keep', reason: 'live changed since the last sync and the import holds that older version' };
    return { kind: 'copy' };
  }
  // Live has not changed since the backup's base: the backup's version is the newer one.
  if (liveHash === importBase) return { kind: 'take' };
  if (importHash === importBase)
    return { kind: 'keep', reason: "live changed since the backup's base and the backup holds the base: kept live" };
  return importBase === null ? { kind: 'copy' } : { kind: 'merge', base: importBase };
}
