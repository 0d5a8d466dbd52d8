import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  AccessDeniedError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { HeraldError } from '@herald/shared-kernel';
import { sealMetadata } from '../core/stored-event';
import { verifyChain } from '../core/hash-chain-verifier';
import { GENESIS_HASH } from '../envelope/hash-chain';
import {
  EsdbStreamNames,
  fromEsdbCurrentRevision,
  fromEsdbEvent,
  mapEsdbError,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  type EsdbRecordedEventLike,
} from './esdb-mapping';

describe(toEsdbExpectedRevision.name, () => {
  it.each([
    ['no_stream', NO_STREAM],
    ['exists', STREAM_EXISTS],
    ['any', ANY],
    [0, 0n],
    [41, 41n],
  ] as const)('maps %p to %p', (ours, theirs) => {
    expect(toEsdbExpectedRevision(ours)).toBe(theirs);
  });
});

describe(fromEsdbCurrentRevision.name, () => {
  it.each([
    [7n, 7],
    [0n, 0],
    [NO_STREAM, null],
    [undefined, null],
  ] as const)('maps %p to %p', (theirs, ours) => {
    expect(fromEsdbCurrentRevision(theirs)).toBe(ours);
  });
});

describe(EsdbStreamNames.name, () => {
  it('prefixes and strips the namespace, and names checkpoint streams as system streams', () => {
    const sut = new EsdbStreamNames('staging');
    expect(sut.toEsdb('post-1')).toBe('staging:post-1');
    expect(sut.fromEsdb('staging:post-1')).toBe('post-1');
    expect(sut.checkpointStream('projector')).toBe('$checkpoint-staging:projector');
    expect(new EsdbStreamNames().checkpointStream('projector')).toBe('$checkpoint-projector');
  });

  it('counts only Herald events of its namespace in the global order', () => {
    const sut = new EsdbStreamNames('staging');
    expect(sut.isHeraldEvent('staging:post-1', 'post.drafted')).toBe(true);
    expect(sut.isHeraldEvent('prod:post-1', 'post.drafted')).toBe(false);
    expect(sut.isHeraldEvent('$checkpoint-staging:p', 'herald.checkpoint')).toBe(false);
    expect(sut.isHeraldEvent('$$staging:post-1', '$metadata')).toBe(false);
    expect(sut.isHeraldEvent('staging:post-1', '$>')).toBe(false);
    const plain = new EsdbStreamNames();
    expect(plain.isHeraldEvent('post-1', 'post.drafted')).toBe(true);
    expect(plain.isHeraldEvent('$stats-node', '$statsCollected')).toBe(false);
    expect(plain.isHeraldEvent('$ce-post', '$>')).toBe(false);
  });

  it('filters on the server by stream name: the namespace prefix, or everything but system streams', () => {
    expect(new EsdbStreamNames('staging').serverFilter()).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['staging:'],
    });
    expect(new EsdbStreamNames().serverFilter()).toMatchObject({ filterOn: 'streamName', regex: '^[^$]' });
  });

  it.each(['', 'has space', 'a:b', '$sys'])('rejects the namespace %p', (namespace) => {
    expect(() => new EsdbStreamNames(namespace)).toThrow(expect.objectContaining({ code: 'CONFIG.INVALID' }));
  });
});

