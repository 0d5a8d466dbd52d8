import { HeraldCommand, type RequestMetadata } from '@herald/commands';

export interface DataExportRequested {
  readonly userId: string;
  /** The compliance context builds the export under this id; the client polls it. */
  readonly exportId: string;
  readonly revision: number | null;
}

export class RequestDataExportCommand extends HeraldCommand<DataExportRequested> {
  readonly commandType = 'identity.requestDataExport';

  constructor(
    readonly userId: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
