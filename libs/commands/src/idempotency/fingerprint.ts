import { createHash } from 'node:crypto';
import { canonicalJson } from '@herald/event-store';
import { commandPayload, type HeraldCommand } from '../herald-command';

/** Same command type and payload (whatever the key order or Date vs ISO string) → same fingerprint. */
export function commandFingerprint(command: HeraldCommand<unknown>): string {
  const plain: unknown = JSON.parse(
    JSON.stringify({ type: command.commandType, payload: commandPayload(command) }),
  );
  return createHash('sha256').update(canonicalJson(plain)).digest('hex');
}
