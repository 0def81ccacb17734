import { BareRepo } from '../store/bareRepo.ts';
import type { LocalRepo } from '../store/repo.ts';
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
