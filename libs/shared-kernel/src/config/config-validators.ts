import { ValidateBy, ValidateIf, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * A URL with one of the given schemes. A pattern, not `new URL()`: MongoDB, Kafka-style and
 * EventStoreDB cluster strings list several `host:port` pairs, which WHATWG URLs reject.
 */
export function IsUrlWithScheme(schemes: readonly string[], options?: ValidationOptions): PropertyDecorator {
  const escaped = schemes.map((scheme) => scheme.replace(/[+.]/g, '\\$&'));
  const pattern = new RegExp(`^(${escaped.join('|')})://[^\\s/?#]+(\\S*)$`);
  return ValidateBy(
    {
      name: 'isUrlWithScheme',
      validator: { validate: (value: unknown) => typeof value === 'string' && pattern.test(value) },
    },
    {
      message: `must be a URL starting with ${schemes.map((scheme) => `${scheme}://`).join(' or ')}`,
      ...options,
    },
  );
}

/** Standard base64 of exactly 32 bytes: the AES-256 master key wrapping every data key. */
export function IsBase64Key32(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBase64Key32',
      validator: { validate: (value: unknown) => typeof value === 'string' && isBase64Key32(value) },
    },
    {
      message: 'must be 32 random bytes in standard base64 (44 characters; e.g. `openssl rand -base64 32`)',
      ...options,
    },
  );
}

export function isBase64Key32(value: string): boolean {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(value)) return false;
  return Buffer.from(value, 'base64').length === 32;
}

/** `host:port` items, as Kafka brokers are listed. */
export function IsHostPortList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isHostPortList',
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.length > 0 &&
          value.every((item) => typeof item === 'string' && isHostPort(item)),
      },
    },
    { message: 'must be a comma-separated list of host:port (e.g. kafka-1:9092,kafka-2:9092)', ...options },
  );
}

function isHostPort(item: string): boolean {
  const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(item);
  return match !== null && Number(match[2]) > 0 && Number(match[2]) <= 65535;
}

/**
 * The variable is validated when set, and required when `required(config)` holds. The message
 * explains why it is required, which is what an operator needs to fix a deployment.
 */
export function RequiredWhen<T extends object>(
  required: (config: T) => boolean,
  reason: (config: T) => string,
): PropertyDecorator {
  const condition = ValidateIf((config: T, value: unknown) => value !== undefined || required(config));
  const defined = ValidateBy(
    { name: 'isDefined', validator: { validate: (value: unknown) => value !== undefined && value !== null } },
    { message: (args: ValidationArguments) => `is required ${reason(args.object as T)}` },
  );
  return (target: object, propertyKey: string | symbol) => {
    condition(target, propertyKey);
    defined(target, propertyKey);
  };
}

export const REQUIRED_CONSTRAINT = 'isDefined';
