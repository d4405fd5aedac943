// For the notification tests: a real SMTP server on 127.0.0.1 (the `smtp-server` package,
// plain text, a login checked against one user) keeping every mail parsed (mailparser), notices
// to build, and a clock with timers the test moves.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Timers } from '../../../server/webhookAttempt';
import type { Notice } from '../../../server/notify/notice';
import type { PersonContact } from '../../../src/domain/personChannels';
import type { Cleanup } from './helpers';

export interface ReceivedMail {
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly messageId: string;
  readonly headers: Map<string, unknown>;
}

export interface MailSink {
  readonly port: number;
  /** `smtp://liaison:<password>@127.0.0.1:<port>`. */
  readonly url: string;
  readonly password: string;
  readonly mails: ReceivedMail[];
}

/** An SMTP server; recipients starting with `nobody` are refused with 550, as a real one refuses an unknown mailbox. */
export async function startMailSink(cleanup: Cleanup): Promise<MailSink> {
  const mails: ReceivedMail[] = [];
  const password = 'p@ss:w/rd-秘密';
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'liaison' && auth.password === password) callback(null, { user: 'liaison' });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody')) {
        const error = new Error('5.1.1 no such mailbox') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            messageId: parsed.messageId ?? '',
            headers: parsed.headers as Map<string, unknown>,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.add(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { port, password, mails, url: `smtp://liaison:${encodeURIComponent(password)}@127.0.0.1:${port}` };
}

/** A notice about record `recordId` for `person` (defaults: a non-urgent reminder in Chinese). */
export function notice(person: PersonContact, recordId: string, extra: Partial<Notice> = {}): Notice {
  return {
    space: 'internal',
    recordId,
    eventId: `fu:${recordId}:respond:remind:1`,
    at: new Date().toISOString(),
    person,
    kind: 'reminder',
    urgent: false,
    language: 'zh',
    record: { title: `关于Q3产品迭代需求评审会的安排-产品部 ${recordId}`, kind: 'internal-message', createdBy: '王芳', priority: 'medium' },
    owed: { zh: '答复', en: 'answer' },
    due: new Date(Date.now() + 60 * 60_000).toISOString(),
    ...extra,
  };
}

/** A clock and timers that move only when the test says. */
export class ManualTime {
  now: number;
  private readonly live = new Map<number, { callback: () => void; at: number }>();
  private next = 1;

  constructor(start: string | number) {
    this.now = typeof start === 'number' ? start : Date.parse(start);
  }

  readonly timers: Timers = {
    setTimeout: (callback, ms) => {
      const handle = this.next++;
      this.live.set(handle, { callback, at: this.now + ms });
      // Due already: it fires soon, as a real timer would, without the clock moving.
      if (ms <= 0) setImmediate(() => this.fire(handle));
      return handle;
    },
    clearTimeout: (handle) => {
      this.live.delete(handle as number);
    },
  };

  readonly clock = (): number => this.now;

  /** Moves to `to` and runs every timer due by then. */
  advanceTo(to: string | number): void {
    this.now = typeof to === 'number' ? to : Date.parse(to);
    for (const [handle, timer] of [...this.live]) if (timer.at <= this.now) this.fire(handle);
  }

  private fire(handle: number): void {
    const timer = this.live.get(handle);
    if (timer === undefined) return;
    this.live.delete(handle);
    timer.callback();
  }
}
