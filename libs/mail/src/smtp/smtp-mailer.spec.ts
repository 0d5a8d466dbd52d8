import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SmtpMailer } from './smtp-mailer';

interface Received {
  mailFrom: string;
  rcptTo: string[];
  data: string;
}

/**
 * A minimal SMTP sink speaking just enough RFC 5321 (no TLS, no auth) for nodemailer to hand
 * over one message: the adapter is tested against a real socket conversation, not a mock.
 */
function smtpSink(): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = '';
    let inData = false;
    let current: Received = { mailFrom: '', rcptTo: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 sink.test ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { mailFrom: '', rcptTo: [], data: '' };
          reply('250 2.0.0 queued');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline === -1) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 sink.test');
        else if (verb === 'MAIL') {
          current.mailFrom = /<([^>]*)>/.exec(line)?.[1] ?? '';
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          current.rcptTo.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
        else reply('502 5.5.2 not implemented');
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, received }),
    );
  });
}

describe(SmtpMailer.name, () => {
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let sut: SmtpMailer;

  beforeEach(async () => {
    sink = await smtpSink();
    sut = new SmtpMailer(`smtp://127.0.0.1:${sink.port}?ignoreTLS=true`, 'Herald <no-reply@herald.test>');
  });
  afterEach(async () => {
    sut.close();
    await new Promise((resolve) => sink.server.close(resolve));
  });

  it('hands the exact message to the SMTP server', async () => {
    await sut.send({
      to: 'ada@example.com',
      subject: 'Reset your password',
      text: 'Your code: abc-123',
      html: '<p>Your code: <b>abc-123</b></p>',
    });

    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail.mailFrom).toBe('no-reply@herald.test');
    expect(mail.rcptTo).toEqual(['ada@example.com']);
    expect(mail.data).toMatch(/^From: Herald <no-reply@herald\.test>$/m);
    expect(mail.data).toMatch(/^To: ada@example\.com$/m);
    expect(mail.data).toMatch(/^Subject: Reset your password$/m);
    expect(mail.data).toContain('Your code: abc-123');
    expect(mail.data).toContain('<p>Your code: <b>abc-123</b></p>');
    expect(mail.data).toMatch(/Content-Type: multipart\/alternative/);
  });

  it('rejects when the server refuses the recipient', async () => {
    sink.server.removeAllListeners('connection');
    sink.server.on('connection', (socket: Socket) => {
      socket.write('220 sink.test ESMTP\r\n');
      socket.on('data', (chunk) => {
        const verb = chunk.toString('utf8').slice(0, 4).toUpperCase();
        socket.write(verb === 'RCPT' ? '550 5.1.1 no such user\r\n' : '250 ok\r\n');
      });
    });

    await expect(sut.send({ to: 'nobody@example.com', subject: 's', text: 't' })).rejects.toThrow(/550/);
  });
});
