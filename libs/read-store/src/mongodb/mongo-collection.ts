import { HeraldError } from '@herald/shared-kernel';
import type { Collection as DriverCollection, Document } from 'mongodb';
import type {
  BatchWriteResult,
  Collection,
  Filter,
  FindOneOptions,
  FindOptions,
  IndexDescription,
  IndexSpec,
  NewDocument,
  Page,
  PageOptions,
  PipelineStage,
  SortDirection,
  StoredDocument,
  Update,
  UpdateResult,
  WriteOperation,
  WriteOptions,
} from '../read-store.port';
import { compilePipeline, runPipeline } from '../query/aggregation';
import { compileFilter } from '../query/filter-matcher';
import { normalizeIndexSpec } from '../query/index-spec';
import type { JsonObject } from '../query/json-value';
import { assertName } from '../query/names';
import { checkSkipLimit, finishPage, planPage } from '../query/paging';
import { compileProjection } from '../query/projection';
import { normalizeSort, toMongoSort } from '../query/sort';
import { normalizeWrite, prepareInsert, type NormalizedWrite } from '../query/write-model';
import { runOrdered, type BulkOutcome } from './mongo-bulk';
import { MONGO_CODES, mapMongoError, serverCode } from './mongo-errors';

export interface MongoContext {
  /** FerretDB runs only part of the pipeline subset natively (see CompiledStage.portable). */
  serverRunsFullPipelines(): Promise<boolean>;
  dropCollection(name: string): Promise<boolean>;
}

export class MongoReadCollection<T extends StoredDocument> implements Collection<T> {
  constructor(
    private readonly driver: DriverCollection<Document>,
    private readonly context: MongoContext,
  ) {}

  get name(): string {
    return this.driver.collectionName;
  }

  async findOne(filter?: Filter<T>, options: FindOneOptions<T> = {}): Promise<T | null> {
    const [first] = await this.find(filter, { ...options, limit: 1 });
    return first ?? null;
  }

  async find(filter?: Filter<T>, options: FindOptions<T> = {}): Promise<T[]> {
    compileFilter(filter);
    const projection = compileProjection(options.projection);
    const { skip, limit } = checkSkipLimit(options.skip, options.limit);
    const sort = options.sort ? toMongoSort(normalizeSort(options.sort, true)) : undefined;
    return this.guard(async () => {
      const cursor = this.driver.find((filter ?? {}) as Document, {
        ...(projection ? { projection: toDriverProjection(options.projection ?? {}) } : {}),
        ...(sort ? { sort } : {}),
        ...(skip > 0 ? { skip } : {}),
        ...(Number.isFinite(limit) ? { limit } : {}),
      });
      return (await cursor.toArray()) as unknown as T[];
    });
  }

  async findPage(filter: Filter<T>, options: PageOptions<T>): Promise<Page<T>> {
    compileFilter(filter);
    const plan = planPage(filter, options.sort, options.limit, options.after);
    const fetched = await this.find(plan.filter as Filter<T>, { sort: plan.sort, limit: plan.fetch });
    return finishPage(plan, fetched as unknown as JsonObject[]) as unknown as Page<T>;
  }

  async count(filter?: Filter<T>): Promise<number> {
    compileFilter(filter);
    return this.guard(() => this.driver.countDocuments((filter ?? {}) as Document));
  }

  async insertOne(document: NewDocument<T>): Promise<string> {
    const prepared = prepareInsert(document);
    await this.run([{ kind: 'insert', document: prepared }]);
    return prepared._id as string;
  }

  async insertMany(documents: readonly NewDocument<T>[]): Promise<string[]> {
    const writes = documents.map((document): NormalizedWrite => ({
      kind: 'insert',
      document: prepareInsert(document),
    }));
    if (writes.length > 0) await this.run(writes);
    return writes.map((write) => (write.kind === 'insert' ? (write.document._id as string) : ''));
  }

  async replaceOne(
    filter: Filter<T>,
    replacement: NewDocument<T>,
    options: WriteOptions = {},
  ): Promise<UpdateResult> {
    return this.single({ replaceOne: { filter, replacement, ...options } } as WriteOperation);
  }

  async updateOne(filter: Filter<T>, update: Update<T>, options: WriteOptions = {}): Promise<UpdateResult> {
    return this.single({ updateOne: { filter, update, ...options } } as WriteOperation);
  }

