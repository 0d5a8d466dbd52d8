import { hkdfSync } from 'node:crypto';
import { Logger, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OrganizationsModule } from '@herald/organizations';
import { HeraldConfig, resolveMasterKey } from '@herald/shared-kernel';
import { IdentityApiModule } from '../identity/identity-api.module';
import { INVITATION_TOKEN_KEY, OrganizationsResolver } from './organizations.resolver';

/** Organization queries and mutations over the organizations context and projection. */
@Module({
  imports: [CqrsModule, OrganizationsModule, IdentityApiModule],
  providers: [
    OrganizationsResolver,
    {
      provide: INVITATION_TOKEN_KEY,
      inject: [HeraldConfig],
      useFactory: (config: HeraldConfig): Buffer =>
        Buffer.from(
          hkdfSync(
            'sha256',
            resolveMasterKey(config, new Logger('Organizations')),
            Buffer.alloc(0),
            'herald/invitation-token/v1',
            32,
          ),
        ),
    },
  ],
})
export class OrganizationsApiModule {}
