// House rule: a test fails on an unexpected console.error, because an error that is only logged is a bug
// nobody sees. A test that expects one silences it explicitly:
//   vi.spyOn(console, 'error').mockImplementation(() => {})   (restored by vi.restoreAllMocks())
import { format } from 'node:util';
import { afterEach } from 'vitest';

const unexpected: string[] = [];
const original = console.error.bind(console);

console.error = (...args: unknown[]) => {
  unexpected.push(format(...args));
  original(...args);
};

afterEach(() => {
  if (unexpected.length === 0) return;
  const messages = unexpected.splice(0).join('\n---\n');
  throw new Error(`Unexpected console.error during this test:\n${messages}`);
});
