// E-mail over SMTP (nodemailer, a pool of two connections). Every attempt of one delivery carries
// the same Message-ID (`<token@from-domain>`) and X-Liaison-Delivery header, so a repeat after a
// crash is recognisable. What an error means:
//  - no connection, a timeout, TLS or protocol trouble, a 4xx answer: tried again;
//  - the login refused (EAUTH): tried again, and the log names email.smtp's user and password
//    (fixing the config file applies at once, and the delivery then goes);
//  - any other 5xx (550 no such mailbox, 553 bad address, 554): not tried again.
// nodemailer's errors name no password; the SMTP URL is only ever shown through describeSmtp.
import nodemailer from 'nodemailer';
import type { Outcome } from '../../webhookAttempt';
import type { EmailConfig } from '../notifyConfig';
import { describeSmtp } from '../notifyConfig';
import type { Delivery } from '../notice';
import { deliveryToken } from '../notice';
import type { RenderedMessage } from '../notifyText';
import type { ChannelSender } from './channel';

interface SmtpError {
  readonly code?: string;
  readonly responseCode?: number;
  readonly message?: string;
}

const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL', 'EMAXLIMIT', 'ECONNREFUSED']);

/** What a failed sendMail means (see the header). */
export function smtpOutcome(error: unknown, server: string): Outcome {
  const raw = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const message = (raw.message ?? String(error)).replace(/\s+/g, ' ').trim();
  if (raw.code === 'EAUTH' || raw.code === 'ENOAUTH')
    return {
      ok: false,
      retry: true,
      reason: `SMTP server ${server} refused the login (${message}); check the user and password in email.smtp`,
    };
  const status = raw.responseCode;
  if (typeof status === 'number' && status >= 500 && status < 600) return { ok: false, retry: false, reason: `SMTP ${server}: ${message}` };
  if (typeof status === 'number' && status >= 400)
    return { ok: false, retry: true, reason: `SMTP ${server} asks to try later: ${message}` };
  if (raw.code !== undefined && TRANSIENT_CODES.has(raw.code))
    return { ok: false, retry: true, reason: `cannot reach SMTP server ${server}: ${message}` };
  return { ok: false, retry: true, reason: `SMTP ${server}: ${message}` };
}

export class EmailChannel implements ChannelSender {
  readonly describe: string;
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;
  private readonly domain: string;

  constructor(
    private readonly config: EmailConfig,
    timeoutMs: number,
  ) {
    this.describe = describeSmtp(config.smtp);
    this.domain = config.fromAddress.split('@')[1] ?? 'liaison.invalid';
    this.transport = nodemailer.createTransport({
      url: config.smtp,
      pool: true,
      maxConnections: 2,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs * 3,
    });
  }

  async send(delivery: Delivery, message: RenderedMessage): Promise<Outcome> {
    const token = deliveryToken(delivery.id);
    try {
      await this.transport.sendMail({
        from: this.config.from,
        to: delivery.address,
        subject: message.subject,
        text: message.text,
        messageId: `<${token}@${this.domain}>`,
        headers: { 'X-Liaison-Delivery': token },
        ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo }),
      });
      return { ok: true };
    } catch (error) {
      return smtpOutcome(error, this.describe);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
