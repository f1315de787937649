import { describe, expect, it } from 'vitest';
import { CHANNEL_NOTICE_INTERVAL_MS, NoticeThrottle } from '../../src/discord/notice-throttle.js';
import { createFakeClock } from '../fakes/qualitly/index.js';

const CHANNEL = '200000000000000001';
const OTHER_CHANNEL = '200000000000000002';

describe('NoticeThrottle', () => {
  it('allows the first notice', () => {
    expect(new NoticeThrottle(createFakeClock(0)).tryTake(CHANNEL)).toBe(true);
  });

  it('holds repeats within the hour', () => {
    const clock = createFakeClock(0);
    const throttle = new NoticeThrottle(clock);
    throttle.tryTake(CHANNEL);
    clock.advance(CHANNEL_NOTICE_INTERVAL_MS - 1);

    expect(throttle.tryTake(CHANNEL)).toBe(false);
  });

  it('allows a notice after the hour', () => {
    const clock = createFakeClock(0);
    const throttle = new NoticeThrottle(clock);
    throttle.tryTake(CHANNEL);
    clock.advance(CHANNEL_NOTICE_INTERVAL_MS);

    expect(throttle.tryTake(CHANNEL)).toBe(true);
  });

  it('counts channels apart', () => {
    const throttle = new NoticeThrottle(createFakeClock(0));
    throttle.tryTake(CHANNEL);

    expect(throttle.tryTake(OTHER_CHANNEL)).toBe(true);
  });

  it('forgets the oldest channel at capacity', () => {
    const throttle = new NoticeThrottle(createFakeClock(0), CHANNEL_NOTICE_INTERVAL_MS, 2);
    throttle.tryTake('1');
    throttle.tryTake('2');
    throttle.tryTake('3');

    expect(throttle.tryTake('1')).toBe(true);
    expect(throttle.tryTake('3')).toBe(false);
  });
});
