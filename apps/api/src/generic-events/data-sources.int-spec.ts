import { createSocket } from 'node:dgram';
import { createConnection, type Socket } from 'node:net';
import type { StoredEvent } from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { eventually, freePort } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { DataSourceView } from './data-sources.service';

/** A TCP client that collects what the server sends back. */
const connect = async (
  port: number,
  localAddress = '127.0.0.1',
): Promise<{ socket: Socket; received: () => string }> => {
  let text = '';
  const socket = createConnection({ host: '127.0.0.1', port, localAddress });
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, received: () => text };
};

describe('generic-event data sources over TCP and UDP', () => {
  let api: ApiTestApp;
  let owner: Session;
  let store: PostgresEventStore;
  let compatiblePort: number;
  let internationalPort: number;

  const configure = (id: string, body: object) =>
    api.http().put(`/api/generic-events/data-sources/${id}`).set('Authorization', bearer(owner)).send(body);

  const storedPackets = async (): Promise<string[]> => {
    const packets: string[] = [];
    for await (const event of store.readAll({ filter: { eventTypes: ['GenericEventReceived'] } })) {
      packets.push((event as StoredEvent & { data: { packet: string } }).data.packet);
    }
    return packets;
  };

  const counters = async (id: string) => {
    const response = await api.http().get('/api/generic-events/data-sources').set('Authorization', bearer(owner));
    return (response.body as DataSourceView[]).find((source) => source.id === id)?.counters;
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = await login(api, 'owner', OWNER_PASSWORD);
    [compatiblePort, internationalPort] = [await freePort(), await freePort()];
    await api
      .http()
      .post('/api/generic-events')
      .set('Authorization', bearer(owner))
      .send({ name: 'Door forced', enabled: true, expression: 'Door053', expressionType: 'search', priority: 1 })
      .expect(201);
    // Given both built-ins enabled on free ports (the factory ports 1234 and 1235 otherwise)
    const compatible = await configure('compatible', {
      name: 'Compatible',
      enabled: true,
      port: compatiblePort,
      protocol: 'tcp+udp',
      ipVersion: 'ipv4',
      separatorBytes: [],
      echo: 'all',
      encoding: 'windows-1252',
      allowedAddresses: ['127.0.0.1'],
    }).expect(200);
    const international = await configure('international', {
      name: 'International',
      enabled: true,
      port: internationalPort,
      protocol: 'tcp',
      ipVersion: 'ipv4',
      separatorBytes: [13, 10],
      echo: 'statistics',
      encoding: 'utf8',
      allowedAddresses: ['127.0.0.1'],
    }).expect(200);
    expect([(compatible.body as DataSourceView).listening, (international.body as DataSourceView).listening]).toEqual([
      true,
      true,
    ]);
  });
  afterAll(async () => {
    await store.close();
    await api.close();
  });

  it('Compatible: echoes all bytes over TCP, and stores a packet that fires', async () => {
    const client = await connect(compatiblePort);

    client.socket.write('Door053 forced');

    await eventually(() => client.received() === 'Door053 forced', 'the echo');
    await eventually(async () => (await storedPackets()).includes('Door053 forced'), 'the stored packet');
    client.socket.end();
  });

  it('Compatible: takes UDP datagrams too, and echoes them', async () => {
    const udp = createSocket('udp4');
    const echoed = new Promise<string>((resolve) => udp.once('message', (message) => resolve(message.toString())));

    udp.send('Door053 via UDP', compatiblePort, '127.0.0.1');

    expect(await echoed).toBe('Door053 via UDP');
    await eventually(async () => (await storedPackets()).includes('Door053 via UDP'), 'the stored datagram');
    udp.close();
  });

  it('International: frames on CR LF and echoes statistics for each packet, in order, under a flood', async () => {
    const client = await connect(internationalPort);
    const lines = Array.from({ length: 300 }, (_, n) => (n % 3 === 0 ? `Door053 #${n}` : `nothing ${n}`));

    client.socket.write(lines.map((line) => `${line}\r\n`).join(''));

    await eventually(() => client.received().split('\r\n').length > 300, '300 echoes');
    const echoes = client.received().split('\r\n').slice(0, 300);
    expect(echoes[0]).toBe(`1,${'Door053 #0'.length},1,Door forced`);
    expect(echoes[1]).toBe(`2,${'nothing 1'.length},0,`);
    expect(echoes.every((echo, n) => echo.startsWith(`${n + 1},`))).toBe(true);
    const stored = await storedPackets();
    expect(lines.filter((line) => line.startsWith('Door053')).every((line) => stored.includes(line))).toBe(true);
    client.socket.end();
  });

  it('drops and counts invalid UTF-8 and oversized packets, and goes on', async () => {
    const client = await connect(internationalPort);
    const before = await counters('international');

    client.socket.write(Buffer.concat([Buffer.from([0xff, 0xfe, 0x44]), Buffer.from('\r\n')]));
    client.socket.write(`${'x'.repeat(70_000)}\r\n`);
    client.socket.write('Door053 after the bad ones\r\n');

    await eventually(() => client.received().includes('Door forced'), 'the good packet');
    const after = await counters('international');
    expect(after?.droppedInvalidEncoding).toBe((before?.droppedInvalidEncoding ?? 0) + 1);
    expect(after?.droppedOversized).toBe((before?.droppedOversized ?? 0) + 1);
    client.socket.end();
  });

  it('refuses connections from addresses that are not allowed, storing nothing', async () => {
    const before = (await storedPackets()).length;
    const refused = await connect(compatiblePort, '127.0.0.2');
    const closed = new Promise<void>((resolve) => refused.socket.once('close', () => resolve()));
    refused.socket.write('Door053 from a stranger');

    await closed;
    await eventually(async () => ((await counters('compatible'))?.refusedAddresses ?? 0) >= 1, 'the refusal count');
    expect((await storedPackets()).length).toBe(before);
  });

  it('refuses two enabled data sources on one port with 422', async () => {
    const response = await api
      .http()
      .post('/api/generic-events/data-sources')
      .set('Authorization', bearer(owner))
      .send({
        name: 'Clash',
        enabled: true,
        port: internationalPort,
        protocol: 'tcp',
        ipVersion: 'ipv4',
        separatorBytes: [10],
        echo: 'none',
        encoding: 'utf8',
        allowedAddresses: ['127.0.0.1'],
      })
      .expect(422);

    expect(response.body).toMatchObject({ code: 'DATA_SOURCE_INVALID' });
  });
});
