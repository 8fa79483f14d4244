import { PullPointSubscriptions, topicFilter, type NotificationMessage } from './pull-point.subscriptions';

const message = (topic: string, value = 'true'): NotificationMessage => ({
  topic,
  utcTime: new Date(0),
  operation: 'Changed',
  source: [],
  data: [['IsMotion', value]],
});
const MOTION = 'tns1:RuleEngine/CellMotionDetector/Motion';
const INPUT = 'tns1:Device/Trigger/DigitalInput';

describe('PullPointSubscriptions', () => {
  let now: Date;
  let sut: PullPointSubscriptions;
  beforeEach(() => {
    now = new Date('2026-12-01T12:00:00Z');
    sut = new PullPointSubscriptions(() => now);
  });
  const later = (ms: number) => new Date(now.getTime() + ms);

  it('queues what is published after subscribing, after the initial messages, and answers up to the limit', async () => {
    const { id } = sut.create(later(60_000), () => true, [message(MOTION, 'false')]);
    sut.publish(message(MOTION));
    sut.publish(message(INPUT));
    expect(await sut.pull(id, 0, 2)).toEqual([message(MOTION, 'false'), message(MOTION)]);
    expect(await sut.pull(id, 0, 10)).toEqual([message(INPUT)]);
  });

  it('wakes a waiting pull when a message arrives', async () => {
    // given a long poll on an empty subscription
    const { id } = sut.create(later(60_000), () => true);
    const pulled = sut.pull(id, 60_000, 10);

    // when a message is published, then the pull answers with it
    sut.publish(message(MOTION));
    expect(await pulled).toEqual([message(MOTION)]);
  });

  it('answers an empty pull on timeout or when the client goes away', async () => {
    const { id } = sut.create(later(60_000), () => true);
    expect(await sut.pull(id, 1, 10)).toEqual([]);
    const abort = new AbortController();
    const pulled = sut.pull(id, 60_000, 10, abort.signal);
    abort.abort();
    expect(await pulled).toEqual([]);
  });

  it('forgets expired, unsubscribed and cleared subscriptions', async () => {
    const expiring = sut.create(later(1000), () => true);
    const leaving = sut.create(later(60_000), () => true);
    const waiting = sut.create(later(60_000), () => true);
    const pending = sut.pull(waiting.id, 60_000, 10);
    expect(sut.unsubscribe(leaving.id)).toBe(true);
    now = later(2000);
    expect(await sut.pull(expiring.id, 0, 10)).toBeUndefined();
    expect(sut.renew(leaving.id, later(60_000))).toBe(false);
    sut.clear();
    expect(await pending).toBeUndefined();
    expect(sut.count()).toBe(0);
  });

  it('renews the termination time', () => {
    const { id } = sut.create(later(1000), () => true);
    expect(sut.renew(id, later(120_000))).toBe(true);
    now = later(5000);
    expect(sut.terminationTime(id)).toBeDefined();
  });

  it('filters topics by expression', () => {
    expect(topicFilter(undefined)(MOTION)).toBe(true);
    expect(topicFilter('tns1:RuleEngine//.')(MOTION)).toBe(true);
    expect(topicFilter('tns1:RuleEngine//.')(INPUT)).toBe(false);
    expect(topicFilter('tns1:Device/Trigger/Relay|tns1:Device/Trigger/DigitalInput')(INPUT)).toBe(true);
    const { id } = sut.create(later(60_000), topicFilter('tns1:Device//.'), [message(MOTION)]);
    sut.publish(message(INPUT));
    return expect(sut.pull(id, 0, 10)).resolves.toEqual([message(INPUT)]);
  });
});
