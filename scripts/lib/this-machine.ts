// This machine's answers to lib/sync/publish-mode.ts: which programs and groups it has.
import { accessSync, constants, readFileSync } from 'node:fs';
import type { MachineFacts } from '../../lib/sync/publish-mode';

export function thisMachine(groupFile = '/etc/group'): MachineFacts {
  let groups: string[] = [];
  try {
    groups = readFileSync(groupFile, 'utf8')
      .split('\n')
      .map((line) => line.split(':')[0] ?? '');
  } catch {
    // no group file: no group
  }
  return {
    hasProgram: (program) => {
      try {
        accessSync(program, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    hasGroup: (name) => groups.includes(name),
  };
}
