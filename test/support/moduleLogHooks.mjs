// The loader hooks of moduleLog.mjs (they run on a thread of their own).
import fs from 'node:fs';

let file = '';

export function initialize(data) {
  file = data;
}

export async function load(url, context, next) {
  fs.appendFileSync(file, `${url}\n`);
  return next(url, context);
}
