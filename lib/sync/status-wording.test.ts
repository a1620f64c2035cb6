import { describe, expect, it } from 'vitest';
import { audienceOf, hostStateText, syncBadgeText, TENANT_NOT_TAKEN } from './status-wording';

describe('syncBadgeText', () => {
  it('tells a customer or reseller that a change is kept and the operator knows, never that the host is not answering', () => {
    expect(syncBadgeText('failing', 'tenant')).toBe(TENANT_NOT_TAKEN);
    for (const state of ['live', 'waiting', 'failing', 'off'] as const)
      for (const audience of ['tenant', 'operator'] as const) expect(syncBadgeText(state, audience)).not.toMatch(/not answering/);
  });

  it('says "being published" while a publish is only under way', () => {
    expect(syncBadgeText('waiting', 'tenant')).toBe('Saved: being published to the mail host');
    expect(syncBadgeText('waiting', 'operator')).toMatch(/being published/);
  });

  it('tells operators that the last publish failed', () => {
    expect(syncBadgeText('failing', 'operator')).toMatch(/last publish failed/);
  });
});

describe('hostStateText', () => {
  const host = { enabled: true, failing: false, waiting: false, published: true };
  it.each([
    ['live', host, 'operator', 'Live'],
    ['failing, operator', { ...host, failing: true }, 'operator', 'Failing'],
    ['failing, reseller', { ...host, failing: true }, 'tenant', 'Not taken yet'],
    ['waiting, reseller', { ...host, waiting: true }, 'tenant', 'Being published'],
    ['never published', { ...host, published: false }, 'operator', 'Never published'],
    ['disabled', { ...host, enabled: false, failing: true }, 'tenant', 'Disabled'],
  ] as const)('%s', (_, given, audience, label) => {
    expect(hostStateText(given, audience).label).toBe(label);
  });

  it('gives a reseller the sentence, not the tool', () => {
    expect(hostStateText({ ...host, failing: true }, 'tenant').detail).toBe(
      'Your changes are saved; the mail host has not taken them yet; the operator has been told.',
    );
  });
});

describe('audienceOf', () => {
  it.each([
    ['admin', 'operator'],
    ['support', 'operator'],
    ['reseller', 'tenant'],
    ['customer', 'tenant'],
  ])('%s', (kind, audience) => expect(audienceOf(kind)).toBe(audience));
});
