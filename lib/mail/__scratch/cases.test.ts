import { it } from 'vitest';
import { DOMAIN_CASES } from '../domain-cases';
import { buildSnapshot } from '../snapshot-builder';
import { traceAddress } from '../resolve';
import { formatVirtmapTarget } from '../targets';
import { askSendmail, comparable } from '@/tests/mta/sendmail-answer';
import { SendmailLab } from '@/tests/mta/sendmail-lab';
import { renderSendmail } from '@/lib/mailmaps/sendmail';

it('cases', async () => {
  const lab = await SendmailLab.start();
  try {
    for (const c of DOMAIN_CASES) {
      const s = buildSnapshot(c.spec);
      let files;
      try { files = renderSendmail(s); } catch {
        const clean = { ...s, virtmaps: [] };
        files = renderSendmail(clean);
        files.virtusertable = s.virtmaps.map((v) => `${v.localPart}@${v.domain}\t${formatVirtmapTarget(v.target)}\n`).join('');
        files.aliases = s.aliases.map((a) => `${a.name}: ${a.targets.map((t) => t.kind === 'external' ? t.address : t.kind === 'account' ? '\\' + t.name : t.name).join(', ')}\n`).join('');
      }
      await lab.publish(files);
      const [answer] = await askSendmail(lab, [c.address]);
      const sm = comparable(answer!);
      const r = comparable(traceAddress(s, c.address, 'sendmail'));
      const same = JSON.stringify(sm) === JSON.stringify(r);
      process.stdout.write(`${same ? 'OK  ' : 'DIFF'} ${c.row} ${c.address}${same ? '' : `\n   sendmail ${JSON.stringify(sm)}\n   resolver ${JSON.stringify(r)}\n   verify ${JSON.stringify(answer!.verify)}`}\n`);
    }
  } finally { await lab.close(); }
}, 600_000);
