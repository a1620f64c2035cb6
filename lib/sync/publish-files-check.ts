import { parseDovecotPasswd } from '../mailmaps/dovecot';
import { parsePostfix } from '../mailmaps/postfix-parse';
import { parseSendmail } from '../mailmaps/sendmail-parse';
import { POSTFIX_FILES, type PostfixFiles } from '../mailmaps/postfix';
import { SENDMAIL_FILES, type SendmailFiles } from '../mailmaps/sendmail';
import { BuildFailure } from './publish-build';
import { PASSWD_FILE, sha256, type PublishFlavor } from './publish-layout';
import type { Transport } from '../transport/transport';

// The check of a "files only" publish (settings.publishMode 'files', docs/publishing.md): no MTA tool runs,
// so the panel proves the revision itself. Every file is read back from the new revision's directory and
// must hold the bytes that were rendered; then the flavour's files and the passwd-file are read with the
// panel's own parsers (lib/mailmaps/*-parse.ts, the ones that prove rendering round-trips), and what they
// find must equal what the rendered text says. A file the parsers refuse, or one that reads back
// differently, fails the publish before the switch, like a failed build would.

export interface WrittenFile {
  name: string;
  content: string;
}

export async function checkWrittenFiles(
  transport: Transport,
  flavor: PublishFlavor,
  dir: string,
  files: readonly WrittenFile[],
): Promise<void> {
  const back: Record<string, string> = {};
  for (const file of files) {
    const data = await transport.readFile(`${dir}/${file.name}`);
    if (!data) throw new BuildFailure(`${dir}/${file.name} was not written`, `${dir}/${file.name}: missing after the upload`);
    if (sha256(data) !== sha256(file.content))
      throw new BuildFailure(
        `${dir}/${file.name} does not hold what was rendered`,
        `${dir}/${file.name}: ${data.length} bytes read back, ${Buffer.byteLength(file.content)} rendered`,
      );
    back[file.name] = data.toString('utf8');
  }
  const rendered = Object.fromEntries(files.map((f) => [f.name, f.content]));
  sameParse(
    `${flavor} maps in ${dir}`,
    () => parseFlavor(flavor, back),
    () => parseFlavor(flavor, rendered),
  );
  if (PASSWD_FILE in rendered)
    sameParse(
      `${dir}/${PASSWD_FILE}`,
      () => parseDovecotPasswd(back[PASSWD_FILE] ?? ''),
      () => parseDovecotPasswd(rendered[PASSWD_FILE] ?? ''),
    );
}

function parseFlavor(flavor: PublishFlavor, files: Record<string, string>): unknown {
  if (flavor === 'sendmail') return parseSendmail(pick(SENDMAIL_FILES, files) as SendmailFiles);
  return parsePostfix(pick(POSTFIX_FILES, files) as PostfixFiles);
}

function pick(names: readonly string[], files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, files[name] ?? '']));
}

/** The parse of the written files equals the parse of the rendered text; a parser's refusal is the failure. */
function sameParse(what: string, written: () => unknown, rendered: () => unknown): void {
  let got: unknown;
  try {
    got = written();
  } catch (error) {
    throw new BuildFailure(`${what}: the panel's parser refuses them`, (error as Error).message);
  }
  if (JSON.stringify(got) !== JSON.stringify(rendered()))
    throw new BuildFailure(`${what}: they read back differently from what was rendered`, `${what}: parsed content differs`);
}
