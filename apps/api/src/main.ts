import 'reflect-metadata';
import { startApi } from './api.bootstrap';
import { runOrExit } from './process/run-or-exit';

void runOrExit(() => startApi(process.env));
