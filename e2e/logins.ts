// The demo logins the e2e run signs in with (seeded by `npm start` on a fresh database).
export const PASSWORD = 'mailpanel-demo';

export const LOGINS = {
  admin: 'admin@demo.test',
  support: 'support@demo.test',
  acme: 'acme@demo.test',
  bravo: 'bravo@demo.test',
  subhost1: 'subhost1@demo.test',
} as const;

export type Who = keyof typeof LOGINS;

export const stateFile = (who: Who) => `e2e/.auth/${who}.json`;
