import { QualitlyClient, type QualitlyClientOptions } from '../../src/qualitly/index.js';
import { createFakeClock, fakeApiKey, startFakeQualitly, type FakeClock, type FakeQualitly } from '../fakes/qualitly/index.js';

export const START_MS = Date.UTC(2026, 3, 17, 18, 41, 23);

export const BASIC_ACCOUNT = 10;
export const BASIC_KEY = fakeApiKey('clientBasic');
export const PLUS_ACCOUNT = 20;
export const PLUS_KEY = fakeApiKey('clientPlus');
export const CUSTOM_ACCOUNT = 30;
export const CUSTOM_KEY = fakeApiKey('clientCustom', 'test');

export interface Harness {
  clock: FakeClock;
  fake: FakeQualitly;
  client: QualitlyClient;
  close(): Promise<void>;
}

/** Starts the fake with the demo catalogue and one key per tier kind, and a client pointed at it. */
export async function startHarness(clientOptions: Partial<QualitlyClientOptions> = {}): Promise<Harness> {
  const clock = createFakeClock(START_MS);
  const fake = await startFakeQualitly({
    clock,
    seedDemoCatalogue: true,
    keys: [
      { key: BASIC_KEY, accountId: BASIC_ACCOUNT, keyId: 11, username: 'basic-user', tier: 'basic' },
      { key: PLUS_KEY, accountId: PLUS_ACCOUNT, keyId: 21, username: 'plus-user', tier: 'pro_plus' },
      { key: CUSTOM_KEY, accountId: CUSTOM_ACCOUNT, keyId: 31, username: 'custom-user', tier: 'custom' },
    ],
  });
  const client = new QualitlyClient({ baseUrl: fake.baseUrl, ...clientOptions });

  return {
    clock,
    fake,
    client,
    close: async () => {
      await client.close();
      await fake.close();
    },
  };
}

/** Makes the next request receive `body` as a 200 JSON response. */
export function serveJson(fake: FakeQualitly, body: unknown): void {
  fake.injectFault({ kind: 'status', status: 200, body: JSON.stringify(body) });
}

/** Returns what `promise` rejects with, or fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
