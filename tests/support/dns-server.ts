// A private DNS server for the tests that prove a domain's ownership: Debian's dnsmasq in the foreground on
// a free 127.0.0.1 port, answering only the TXT records a test gives it (no /etc/hosts, no resolv.conf,
// no upstream: every other name is NXDOMAIN, as from an authoritative server that has no such record).
// The panel is pointed at it with MAILPANEL_DNS_SERVERS. Needs `bash tests/mta/install-dnsmasq.sh` (root).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { freePort } from '../sync/ssh-server';

export const DNSMASQ = '/usr/sbin/dnsmasq';
export const DNSMASQ_INSTALL_COMMAND = 'bash tests/mta/install-dnsmasq.sh';

/** One TXT record; several strings make one record of several character-strings. */
export interface TestTxt {
  name: string;
  value: string | string[];
}

export class DnsServer {
  private process: ChildProcess | undefined;
  private log = '';

  private constructor(private port: number) {}

  /** Starts a server that answers `records`; use `address` as MAILPANEL_DNS_SERVERS. */
  static async start(records: readonly TestTxt[] = []): Promise<DnsServer> {
    if (!existsSync(DNSMASQ)) throw new Error(`dnsmasq is not installed: run \`${DNSMASQ_INSTALL_COMMAND}\` as root first`);
    // The free port is free for TCP when looked up; if dnsmasq still finds it taken (UDP, or a race with
    // another test file), try another.
    for (let attempt = 1; ; attempt += 1) {
      const server = new DnsServer(await freePort());
      try {
        await server.launch(records);
        return server;
      } catch (error) {
        if (attempt >= 5 || !server.log.includes('Address in use')) throw error;
      }
    }
  }

  /** `127.0.0.1:PORT`, the form MAILPANEL_DNS_SERVERS takes. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Replaces the records the server answers (dnsmasq reads TXT records only at start: a restart, same port). */
  async publish(records: readonly TestTxt[]): Promise<void> {
    await this.stop();
    await this.launch(records);
  }

  logText(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  private async launch(records: readonly TestTxt[]): Promise<void> {
    const args = [
      '--keep-in-foreground',
      '--no-resolv',
      '--no-hosts',
      '--conf-file=/dev/null',
      '--pid-file=',
      '--log-facility=-',
      `--port=${this.port}`,
      '--listen-address=127.0.0.1',
      '--bind-interfaces',
      // Every name is local: what has no record here is NXDOMAIN, not "refused, no upstream".
      '--local=/#/',
      ...records.map(txtFlag),
    ];
    this.log = '';
    const child = spawn(DNSMASQ, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.process = child;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Ready when it accepts a TCP connection on its port (dnsmasq opens UDP and TCP before serving).
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(this.port))) {
      if (child.exitCode !== null) {
        await exited;
        throw new Error(`dnsmasq exited with ${child.exitCode}:\n${this.log}`);
      }
      if (Date.now() > deadline) throw new Error(`dnsmasq did not listen on ${this.port} within 10 s:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function txtFlag(record: TestTxt): string {
  const strings = Array.isArray(record.value) ? record.value : [record.value];
  // dnsmasq separates strings with commas and reads quotes; the tests' values need neither.
  for (const s of [record.name, ...strings]) {
    if (/[,"\\\s]/.test(s)) throw new Error(`dns-server: ${JSON.stringify(s)} has a comma, quote, backslash or space`);
  }
  return `--txt-record=${[record.name, ...strings].join(',')}`;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
