import { ForbiddenException } from '@nestjs/common';
import { Type, plainToInstance } from 'class-transformer';
import { IsEmail, MinLength, ValidateNested, validateSync } from 'class-validator';
import { GraphQLError } from 'graphql';
import { HeraldError } from '@herald/shared-kernel';
import { sanitizeDetails, toGraphQLError, validationFailure } from './graphql-errors';

class Address {
  @MinLength(2, { message: 'must be at least 2 characters long' })
  city!: string;
}

class Person {
  @IsEmail({}, { message: 'must be a valid email address' })
  email!: string;

  @ValidateNested()
  @Type(() => Address)
  address!: Address;
}

function recordingLog() {
  const lines: { message: string; context: Record<string, unknown> }[] = [];
  return {
    lines,
    log: { error: (message: string, context: Record<string, unknown>) => lines.push({ message, context }) },
  };
}

describe(toGraphQLError.name, () => {
  it('maps a HeraldError to its code, HTTP status, details and the request id', () => {
    const { log, lines } = recordingLog();
    const error = toGraphQLError(
      new HeraldError('CONCURRENCY.CONFLICT', 'The post changed meanwhile.', {
        expectedRevision: 3,
        actualRevision: 4,
      }),
      'req-1',
      log,
    );
    expect(error.message).toBe('The post changed meanwhile.');
    expect(error.extensions).toMatchObject({
      code: 'CONCURRENCY.CONFLICT',
      httpStatus: 409,
      details: { expectedRevision: 3, actualRevision: 4 },
      requestId: 'req-1',
    });
    expect(lines).toEqual([]);
  });

  it('hides an unknown error as INTERNAL and logs it with the request id', () => {
    const { log, lines } = recordingLog();
    const error = toGraphQLError(new Error('SQLITE_CORRUPT: /var/lib/herald/events.db'), 'req-2', log);
    expect(error.message).toBe('An unexpected error occurred; it has been logged.');
    expect(error.extensions).toMatchObject({ code: 'INTERNAL', httpStatus: 500, requestId: 'req-2' });
    expect(JSON.stringify(error.extensions)).not.toContain('SQLITE');
    expect(lines).toEqual([
      expect.objectContaining({
        context: {
          requestId: 'req-2',
          err: expect.objectContaining({ message: 'SQLITE_CORRUPT: /var/lib/herald/events.db' }),
        },
      }),
    ]);
  });

  it("maps Nest's HTTP exceptions by status and keeps GraphQL errors as they are", () => {
    const { log } = recordingLog();
    expect(toGraphQLError(new ForbiddenException(), 'r', log).extensions.code).toBe('AUTH.FORBIDDEN');
    const graphql = new GraphQLError('already shaped', { extensions: { code: 'X' } });
    expect(toGraphQLError(graphql, 'r', log)).toBe(graphql);
  });
});

describe(validationFailure.name, () => {
  it('names every failing field, nested ones by their path, in a message people can act on', () => {
    const person = plainToInstance(Person, { email: 'nope', address: { city: 'X' } });
    const error = validationFailure(validateSync(person));
    expect(error.code).toBe('VALIDATION.FAILED');
    expect(error.details).toEqual({
      field: 'email',
      fields: [
        { field: 'email', messages: ['must be a valid email address'] },
        { field: 'address.city', messages: ['must be at least 2 characters long'] },
      ],
    });
    expect(error.message).toBe(
      'The input is invalid: email: must be a valid email address. address.city: must be at least 2 characters long.',
    );
  });
});

describe(sanitizeDetails.name, () => {
  it('drops secret-looking keys, bounds strings, depth and lists, and keeps JSON only', () => {
    const details = sanitizeDetails({
      field: 'email',
      password: 'hunter2',
      tokenHash: 'abc',
      email: 'ada@example.com',
      long: 'x'.repeat(600),
      when: new Date('2030-01-01T00:00:00.000Z'),
      fn: () => 1,
      nested: { a: { b: { c: { d: 'too deep' } } } },
      list: Array.from({ length: 60 }, (_, index) => index),
      ratio: Number.NaN,
    });
    expect(details).toEqual({
      field: 'email',
      long: `${'x'.repeat(500)}…`,
      when: '2030-01-01T00:00:00.000Z',
      nested: { a: { b: {} } },
      list: Array.from({ length: 50 }, (_, index) => index),
      ratio: null,
    });
  });
});
