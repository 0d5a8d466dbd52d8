import { applyDecorators } from '@nestjs/common';
import { Field, ID, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_PAGE_SIZE } from '@herald/projections/support';
import { UUID } from '../identity/auth.inputs';

/** Input pieces several contexts' GraphQL arguments share; the schema they print is unchanged. */

export const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'One per user intent: a retry with the same key returns the first answer and changes nothing (1 to 255 characters).';

// applyDecorators applies its list first to last, while stacked decorators apply bottom-up: each
// list below is the stack reversed, so validation constraints register (and report) as before.

/** The optional `idempotencyKey` field of a command's arguments or input. */
export const IdempotencyKeyField = (description: string = IDEMPOTENCY_KEY_DESCRIPTION): PropertyDecorator =>
  applyDecorators(MaxLength(255), MinLength(1), IsString(), IsOptional(), Field(() => String, { nullable: true, description }));

/** A required `ID` argument holding a UUID; `message` names what it identifies. */
export const UuidIdField = (message: string): PropertyDecorator =>
  applyDecorators(Matches(UUID, { message }), Field(() => ID));

/** The opaque cursor a page of a connection continues after. */
export const PageCursorField = (): PropertyDecorator =>
  applyDecorators(MaxLength(512), IsString(), IsOptional(), Field(() => String, { nullable: true }));

/** How many items a page holds, 1 to MAX_PAGE_SIZE. */
export const PageLimitField = (): PropertyDecorator =>
  applyDecorators(
    Max(MAX_PAGE_SIZE),
    Min(1),
    IsInt(),
    Type(() => Number),
    IsOptional(),
    Field(() => Int, { nullable: true, description: `1 to ${MAX_PAGE_SIZE}; 50 when absent.` }),
  );
