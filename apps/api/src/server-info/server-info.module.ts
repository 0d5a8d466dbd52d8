import { Module } from '@nestjs/common';
import { CLOCK, type Clock } from '@herald/shared-kernel';
import { readPackageInfo } from './package-info';
import { PACKAGE_INFO, ServerInfoResolver, STARTED_AT } from './server-info.resolver';

@Module({
  providers: [
    ServerInfoResolver,
    { provide: PACKAGE_INFO, useFactory: () => readPackageInfo() },
    { provide: STARTED_AT, inject: [CLOCK], useFactory: (clock: Clock) => clock.now() },
  ],
})
export class ServerInfoModule {}
