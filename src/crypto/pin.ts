import fs from 'node:fs';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { pinFile } from './keyFiles.ts';
import type { Pin } from './pinRead.ts';

export { readPin, type Pin } from './pinRead.ts';

export function savePin(home: string, pin: Pin): void {
  fs.mkdirSync(home, { recursive: true });
  checkedWrite(pinFile(home), `${JSON.stringify(pin, null, 2)}\n`, { what: 'the agreed recipients' });
}
