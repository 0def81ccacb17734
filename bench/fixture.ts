/** The memory a bench machine holds: projects with distinct origins, each with a few small topic files. */
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote } from '../test/support/machines.ts';

/** A memory file of a few hundred bytes, like Claude Code's auto memory topic files. */
export function memoryText(project: number, file: number): string {
  const lines = [`---`, `name: topic-${file}`, `description: notes on topic ${file} of project ${project}`, `---`, ''];
  for (let i = 0; i < 8; i++)
    lines.push(`- fact ${i} about p${project}/f${file}: build with \`make target-${i}\`, see docs/section-${i}.md`);
  return `${lines.join('\n')}\n`;
}
export const fileName = (f: number) => (f === 0 ? 'MEMORY.md' : `topic-${f}.md`);

export interface Fleet {
  machine: Machine;
  projects: string[];
  memDirs: string[];
  remote: string;
  files: number;
}

/** A machine with `projects` checkouts (distinct origins), `perProject` memory files each; `made` gets its folders. */
export async function buildFleet(name: string, projects: number, perProject: number, made: string[]): Promise<Fleet> {
  const remote = bareRemote();
  made.push(remote);
  const machine = await new Machine(name, remote).init();
  made.push(machine.root);
  const dirs: string[] = [];
  const memDirs: string[] = [];
  for (let p = 0; p < projects; p++) {
    const dir = machine.checkout(`git@github.com:bench/p${p}.git`, `p${p}`);
    const mem = machine.memoryDir(dir);
    fs.mkdirSync(mem, { recursive: true });
    for (let f = 0; f < perProject; f++) fs.writeFileSync(path.join(mem, fileName(f)), memoryText(p, f));
    dirs.push(dir);
    memDirs.push(mem);
  }
  return { machine, projects: dirs, memDirs, remote, files: projects * perProject };
}
