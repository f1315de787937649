import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';

import { createTlsSocketOpener } from '../../src/short-links/index.js';

/** A self-signed certificate for m.tb.cn, which no trust store accepts. Test use only. */
const SELF_SIGNED_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgpxaxY3eAzMyoIVBa
iPFSNJ83X5rcsTCRSxwbNchj5WChRANCAAQJk6Oc3lzXbnMnIIrPW3+nbK/EacHG
re6mF46wrf0USGAby/J2GR6nOmjPPv2ZFJwVYk+8O7kWfZBG0trT6VT6
-----END PRIVATE KEY-----`;
const SELF_SIGNED_CERT = `-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIUFgwhr6FxKTbKnSyi1yjW5p/NPPIwCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHbS50Yi5jbjAgFw0yNjEyMDQyMTE5MjlaGA8yMTI2MTExMDIx
MTkyOVowEjEQMA4GA1UEAwwHbS50Yi5jbjBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABAmTo5zeXNducycgis9bf6dsr8Rpwcat7qYXjrCt/RRIYBvL8nYZHqc6aM8+
/ZkUnBViT7w7uRZ9kEbS2tPpVPqjZzBlMB0GA1UdDgQWBBTo6vD5rWYaiEpy39WN
tDDfZss+qTAfBgNVHSMEGDAWgBTo6vD5rWYaiEpy39WNtDDfZss+qTAPBgNVHRMB
Af8EBTADAQH/MBIGA1UdEQQLMAmCB20udGIuY24wCgYIKoZIzj0EAwIDSAAwRQIh
AMzDWPVWBO9kvO0aBexb0igKTe3hXIBDKlcJSDb0s1czAiBHQiFei1M89BlI4Gbo
FO4UpCJefTvWvjzYYEucc5r7gg==
-----END CERTIFICATE-----`;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('TLS socket opener', () => {
  it('rejects an untrusted certificate', async () => {
    const server = createTlsServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT });
    server.on('tlsClientError', () => {
      // The client ends the handshake when it rejects the certificate.
    });
    const port = await listen(server);
    const openSocket = createTlsSocketOpener(2_000);

    const opening = openSocket({ address: '127.0.0.1', family: 4, port, servername: 'm.tb.cn' });

    await expect(opening).rejects.toThrow(/certificate/i);
  });

  it('sends the host name as SNI', async () => {
    let servername: string | undefined;
    const server = createTlsServer({
      key: SELF_SIGNED_KEY,
      cert: SELF_SIGNED_CERT,
      SNICallback: (name, callback) => {
        servername = name;
        callback(null);
      },
    });
    server.on('tlsClientError', () => {
      // The client ends the handshake when it rejects the certificate.
    });
    const port = await listen(server);
    const openSocket = createTlsSocketOpener(2_000);

    await openSocket({ address: '127.0.0.1', family: 4, port, servername: 'm.tb.cn' }).catch(() => undefined);

    expect(servername).toBe('m.tb.cn');
  });

  it('times out on a silent server', async () => {
    // Reads and drops the ClientHello and never responds. Reading lets the server see the
    // client close, so that server.close() can finish.
    const server = createTcpServer((socket) => socket.resume());
    const port = await listen(server);
    const openSocket = createTlsSocketOpener(200);

    const startedAt = Date.now();
    const opening = openSocket({ address: '127.0.0.1', family: 4, port, servername: 'm.tb.cn' });

    await expect(opening).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(Date.now() - startedAt).toBeLessThan(1_500);
  });
});
