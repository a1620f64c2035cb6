import { describe, expect, it } from 'vitest';
import { DomainInput } from './tenants';

const ids = { customerId: '6f1d7c5e-2b7a-4c1e-9f3a-1a2b3c4d5e6f', mailHostId: '7a2e8d6f-3c8b-4d2f-8a4b-2b3c4d5e6f70' };

describe('DomainInput', () => {
  it.each([
    'shop.example\nother.example',
    'shop.example\r\nother.example',
    'shop.\nexample',
    'shop.example\u2028x.example',
    'shop .example',
  ])('refuses a name with a line break or a space inside (%j), instead of joining it', (name) => {
    const parsed = DomainInput.safeParse({ name, ...ids });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0]?.path).toEqual(['name']);
  });

  it('keeps surrounding blanks out of the name', () => {
    expect(DomainInput.parse({ name: '  Shop.Example\n', ...ids }).name).toBe('shop.example');
  });
});
