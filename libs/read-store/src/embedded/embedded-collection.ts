import { HeraldError } from '@herald/shared-kernel';
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
  StoredDocument,
  Update,
  UpdateResult,
  WriteOperation,
  WriteOptions,
} from '../read-store.port';
import { compilePipeline, runPipeline } from '../query/aggregation';
import { compileFilter } from '../query/filter-matcher';
import type { JsonObject } from '../query/json-value';
import { normalizeIndexSpec } from '../query/index-spec';
import { checkSkipLimit, finishPage, planPage } from '../query/paging';
import { applyProjection, compileProjection } from '../query/projection';
import { normalizeSort, sortDocuments } from '../query/sort';
import { normalizeWrite, prepareInsert, type NormalizedWrite } from '../query/write-model';
import type { DocumentTable } from './document-table';
import { emptyResult, executeWrite, type SingleWriteResult } from './embedded-writer';

/** What a collection needs from its store: tables by name and the write transaction. */
export interface EmbeddedContext {
  table(name: string, create: boolean): DocumentTable | null;
  transaction<R>(work: () => R): R;
  writeBatch(writes: ReadonlyArray<{ collection: string; write: NormalizedWrite }>): BatchWriteResult;
  dropCollection(name: string): boolean;
}

export class EmbeddedCollection<T extends StoredDocument> implements Collection<T> {
  constructor(
    private readonly context: EmbeddedContext,
    readonly name: string,
  ) {}

  async findOne(filter?: Filter<T>, options: FindOneOptions<T> = {}): Promise<T | null> {
    const [first] = await this.find(filter, { ...options, limit: 1 });
    return first ?? null;
  }

  async find(filter?: Filter<T>, options: FindOptions<T> = {}): Promise<T[]> {
    const predicate = compileFilter(filter);
    const projection = compileProjection(options.projection);
    const { skip, limit } = checkSkipLimit(options.skip, options.limit);
    const keys = options.sort ? normalizeSort(options.sort, true) : null;
    const table = this.context.table(this.name, false);
    if (!table) return [];
    let docs: JsonObject[];
    if (keys) {
      docs = sortDocuments(table.matching(filter, predicate), keys).slice(skip, skip + limit);
    } else {
      docs = table.matching(filter, predicate, skip + limit).slice(skip);
    }
    return docs.map((doc) => applyProjection(doc, projection) as unknown as T);
  }

  async findPage(filter: Filter<T>, options: PageOptions<T>): Promise<Page<T>> {
    compileFilter(filter);
    const plan = planPage(filter, options.sort, options.limit, options.after);
    const fetched = await this.find(plan.filter as Filter<T>, { sort: plan.sort, limit: plan.fetch });
    return finishPage(plan, fetched as unknown as JsonObject[]) as unknown as Page<T>;
  }

  async count(filter?: Filter<T>): Promise<number> {
    const predicate = compileFilter(filter);
    const table = this.context.table(this.name, false);
    if (!table) return 0;
    if (filter === undefined || Object.keys(filter).length === 0) return table.count();
    return table.matching(filter, predicate).length;
  }

  async insertOne(document: NewDocument<T>): Promise<string> {
    const prepared = prepareInsert(document);
    this.write({ kind: 'insert', document: prepared });
    return prepared._id as string;
  }

  async insertMany(documents: readonly NewDocument<T>[]): Promise<string[]> {
    const writes = documents.map((document) => ({
      collection: this.name,
      write: normalizeWrite({ insertOne: { document } }),
    }));
    this.context.writeBatch(writes);
    return writes.map(({ write }) => (write.kind === 'insert' ? (write.document._id as string) : ''));
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
    return this.write(normalizeWrite({ deleteOne: { filter, ...options } } as WriteOperation)).deleted;
  }

  async deleteMany(filter: Filter<T>, options: Pick<WriteOptions, 'atPosition'> = {}): Promise<number> {
    return this.write(normalizeWrite({ deleteMany: { filter, ...options } } as WriteOperation)).deleted;
  }

  async bulkWrite(operations: readonly WriteOperation<T>[]): Promise<BatchWriteResult> {
    const writes = operations.map((operation) => ({
      collection: this.name,
      write: normalizeWrite(operation as WriteOperation),
    }));
    return this.context.writeBatch(writes);
  }

  async createIndex(spec: IndexSpec<T>): Promise<string> {
    const { name, fields, unique } = normalizeIndexSpec(spec);
    if (name === '_id_') return name;
    return this.context.transaction(() => {
      const table = this.context.table(this.name, true) as DocumentTable;
      const existing = table.indexes.find((index) => index.name === name);
      const sameFields = (index: (typeof table.indexes)[number]): boolean =>
        JSON.stringify(index.fields.map((f) => [f.path, f.direction])) === JSON.stringify(fields);
      if (existing) {
        if (sameFields(existing) && existing.unique === unique) return name;
        throw new HeraldError(
          'READ_STORE.INVALID_NAME',
          `Index ${name} already exists with a different definition`,
          { name },
        );
      }
      const twin = table.indexes.find(sameFields);
      if (twin)
        throw new HeraldError('READ_STORE.INVALID_NAME', `Index ${twin.name} already covers these fields`, {
          name: twin.name,
        });
      table.build(table.addIndex(name, fields, unique));
      return name;
    });
  }

  async dropIndex(name: string): Promise<void> {
    if (name === '_id_')
      throw new HeraldError('READ_STORE.INVALID_NAME', 'The _id_ index cannot be dropped', { name });
    this.context.transaction(() => this.context.table(this.name, false)?.dropIndex(name));
  }

  async listIndexes(): Promise<IndexDescription[]> {
    const table = this.context.table(this.name, false);
    if (!table) return [];
    return [
      { name: '_id_', fields: { _id: 1 }, unique: true },
      ...table.indexes.map((index) => ({
        name: index.name,
        fields: Object.fromEntries(index.fields.map((f) => [f.path, f.direction])),
        unique: index.unique,
      })),
    ];
  }

  async aggregate<R extends JsonObject = JsonObject>(pipeline: readonly PipelineStage[]): Promise<R[]> {
    const stages = compilePipeline(pipeline);
    const table = this.context.table(this.name, false);
    if (!table) return runPipeline(stages, []) as R[];
    // A leading $match narrows the scan through _id or an index; the stage still runs exactly.
    const first = pipeline[0];
    const leading = first && '$match' in first ? first.$match : undefined;
    const docs = leading
      ? table.matching(leading, compileFilter(leading))
      : table.matching(undefined, () => true);
    return runPipeline(stages, docs) as R[];
  }

  async drop(): Promise<boolean> {
    return this.context.dropCollection(this.name);
  }

  private single(operation: WriteOperation): UpdateResult {
    const result = this.write(normalizeWrite(operation));
    return { matched: result.matched, modified: result.modified, upsertedId: result.upsertedId };
  }

  private write(write: NormalizedWrite): SingleWriteResult {
    const create =
      write.kind === 'insert' || ((write.kind === 'update' || write.kind === 'replace') && write.upsert);
    return this.context.transaction(() => {
      const table = this.context.table(this.name, create);
      return table ? executeWrite(table, write) : { ...emptyResult(), upsertedId: null };
    });
  }
}
