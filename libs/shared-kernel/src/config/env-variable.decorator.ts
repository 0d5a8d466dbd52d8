import { Expose, Transform } from 'class-transformer';

/** Raw environment as Node gives it. */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface EnvVariableOptions<T> {
  /** Value when the variable is unset or empty; a function sees the whole environment (mode-dependent defaults). */
  readonly default?: T | ((env: Environment) => T);
  /**
   * Turns the string into the property's type. Must not throw: on a value it cannot read it
   * returns the raw string unchanged, so the validators report it with the variable's name.
   */
  readonly parse?: (raw: string) => unknown;
  /** Secrets are never echoed back in error messages. */
  readonly secret?: boolean;
}

interface VariableDescription {
  readonly variable: string;
  readonly secret: boolean;
}

const variablesByClass = new WeakMap<object, Map<string, VariableDescription>>();

/**
 * Binds a config property to one environment variable. An empty string counts as unset:
 * `PORT=` in a compose file or shell means "use the default", not "port zero".
 */
export function EnvVariable<T>(variable: string, options: EnvVariableOptions<T> = {}): PropertyDecorator {
  const expose = Expose({ name: variable });
  const transform = Transform(({ value, obj }: { value: unknown; obj: Environment }) => {
    const raw = typeof value === 'string' ? value.trim() : undefined;
    if (raw === undefined || raw === '') {
      const fallback = options.default;
      return typeof fallback === 'function' ? (fallback as (env: Environment) => T)(obj) : fallback;
    }
    return options.parse ? options.parse(raw) : raw;
  });
  return (target: object, propertyKey: string | symbol) => {
    expose(target, propertyKey);
    transform(target, propertyKey);
    const byProperty = variablesByClass.get(target.constructor) ?? new Map<string, VariableDescription>();
    byProperty.set(String(propertyKey), { variable, secret: options.secret ?? false });
    variablesByClass.set(target.constructor, byProperty);
  };
}

export function describeVariable(configClass: object, property: string): VariableDescription {
  return variablesByClass.get(configClass)?.get(property) ?? { variable: property, secret: false };
}

export function environmentVariables(configClass: object): readonly string[] {
  return [...(variablesByClass.get(configClass)?.values() ?? [])].map((description) => description.variable);
}

/** Strict decimal integers only: `3000.5`, `0x10`, `1e3` and `abc` stay strings and fail validation. */
export const parseInteger = (raw: string): unknown => (/^\d+$/.test(raw) ? Number(raw) : raw);

export const parseList = (raw: string): unknown =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

export const parseUpperCase = (raw: string): unknown => raw.toUpperCase();