describe('ESDB metadata envelope', () => {
  const names = new EsdbStreamNames('ns');
  const unsealed = {
    id: '0190a000-0000-7000-8000-000000000001',
    type: 'user.registered',
    schemaVersion: 2,
    streamId: 'user-1',
    revision: 0,
    occurredAt: '2030-01-01T00:00:00.000Z',
    data: { email: { $enc: 'aes-256-gcm/v1' } },
    metadata: {
      tenantId: 'organization-1',
      actor: { kind: 'user' as const, id: 'user-9' },
      correlationId: 'corr-1',
      causationId: 'cause-1',
      requestId: 'req-1',
      subjectIds: ['user-1'],
    },
    personalFields: [{ path: 'email', subjectId: 'user-1' }],
  };
  const metadata = sealMetadata(GENESIS_HASH, unsealed);
  const esdbMetadata = toEsdbMetadata({ ...unsealed, metadata });
  const raw = (overrides: Partial<EsdbRecordedEventLike> = {}): EsdbRecordedEventLike => ({
    streamId: 'ns:user-1',
    id: unsealed.id,
    type: unsealed.type,
    revision: 0n,
    isJson: true,
    data: unsealed.data,
    metadata: JSON.parse(JSON.stringify(esdbMetadata)) as unknown,
    ...overrides,
  });

  it("carries the whole envelope plus ESDB's own correlation and causation ids", () => {
    expect(esdbMetadata).toMatchObject({
      ...metadata,
      $correlationId: 'corr-1',
      $causationId: 'cause-1',
      schemaVersion: 2,
      occurredAt: unsealed.occurredAt,
      personalFields: unsealed.personalFields,
    });
  });

  it('omits $causationId when the event has no cause', () => {
    const root = toEsdbMetadata({ ...unsealed, metadata: { ...metadata, causationId: null } });
    expect(root).not.toHaveProperty('$causationId');
    expect(root.causationId).toBeNull();
  });

  it('round-trips to the stored event with exactly the metadata that was hashed', () => {
    const stored = fromEsdbEvent(raw(), names, 42);
    expect(stored).toEqual({ ...unsealed, globalPosition: 42, metadata });
    expect(verifyChain('user-1', [stored], { lastRevision: 0, lastHash: metadata.hash })).toEqual({
      streamId: 'user-1',
      ok: true,
      eventsChecked: 1,
    });
  });

  it.each([
    ['a binary event', { isJson: false }],
    ['foreign metadata', { metadata: { $correlationId: 'x' } }],
    ['metadata that is not JSON', { metadata: new Uint8Array([1, 2]) }],
    ['a missing schema version', { metadata: { ...esdbMetadata, schemaVersion: undefined } }],
    ['malformed personal fields', { metadata: { ...esdbMetadata, personalFields: [{ path: 1 }] } }],
    ['metadata without its hashes', { metadata: { ...esdbMetadata, hash: undefined } }],
  ])('reports %s as a corrupt event naming stream and revision', (_what, overrides) => {
    expect(() => fromEsdbEvent(raw({ revision: 3n, ...overrides }), names, 1)).toThrow(
      expect.objectContaining({
        code: 'EVENT_STORE.CORRUPT_EVENT',
        details: expect.objectContaining({ streamId: 'user-1', revision: 3 }),
      }),
    );
  });
});

describe(mapEsdbError.name, () => {
  it('maps a wrong expected version to CONCURRENCY.CONFLICT with our expected and the actual revision', () => {
    const error = mapEsdbError(
      new WrongExpectedVersionError(undefined, { streamName: 'ns:post-1', expected: 3n, current: 5n }),
      'append',
      { streamId: 'post-1', expected: 3 },
    );
    expect(error).toMatchObject({
      code: 'CONCURRENCY.CONFLICT',
      details: { streamId: 'post-1', expected: 3, actual: 5 },
    });
  });

  it('reports a missing stream as actual null', () => {
    const error = mapEsdbError(
      new WrongExpectedVersionError(undefined, {
        streamName: 'ns:post-1',
        expected: STREAM_EXISTS,
        current: NO_STREAM,
      }),
      'append',
      { streamId: 'post-1', expected: 'exists' },
    );
    expect(error).toMatchObject({
      code: 'CONCURRENCY.CONFLICT',
      details: { expected: 'exists', actual: null },
    });
  });

  it('calls a transport failure during an append an unknown outcome, and during a read an unreachable server', () => {
    expect(
      mapEsdbError(new UnavailableError(undefined, 'down'), 'append', { streamId: 'post-1' }),
    ).toMatchObject({ code: 'EVENT_STORE.OUTCOME_UNKNOWN', details: { streamId: 'post-1' } });
    expect(mapEsdbError(new DeadlineExceededError(undefined, 'slow'), 'append', {})).toMatchObject({
      code: 'EVENT_STORE.OUTCOME_UNKNOWN',
    });
    expect(mapEsdbError(new UnavailableError(undefined, 'down'), 'read', {})).toMatchObject({
      code: 'EVENT_STORE.SERVER_UNREACHABLE',
    });
  });

  it('maps refused credentials to a configuration error naming the variable', () => {
    expect(mapEsdbError(new AccessDeniedError(undefined, 'no'), 'read', {})).toMatchObject({
      code: 'CONFIG.INVALID',
      details: { variable: 'EVENTSTORE_CONNECTION_STRING' },
    });
  });

  it('maps an oversized append to a validation error and a deleted stream to a corrupt one', () => {
    expect(
      mapEsdbError(new MaxAppendSizeExceededError(undefined, 1024), 'append', { streamId: 'post-1' }),
    ).toMatchObject({ code: 'VALIDATION.FAILED' });
    expect(
      mapEsdbError(StreamDeletedError.fromStreamName('ns:post-1'), 'read', { streamId: 'post-1' }),
    ).toMatchObject({ code: 'EVENT_STORE.CORRUPT_EVENT', details: { streamId: 'post-1' } });
  });

  it('passes Herald errors and unknown errors through unchanged', () => {
    const herald = new HeraldError('INTERNAL');
    const other = new TypeError('bug');
    expect(mapEsdbError(herald, 'read', {})).toBe(herald);
    expect(mapEsdbError(other, 'read', {})).toBe(other);
  });
});
