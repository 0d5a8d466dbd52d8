import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { HeraldError } from '../errors/herald-error';
import { REQUIRED_CONSTRAINT } from './config-validators';
import { describeVariable, type Environment } from './env-variable.decorator';
import { HeraldConfig } from './herald-config';

export interface ConfigProblem {
  readonly variable: string;
  readonly reason: string;
}

/**
 * Reads and validates the configuration once, at start-up. Every problem is reported at
 * once (fixing a deployment one restart per variable is miserable), each naming its
 * variable; secret values are never echoed.
 * @throws HeraldError CONFIG.INVALID, `details.variables` listing the offending variables.
 */
export function loadConfig(env: Environment = process.env): HeraldConfig {
  const config = plainToInstance(HeraldConfig, { ...env }, { excludeExtraneousValues: true });
  const problems = validateSync(config, { forbidUnknownValues: true }).flatMap((error) =>
    describeProblems(error, env),
  );
  if (problems.length > 0) {
    throw new HeraldError(
      'CONFIG.INVALID',
      [
        'Invalid configuration:',
        ...problems.map((problem) => `  - ${problem.variable} ${problem.reason}`),
      ].join('\n'),
      { variables: problems.map((problem) => problem.variable) },
    );
  }
  return Object.freeze(config);
}

function describeProblems(error: ValidationError, env: Environment): ConfigProblem[] {
  const { variable, secret } = describeVariable(HeraldConfig, error.property);
  const constraints = error.constraints ?? {};
  const missing = constraints[REQUIRED_CONSTRAINT];
  if (missing !== undefined) return [{ variable, reason: missing }];
  const raw = env[variable];
  const shown = secret || raw === undefined ? '' : ` (got ${JSON.stringify(raw)})`;
  // One line per variable: several failed constraints usually say the same thing.
  const reasons = [...new Set(Object.values(constraints))];
  return [{ variable, reason: `${reasons.join('; ')}${shown}` }];
}
