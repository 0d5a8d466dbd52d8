import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { IdentityApiModule } from '../identity/identity-api.module';
import { GraphQLAccessGuard } from './access.guard';
import { HeraldGraphQLExceptionFilter } from './herald-exception.filter';
import { heraldValidationPipe } from './validation.pipe';

/** The GraphQL edge's cross-cutting pieces: authentication and roles, validation, error shape. */
@Module({
  imports: [IdentityApiModule],
  providers: [
    { provide: APP_GUARD, useClass: GraphQLAccessGuard },
    { provide: APP_FILTER, useClass: HeraldGraphQLExceptionFilter },
    { provide: APP_PIPE, useFactory: heraldValidationPipe },
  ],
})
export class GraphQLApiModule {}
