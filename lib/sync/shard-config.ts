import { shardFiles } from '../mail/map-shards';
import { POSTFIX_SHARDED_FILES } from '../mailmaps/postfix';
import type { PublishFlavor } from './publish-layout';

// Does the MTA read the maps in the layout the panel is about to write? With "Map shards" the per-domain
// maps are a base file and N shards, and the MTA's configuration must name each of them (docs/publishing.md,
// "Shards"). A configuration that names another layout reads a base that holds only a header, or shards
// that are not there: every domain's mail refused, or held back. So before a publish the panel reads what
// the configuration names (the host's `readConfig` command: `postconf -x -h …` or sendmail.cf) and refuses
// to switch to files the MTA would not read. Pure: the text in, a sentence per map that disagrees out.

const MTA_NAME: Record<PublishFlavor, string> = { postfix: 'Postfix', sendmail: 'sendmail' };

/** The maps a flavour splits into shards. */
function shardedMaps(flavor: PublishFlavor): readonly string[] {
  return flavor === 'postfix' ? POSTFIX_SHARDED_FILES : ['virtusertable'];
}

/**
 * What is wrong with `config` (the output of the host's `readConfig` command) for maps published to
 * `mapDir` in `shards` shards: one sentence per sharded map it names in another layout. A map the
 * configuration does not name under `<mapDir>/current` at all is not judged (the MTA may read it through
 * another path, or not at all): only a layout that demonstrably differs is.
 */
export function shardLayoutProblems(config: string, flavor: PublishFlavor, mapDir: string, shards: number): string[] {
  // sendmail.cf's comments may name files the configuration does not read.
  const text = flavor === 'sendmail' ? config.replace(/^#.*$/gm, '') : config;
  const problems: string[] = [];
  for (const base of shardedMaps(flavor)) {
    const named = namedFiles(text, `${mapDir}/current/${base}`, base);
    if (named.size === 0) continue;
    const expected = [base, ...shardFiles(base, shards)];
    const same = named.size === expected.length && expected.every((file) => named.has(file));
    if (same) continue;
    problems.push(
      `${MTA_NAME[flavor]}'s configuration names ${layout(base, [...named].sort())}, but this host's "Map shards" ` +
        `setting (${shards}) writes ${layout(base, expected)}: the MTA would not read them as written. Point the ` +
        `configuration at the new layout first, then publish (docs/publishing.md, "Shards").`,
    );
  }
  return problems;
}

/** The files of one map that `text` names by their full path (`…/virtual`, `…/virtual.07`), by file name. */
function namedFiles(text: string, basePath: string, base: string): Set<string> {
  const escaped = basePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Not `virtual.regexp`, `virtual.db` or `virtual.000`: the base, or a two-digit shard, and then the path ends.
  const pattern = new RegExp(`${escaped}(\\.\\d{2})?(?![A-Za-z0-9._-])`, 'g');
  return new Set([...text.matchAll(pattern)].map((m) => base + (m[1] ?? '')));
}

/** A map's files in words: "virtual alone" or "virtual and virtual.00 … virtual.15 (16 shards)". */
function layout(base: string, files: readonly string[]): string {
  const shards = files.filter((f) => f !== base);
  const hasBase = files.includes(base);
  if (shards.length === 0) return `${base} alone`; // `files` is never empty: it names the base or a shard
  const run = shards.length > 3 ? `${shards[0]} … ${shards.at(-1)}` : shards.join(', ');
  const count = `${shards.length} shard${shards.length === 1 ? '' : 's'}`;
  return hasBase ? `${base} and ${run} (${count})` : `${run} (${count}) without ${base}`;
}
