import { LocalRepo } from '../store/repo.ts';
import { repoDir, type Context } from '../machine/context.ts';
import { EncryptedRepo } from './encryptedRepo.ts';

/** This machine's repository, storing files as its `encryption` setting says (one class per kind). */
export function openRepo(ctx: Context): LocalRepo {
  const dir = repoDir(ctx.home);
  return ctx.settings.encryption === 'age'
    ? new EncryptedRepo(dir, ctx.settings.branch, ctx.host, ctx.home)
    : new LocalRepo(dir, ctx.settings.branch, ctx.host);
}
