// What "no script in a page" means for server-rendered markup: every tag is one the panel's components
// write, no attribute is an event handler, no link or source is `javascript:`, and no `<` or `>` is left
// in the text between tags (React writes typed text as &lt; and &gt;). A typed `<img onerror=…>` or
// `"><script>` would break one of these; the same text escaped breaks none.
import { expect } from 'vitest';

const TAGS = new Set([
  'a',
  'button',
  'dd',
  'div',
  'dl',
  'dt',
  'form',
  'h1',
  'h2',
  'h3',
  'input',
  'label',
  'li',
  'ol',
  'p',
  'section',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'time',
  'tr',
  'ul',
  'textarea',
  'small',
  'em',
  'header',
]);
const TAG = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>/g;
const ATTRIBUTE = /\s+([\w:-]+)(?:="([^"]*)")?/g;

export function expectInertMarkup(html: string, typed: string): void {
  const why = `${JSON.stringify(typed)} rendered as ${html.slice(0, 400)}`;
  expect(html, why).not.toMatch(/<script/i);
  for (const [, , name = '', attributes = ''] of html.matchAll(TAG)) {
    expect(TAGS.has(name.toLowerCase()), `<${name}> from ${why}`).toBe(true);
    for (const [, attr = '', value = ''] of attributes.matchAll(ATTRIBUTE)) {
      expect(attr.toLowerCase().startsWith('on'), `${attr}= from ${why}`).toBe(false);
      if (/^(href|src|action|formaction)$/i.test(attr)) expect(value.trim().toLowerCase(), why).not.toMatch(/^javascript:/);
    }
  }
  expect(html.replace(TAG, ''), why).not.toMatch(/[<>]/);
}

/** The text as React writes it between tags. */
export function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}
