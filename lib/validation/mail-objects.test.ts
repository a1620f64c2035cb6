import { describe, expect, it } from 'vitest';
import { MAX_ALIAS_TARGETS_TEXT, TARGETS_TOO_LONG } from '../mail/targets';
import { AliasInput, AliasTargetsInput } from './mail-objects';

// The alias forms' field rules as the actions run them: a field error, never a throw.
describe('alias targets', () => {
  const huge = Array.from({ length: 450_000 }, (_, i) => `u${i}@example.com`).join('\n');

  it.each([
    ['AliasInput', () => AliasInput.safeParse({ name: 'sales', targets: huge })],
    ['AliasTargetsInput', () => AliasTargetsInput.safeParse({ targets: huge })],
  ])('%s refuses 450,000 targets with one error on the targets field', (_, parse) => {
    const result = parse();
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['targets', TARGETS_TOO_LONG]]);
  });

  it('takes a list just under the cap to the rule (which then judges each target)', () => {
    const result = AliasTargetsInput.safeParse({ targets: `joe\n${' '.repeat(MAX_ALIAS_TARGETS_TEXT - 4)}` });
    expect(result.data?.targets).toEqual([{ kind: 'local', name: 'joe' }]);
  });
});
