/**
 * Which claude-mem tables sync and how a row is known across machines (claude-mem.md, "Tables and
 * the identity of a row"). Only identities and references are named here: every other column is
 * read from the database and carried as it is.
 */
import { createHash } from 'node:crypto';

export interface Reference {
  /** The column holding a local integer id of another table's row. */
  column: string;
  table: string;
  /** When the reference names nothing: this row's column that matches a unique column of the parent. */
  via?: { column: string; parent: string };
}

export interface TableSpec {
  name: string;
  /** The row's identity across machines, from its serialized columns (references already replaced). */
  identity(row: Record<string, unknown>): unknown[];
  references: Reference[];
}

/** The folder of claude-mem's files on the remote. */
export const DB_PREFIX = 'claude-mem/';
/** A table's file on the remote. */
export const tablePath = (table: string) => `${DB_PREFIX}${table}.jsonl`;

/** In dependency order: a table comes after the tables it references. */
export const SYNCED_TABLES: readonly TableSpec[] = [
  {
    name: 'sdk_sessions',
    identity: (r) => [r.platform_source ?? null, r.content_session_id ?? null],
    references: [],
  },
  {
    name: 'observations',
    identity: (r) => [r.memory_session_id ?? null, r.content_hash ?? observationHash(r)],
    references: [],
  },
  {
    name: 'session_summaries',
    identity: (r) => [r.memory_session_id ?? null, r.prompt_number ?? null, r.created_at_epoch ?? null],
    references: [],
  },
  {
    name: 'user_prompts',
    identity: (r) => [r.content_session_id ?? null, r.prompt_number ?? null],
    references: [
      {
        column: 'session_db_id',
        table: 'sdk_sessions',
        via: { column: 'content_session_id', parent: 'content_session_id' },
      },
    ],
  },
];

/** Tables that hold this machine's own control state or a work queue: never synced, never mentioned. */
const LOCAL_TABLES = [/^pending_messages$/, /^sync_/, /^telegram_/, /^schema_versions$/, /^sqlite_/, /_fts(_.*)?$/];

export function isLocalTable(name: string): boolean {
  return LOCAL_TABLES.some((re) => re.test(name));
}

/**
 * claude-mem's content hash, for imported rows that lack one: sha256 of `session \0 title \0 narrative`, 16 hex digits.
 */
export function observationHash(r: Record<string, unknown>): string {
  const text = `${r.memory_session_id ?? ''}\0${r.title ?? ''}\0${r.narrative ?? ''}`;
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
