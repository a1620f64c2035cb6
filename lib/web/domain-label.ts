import { addressForDisplay } from '../mail/idn';

/** A stored domain or address as shown (IDN in Unicode), and its ASCII form when that reads differently. */
export function domainLabel(stored: string): { shown: string; ascii: string | null } {
  const shown = addressForDisplay(stored);
  return { shown, ascii: shown === stored ? null : stored };
}
