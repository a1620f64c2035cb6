/** What ending sessions did, in words: the other browsers are signed out at their next click. */
export function endedSessions(count: number): string {
  if (count === 0) return 'No other session was open.';
  return count === 1 ? '1 other session is signed out.' : `${count} other sessions are signed out.`;
}
