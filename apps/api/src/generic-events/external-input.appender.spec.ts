import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '@vigil/infrastructure';
import { ExternalInputAppender } from './external-input.appender';

const input = (data: unknown) => ({
  id: randomUUID(),
  type: 'GenericEventReceived',
  data,
  metadata: {},
  at: Date.now(),
});

describe('ExternalInputAppender (group commit)', () => {
  it('stores inputs that arrive together in one append, each caller told once its own is stored', async () => {
    const store = new InMemoryEventStore();
    const appends = jest.spyOn(store, 'append');
    const sut = new ExternalInputAppender(store);

    const positions = await Promise.all(Array.from({ length: 50 }, (_, n) => sut.append(input({ n }))));

    const stored = [];
    for await (const event of store.readAll()) {
      stored.push(event.data);
    }
    expect(stored).toEqual(Array.from({ length: 50 }, (_, n) => ({ n })));
    expect(appends.mock.calls.length).toBeLessThanOrEqual(2); // the first alone, the other 49 as one group
    expect(positions).toHaveLength(50);
  });

  it('never lets one bad input fail the others of its group', async () => {
    const sut = new ExternalInputAppender(new InMemoryEventStore());

    const outcomes = await Promise.allSettled([
      sut.append(input({ ok: 1 })),
      sut.append(input({ ok: 2 })),
      sut.append(input({ blob: 'x'.repeat(1_100_000) })),
      sut.append(input({ ok: 3 })),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });
});
