import { Module } from '@nestjs/common';
import { AuditLogResolver } from './audit-log.resolver';

/** The audit trail at the API edge (compliance and admin roles), from the audit projection. */
@Module({ providers: [AuditLogResolver] })
export class AuditApiModule {}