  async updateMany(
    filter: Filter<T>,
    update: Update<T>,
    options: Omit<WriteOptions, 'upsert'> = {},
  ): Promise<UpdateResult> {
    return this.single({ updateMany: { filter, update, ...options } } as WriteOperation);
  }

  async upsert(
    filter: Filter<T>,
    update: Update<T>,
    options: Omit<WriteOptions, 'upsert'> = {},
  ): Promise<UpdateResult> {
    return this.updateOne(filter, update, { ...options, upsert: true });
  }

  async deleteOne(filter: Filter<T>, options: Pick<WriteOptions, 'atPosition'> = {}): Promise<number> {
    return (await this.run([normalizeWrite({ deleteOne: { filter, ...options } } as WriteOperation)]))
      .deleted;
  }

  async deleteMany(filter: Filter<T>, options: Pick<WriteOptions, 'atPosition'> = {}): Promise<number> {
    return (await this.run([normalizeWrite({ deleteMany: { filter, ...options } } as WriteOperation)]))
      .deleted;
  }

  async bulkWrite(operations: readonly WriteOperation<T>[]): Promise<BatchWriteResult> {
    const writes = operations.map((operation) => normalizeWrite(operation as WriteOperation));
    const { upsertedIds: _ids, ...totals } = await this.run(writes);
    return totals;
  }

  async createIndex(spec: IndexSpec<T>): Promise<string> {
    const { name, fields, unique } = normalizeIndexSpec(spec);
    assertName(name, 'index');
    if (name === '_id_') return name;
    return this.guard(() =>
      this.driver.createIndex(Object.fromEntries(fields), { name, ...(unique ? { unique: true } : {}) }),
    );
  }

  async dropIndex(name: string): Promise<void> {
    if (name === '_id_')
      throw new HeraldError('READ_STORE.INVALID_NAME', 'The _id_ index cannot be dropped', { name });
    try {
      await this.driver.dropIndex(name);
    } catch (error) {
      const code = serverCode(error);
      if (code === MONGO_CODES.indexNotFound || code === MONGO_CODES.namespaceNotFound) return;
      throw mapMongoError(error, this.name);
    }
  }

  async listIndexes(): Promise<IndexDescription[]> {
    try {
      const indexes = await this.driver.listIndexes().toArray();
      return indexes.map((index) => ({
        name: String(index.name),
        fields: index.key as Record<string, SortDirection>,
        unique: index.unique === true || index.name === '_id_',
      }));
    } catch (error) {
      if (serverCode(error) === MONGO_CODES.namespaceNotFound) return [];
      throw mapMongoError(error, this.name);
    }
  }

  async aggregate<R extends JsonObject = JsonObject>(pipeline: readonly PipelineStage[]): Promise<R[]> {
    const stages = compilePipeline(pipeline);
    const full = await this.context.serverRunsFullPipelines();
    const split = full ? stages.length : stages.findIndex((stage) => !stage.portable);
    const nativeCount = split === -1 ? stages.length : split;
    const native = stages.slice(0, nativeCount).map((stage) => stage.native);
    const rest = stages.slice(nativeCount);
    const docs = await this.guard(async () =>
      native.length > 0
        ? await this.driver.aggregate(native).toArray()
        : await this.driver.find({}).toArray(),
    );
    return (rest.length > 0 ? runPipeline(rest, docs as unknown as JsonObject[]) : docs) as unknown as R[];
  }

  async drop(): Promise<boolean> {
    return this.context.dropCollection(this.name);
  }

  /** Runs normalised writes in order for this collection. */
  run(writes: readonly NormalizedWrite[]): Promise<BulkOutcome> {
    return runOrdered(this.driver, writes);
  }

  private async single(operation: WriteOperation): Promise<UpdateResult> {
    const outcome = await this.run([normalizeWrite(operation)]);
    return {
      matched: outcome.matched,
      modified: outcome.modified,
      upsertedId: outcome.upsertedIds.get(0) ?? null,
    };
  }

  private async guard<R>(work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (error) {
      throw mapMongoError(error, this.name);
    }
  }
}

function toDriverProjection(projection: Record<string, 0 | 1 | boolean>): Record<string, 0 | 1> {
  return Object.fromEntries(
    Object.entries(projection).map(([path, flag]) => [path, flag === 1 || flag === true ? 1 : 0]),
  );
}
