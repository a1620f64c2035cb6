import { decodeHostFile } from '../validation/import';

// A form with file inputs, as the action adapter reads forms: each uploaded file becomes its text (UTF-8
// when its bytes are, a BOM kept for the reader to see; else Latin-1 byte for byte, as old hosts wrote), and
// a multiple input named `file_includes` becomes one JSON object of file name → text. Nothing else changes.

export async function withFileTexts(formData: FormData): Promise<FormData> {
  const out = new FormData();
  const includes: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string') {
      out.append(key, value);
      continue;
    }
    if (value.size === 0 && value.name === '') continue; // an input left empty
    const text = decodeHostFile(Buffer.from(await value.arrayBuffer()));
    if (key === 'file_includes') includes[value.name] = text;
    else out.set(key, text);
  }
  if (Object.keys(includes).length > 0) out.set('file_includes', JSON.stringify(includes));
  return out;
}
