import { BareRepo } from '../store/bareRepo.ts';
import type { LocalRepo } from '../store/repo.ts';
import { borrowStore, dropLookaside, initLookaside, makeLookaside } from '../store/lookaside.ts';
import { repoDir, type Context } from '../machine/context.ts';
import { EncryptedRepo } from './encryptedRepo.ts';

/**
 * The one place memsync's store is opened: the plain repository, wrapped for age when this
 * machine's `encryption` setting (or `encryption`, for the key commands that make a remote
 * encrypted) says so.
 */
export function openRepo(ctx: Context): LocalRepo;
export function openRepo(ctx: Context, encryption: 'age'): EncryptedRepo;
export function openRepo(ctx: Context, encryption = ctx.settings.encryption): LocalRepo {
  const plain = new BareRepo(repoDir(ctx.home), ctx.settings.branch, ctx.host);
  return encryption === 'age' ? new EncryptedRepo(plain, ctx.home) : plain;
}

/**
 * The store as a dry run reads it: a lookaside repository (store/lookaside.ts) that fetches into
 * itself, wrapped for age like the store but keeping nothing it learns (no pin, no cipher map).
 * `close` throws away what it fetched.
 */
export async function openLookaside(ctx: Context): Promise<{ repo: LocalRepo; close(): Promise<void> }> {
  const dir = await makeLookaside();
  try {
    const plain = new BareRepo(dir, ctx.settings.branch, ctx.host);
    await initLookaside(dir, ctx.settings.remote);
    // Finds the origin initLookaside wrote; makes the repository with git when it did not.
    await plain.ensure(ctx.settings.remote);
    await borrowStore(dir, repoDir(ctx.home), ctx.host);
    const repo = ctx.settings.encryption === 'age' ? new EncryptedRepo(plain, ctx.home, false) : plain;
    return {
      repo,
      close: () => {
        repo.close();
        return dropLookaside(dir);
      },
    };
  } catch (e) {
    await dropLookaside(dir);
    throw e;
  }
}
