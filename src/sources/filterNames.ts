/** The check of `--project` and `--source` filters, for every command that takes them (export, search). */
import { UsageError } from '../errors.ts';

/** The projects and sources a command can be narrowed to, and where they are (`on the remote`). */
export interface KnownNames {
  project: readonly string[];
  source: readonly string[];
  where: string;
  /** Projects taken though not listed (export: the label of any folder it syncs). */
  unlistedProjects?: readonly string[];
}

/**
 * Stops on a `--project` or `--source` that names nothing known (a `files:` source may be named
 * without its prefix): one line naming it, with the names there are.
 */
export function checkNames(what: string, known: KnownNames, projects: readonly string[], sources: readonly string[]) {
  const bad = (kind: 'project' | 'source', names: readonly string[], ok: (n: string) => boolean) => {
    const unknown = names.find((n) => !ok(n));
    if (unknown === undefined) return;
    const list = known[kind].length ? [...new Set(known[kind])].sort().join(', ') : '(none yet)';
    throw new UsageError(`${what}: --${kind} ${unknown}: no such ${kind} ${known.where}`, `the ${kind}s are: ${list}`);
  };
  bad('project', projects, (n) => known.project.includes(n) || !!known.unlistedProjects?.includes(n));
  bad('source', sources, (n) => known.source.includes(n) || known.source.includes(`files:${n}`));
}
