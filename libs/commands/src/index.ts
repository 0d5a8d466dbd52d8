/**
 * @herald/commands — the write side's one way to change an aggregate.
 *
 * 1. A Nest command extends `HeraldCommand<Result>` (so `commandBus.execute(cmd)` is typed
 *    `Promise<Result>`), declares an explicit `commandType` string and carries the request's
 *    `metadata: RequestMetadata` (tenant, actor, correlation/causation/request ids, ip,
 *    user agent, optional idempotency key). Its other fields are the payload (JSON data).
 *
 *      export class RenameOrganizationCommand extends HeraldCommand<{ revision: number }> {
 *        readonly commandType = 'organizations.rename';
 *        constructor(readonly organizationId: string, readonly name: string, metadata: RequestMetadata) {
 *          super(metadata);
 *        }
 *      }
 *
 * 2. Its handler delegates to `CommandPipeline.execute(command, spec)`:
 *
 *      @CommandHandler(RenameOrganizationCommand)
 *      export class RenameOrganizationHandler implements ICommandHandler<RenameOrganizationCommand> {
 *        constructor(private readonly pipeline: CommandPipeline) {}
 *        execute(command: RenameOrganizationCommand) {
 *          return this.pipeline.execute(command, {
 *            decider: organizationDecider,
 *            prepare: (): PreparedCommand<OrganizationCommand> => ({
 *              streamId: organizationStreamId(command.organizationId),
 *              command: (context) => ({ type: 'RenameOrganization', name: command.name, context }),
 *            }),
 *            result: ({ revision }) => ({ revision: revision ?? -1 }),
 *          });
 *        }
 *      }
 *
 *    (Annotate `prepare`'s return type: without it the literal `type` of the domain command
 *    widens to string and the spec does not type-check.)
 *    The pipeline reads the stream, folds `evolve`, calls `decide` with a CommandContext whose
 *    `now` comes from the injected Clock, appends with the exact expected revision
 *    (`no_stream` for a new stream) and re-reads/re-decides on CONCURRENCY.CONFLICT up to
 *    `maxAttempts` (default 4) before surfacing the conflict. Ids a command needs (a new
 *    aggregate id, an invitation id) are drawn from the `ids` passed to `prepare`, never inside
 *    the decider. Event metadata comes from `command.metadata`; `subjectIds` are the events'
 *    personal-field subjects plus `spec.subjectIds(event)` plus `metadata.subjectIds`.
 *    A stream whose first event belongs to another tenant answers NOT_FOUND.
 *
 * 3. Idempotency: with `metadata.idempotencyKey`, a repeat (same tenant, command type and key)
 *    returns the first result (as JSON) and appends nothing; the same key with another payload
 *    fails with COMMAND.IDEMPOTENCY_KEY_REUSED. Ids and event ids of a keyed execution are
 *    derived from the key, so a retry after a crash between append and bookkeeping finds its
 *    events in the stream instead of appending them twice.
 *
 * 4. Wiring: `CommandsModule.forRoot({ eventStore, clock, ids, idempotency })` once per process
 *    (global; it also calls `CqrsModule.forRoot()`), or `forRootWithAdapters({ imports })` when
 *    the adapters come from modules exporting EVENT_STORE, CLOCK, ID_GENERATOR and
 *    IDEMPOTENCY_STORE. Context modules import `CqrsModule` and list their handlers as providers.
 *    Embedded idempotency store: `SqliteIdempotencyStore.open({ path })`.
 */
export * from './request-metadata';
export * from './herald-command';
export * from './pipeline/aggregate-command';
export * from './pipeline/command-pipeline';
export * from './pipeline/command-pipeline.options';
export * from './idempotency/idempotency-store.port';
export * from './idempotency/sqlite-idempotency-store';
export * from './idempotency/deterministic-ids';
export * from './idempotency/fingerprint';
export * from './nest/commands.module';
