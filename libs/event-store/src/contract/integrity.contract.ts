import { isErasedValue } from '../envelope/envelope';
import type { EventStoreContractFactory, EventStoreContractFeatures, EventStoreContractFixture } from './contract-fixture';
import { events, expectCode, metadataInput, newEvent, rejection, required, streamOf, throwawayProtector, withStore } from './contract-fixture';

export function integrityContract(factory: EventStoreContractFactory, features: EventStoreContractFeatures): void {
  const run = (body: (fixture: EventStoreContractFixture) => Promise<void>) => withStore(factory, {}, body);

  describe('verify', () => {
    it('passes for an untouched stream and reports how many events it checked', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        await store.append(streamId, events(3), { expectedRevision: 'no_stream' });
        await store.append(streamId, events(2), { expectedRevision: 2 });
        expect(await store.verify(streamId)).toEqual({ streamId, ok: true, eventsChecked: 5 });
        const recorded = await store.readStream(streamId);
        recorded.slice(1).forEach((event, index) => expect(event.metadata.prevHash).toBe(recorded[index].metadata.hash));
      }));

    if (!features.rawAccess) return;

    const tampered = (tamper: (raw: NonNullable<EventStoreContractFixture['raw']>, streamId: string) => Promise<void>, brokenAtRevision: number) =>
      run(async ({ store, raw }) => {
        const streamId = streamOf();
        const untouched = streamOf();
        await store.append(streamId, events(4), { expectedRevision: 'no_stream' });
        await store.append(untouched, events(2), { expectedRevision: 'no_stream' });
        await tamper(required(raw, 'raw access'), streamId);
        const result = await store.verify(streamId);
        expect(result).toMatchObject({ streamId, ok: false, brokenAtRevision });
        expect(result.reason).toEqual(expect.any(String));
        expect((await store.verify(untouched)).ok).toBe(true);
      });

    it('detects an edited event', () => tampered((raw, streamId) => raw.editData(streamId, 2, { index: 99 }), 2));
    it('detects a removed event', () => tampered((raw, streamId) => raw.remove(streamId, 1), 1));
    it('detects a removed last event', () => tampered((raw, streamId) => raw.remove(streamId, 3), 3));
    it('detects reordered events', () => tampered((raw, streamId) => raw.swap(streamId, 1, 2), 1));

    it('reports corrupt stored data naming the stream and revision, on every read path, never skipping it', () =>
      run(async ({ store, raw }) => {
        const streamId = streamOf();
        await store.append(streamId, events(3), { expectedRevision: 'no_stream' });
        await required(raw, 'raw access').corruptData(streamId, 1);
        expectCode(await rejection(store.readStream(streamId)), 'EVENT_STORE.CORRUPT_EVENT', { streamId, revision: 1 });
        expectCode(await rejection(store.readAll()), 'EVENT_STORE.CORRUPT_EVENT', { streamId, revision: 1 });
        expect(await store.readStream(streamId, { maxCount: 1 })).toHaveLength(1);
        expect(await store.verify(streamId)).toMatchObject({ ok: false, brokenAtRevision: 1 });
      }));
  });

  describe('personal data', () => {
    const email = 'ada@example.com';
    const personalEvent = (subjectId: string) =>
      newEvent({
        type: 'user.registered',
        data: { email, profile: { name: 'Ada Lovelace', plan: 'pro' } },
        metadata: metadataInput({ subjectIds: [subjectId] }),
        personalFields: [
          { path: 'email', subjectId },
          { path: 'profile.name', subjectId },
        ],
      });

    it('stores personal fields encrypted, reads them back decrypted, and shows them as erased once the key is forgotten', async () => {
      const { protector, vault } = throwawayProtector();
      try {
        await withStore(factory, { protector }, async ({ store, raw }) => {
          const subjectId = streamOf('user');
          const streamId = streamOf('user');
          await store.append(streamId, [personalEvent(subjectId), newEvent()], { expectedRevision: 'no_stream' });
          if (raw !== undefined) {
            const stored = JSON.stringify(await raw.readData(streamId, 0));
            expect(stored).not.toContain(email);
            expect(stored).not.toContain('Lovelace');
            expect(stored).toContain('pro');
          }
          const [read] = await store.readStream(streamId);
          expect(read.data).toEqual({ email, profile: { name: 'Ada Lovelace', plan: 'pro' } });
          expect(read.personalFields).toHaveLength(2);

          await vault.forget(subjectId);
          const [erased, other] = await store.readStream(streamId);
          const data = erased.data as { email: unknown; profile: { name: unknown; plan: string } };
          expect(isErasedValue(data.email)).toBe(true);
          expect(isErasedValue(data.profile.name)).toBe(true);
          expect(data.profile.plan).toBe('pro');
          expect(other.data).toEqual({ value: 1 });
          expect((await store.readAll())[0].data).toEqual(erased.data);
          expect((await store.verify(streamId)).ok).toBe(true);
          expectCode(await rejection(store.append(streamId, [personalEvent(subjectId)], { expectedRevision: 1 })), 'PRIVACY.SUBJECT_ERASED', { subjectId });
          expect(await store.readStream(streamId)).toHaveLength(2);
        });
      } finally {
        await vault.close();
      }
    });
  });
}
