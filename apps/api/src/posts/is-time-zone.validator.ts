import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isValidTimeZone } from '@herald/posts';

/** An IANA zone name the runtime knows (`Europe/Paris`); offsets such as `+01:00` are not zones. */
export function IsTimeZone(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be an IANA time zone such as Europe/Paris or America/New_York', ...options },
      validator: {
        validate: (value: unknown): boolean =>
          typeof value === 'string' && value.length <= 64 && isValidTimeZone(value),
      },
    });
  };
}
