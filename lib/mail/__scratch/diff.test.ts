import { it } from 'vitest';
import { probeAddresses } from '../probes';
import { traceAddress } from '../resolve';
import { randomSnapshot } from '@/tests/support/random-snapshot';
import { askSendmail, comparable } from '@/tests/mta/sendmail-answer';
import { SendmailLab } from '@/tests/mta/sendmail-lab';

it('diff', async () => {
  const lab = await SendmailLab.start();
  const from = Number(process.env.FROM ?? 1), to = Number(process.env.TO ?? 10);
  let total = 0, bad = 0;
  try {
    for (let seed = from; seed <= to; seed++) {
      const snapshot = randomSnapshot(seed, 'sendmail');
      await lab.publish(snapshot);
      const addresses = probeAddresses(snapshot);
      const answers = await askSendmail(lab, addresses);
      for (const answer of answers) {
        total++;
        const s = comparable(answer);
        const r = comparable(traceAddress(snapshot, answer.address, 'sendmail'));
        if (JSON.stringify(s) !== JSON.stringify(r)) {
          bad++;
          process.stdout.write(`MISMATCH seed ${seed} ${answer.address}\n  sendmail ${JSON.stringify(s)}\n  resolver ${JSON.stringify(r)}\n  verify ${JSON.stringify(answer.verify)}\n`);
        }
      }
    }
  } finally { await lab.close(); }
  process.stdout.write(`TOTAL ${total} BAD ${bad}\n`);
}, 600_000);
