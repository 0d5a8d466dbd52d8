import 'reflect-metadata';
import { runCli } from './cli';

// exitCode, not exit(): lets stdout drain when it is a pipe.
void runCli(process.argv.slice(2), process.env, process).then((code) => {
  process.exitCode = code;
});
