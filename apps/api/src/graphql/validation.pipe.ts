import { ValidationPipe } from '@nestjs/common';
import { validationFailure } from './graphql-errors';

/**
 * class-validator on every `@InputType`/`@ArgsType`: unknown fields refused, values transformed
 * (trimmed, typed), and failures raised as VALIDATION.FAILED naming each field.
 */
export function heraldValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailure(errors),
  });
}
