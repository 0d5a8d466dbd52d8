import { HeraldError, isHeraldError } from '@herald/shared-kernel';

/**
 * Every Redis failure (refused connection, retries exhausted, a timeout, a reply error) surfaces
 * as COORDINATION.UNAVAILABLE naming the operation; the ioredis error stays as `cause` for logs.
 */
export async function redisOperation<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isHeraldError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new HeraldError(
      'COORDINATION.UNAVAILABLE',
      `Redis ${operation} failed: ${reason}`,
      { operation },
      { cause: error },
    );
  }
}
