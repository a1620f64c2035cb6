import { randomInt } from 'node:crypto';

// The password a reset gives a login: shown once to whoever reset it, passed on by them, and replaced at
// the next sign-in (User.mustChangePassword). Four groups of four from an alphabet without look-alikes
// (no 0/o, 1/l/i), so it survives being read out over the phone: 31^16, about 79 bits.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function temporaryPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g += 1) {
    let group = '';
    for (let i = 0; i < 4; i += 1) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}
