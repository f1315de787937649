export { fakeApiKey, monthBucketOf } from './accounts.js';
export { DEMO_ACCOUNT_ID, DEMO_API_KEY, DEMO_KEY, DEMO_PRODUCTS } from './catalogue.js';
export { createFakeClock, type FakeClock } from './clock.js';
export { MALFORMED_JSON_BODY, WRONG_SHAPE_BODY } from './faults.js';
export { startFakeQualitly } from './server.js';
export type {
  Fault,
  FaultOptions,
  FakeKey,
  FakeProduct,
  FakeQualitly,
  FakeStorefront,
  RecordedRequest,
  StartFakeQualitlyOptions,
} from './types.js';
