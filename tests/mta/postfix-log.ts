// Reads the private Postfix instance's log (maillog_file): which queue files exist, which were removed,
// and each recipient's fate, e.g.
//   postfix/discard[9861]: 83C55532041: to=<bob@localhost>, orig_to=<other@a.test>, relay=none, …, status=sent (account)
//   postfix/local[9858]: 8DA09532048: to=<sales@b.test>, relay=local, …, status=sent (forwarded as 9ED2C532097)
//   postfix/error[9878]: A4A6153208E: to=<rej@b.test>, orig_to=<torej@b.test>, …, status=bounced (Go away)
//   postfix/qmgr[9576]: 8DA09532048: removed

export interface RecipientLine {
  qid: string;
  service: string;
  to: string;
  /** The recipient as first received (RCPT TO); Postfix logs it only when it differs from `to`. */
  origTo: string;
  relay: string;
  status: string;
  /** The text in parentheses after the status. */
  reason: string;
}

export interface LogView {
  recipients: RecipientLine[];
  removed: Set<string>;
  /** Queue ids named in "forwarded as QID", by the queue id that forwarded. */
  forwards: Map<string, string[]>;
  /** Every line naming a program that connects somewhere (smtp, lmtp): must stay empty in tests. */
  outbound: string[];
  warnings: string[];
}

const LINE = /^\S+\s+\d+\s+[\d:]+\s+\S+\s+postfix\/([\w-]+)\[\d+\]:\s+(.*)$/;
const QUEUED = /^([0-9A-F]{6,}):\s+(.*)$/;
const RECIPIENT = /^to=<([^>]*)>,(?: orig_to=<([^>]*)>,)? relay=([^,]*),.* status=(\w+) \((.*)\)$/;

export function readLog(text: string): LogView {
  const view: LogView = { recipients: [], removed: new Set(), forwards: new Map(), outbound: [], warnings: [] };
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const service = m[1] ?? '';
    const rest = m[2] ?? '';
    if (service === 'smtp' || service === 'lmtp') view.outbound.push(line);
    if (/^(warning|fatal|panic|error):/.test(rest)) view.warnings.push(line);
    const q = QUEUED.exec(rest);
    if (!q) continue;
    const qid = q[1] ?? '';
    const body = q[2] ?? '';
    if (body === 'removed') view.removed.add(qid);
    const r = RECIPIENT.exec(body);
    if (!r) continue;
    const to = r[1] ?? '';
    const reason = r[5] ?? '';
    view.recipients.push({ qid, service, to, origTo: r[2] ?? to, relay: r[3] ?? '', status: r[4] ?? '', reason });
    const forwarded = /^forwarded as ([0-9A-F]+)$/.exec(reason);
    if (forwarded) view.forwards.set(qid, [...(view.forwards.get(qid) ?? []), forwarded[1] ?? '']);
  }
  return view;
}

/** The queue ids of `roots` and of every message forwarded from them, transitively. */
export function messageTree(view: LogView, roots: string[]): string[] {
  const all = new Set<string>();
  const todo = [...roots];
  while (todo.length > 0) {
    const qid = todo.pop() ?? '';
    if (all.has(qid)) continue;
    all.add(qid);
    todo.push(...(view.forwards.get(qid) ?? []));
  }
  return [...all];
}
