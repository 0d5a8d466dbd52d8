import 'reflect-metadata';
import { runOrExit } from '../../api/src/process/run-or-exit';
import { startWorker } from './worker.bootstrap';

void runOrExit(() => startWorker(process.env));
