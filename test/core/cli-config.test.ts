/** Command-line flags and environment variables (the core settings). */
import { describe, expect, it } from 'vitest';
import { parseCli, type CliConfig } from '../../src/cli-config.js';

const parse = (argv: string[], env: Record<string, string> = {}) => parseCli(argv, env) as CliConfig;

describe('parseCli', () => {
  it('defaults to 127.0.0.1:12111, in memory, logging', () => {
    expect(parse([])).toMatchObject({ port: 12111, host: '127.0.0.1', apiVersion: undefined, dataFile: undefined, quiet: false });
  });

  it('reads flags (npm start -- --port 4000) and the environment (PORT=4000 npm start)', () => {
    expect(parse(['--port', '4000']).port).toBe(4000);
    expect(parse([], { PORT: '4000' }).port).toBe(4000);
    expect(parse(['--port=4001'], { PORT: '4000' }).port).toBe(4001);
    expect(parse(['--host', '0.0.0.0']).host).toBe('0.0.0.0');
    expect(parse([], { HOST: '::' }).host).toBe('::');
    expect(parse(['--api-version', '2025-05-28.basil']).apiVersion).toBe('2025-05-28.basil');
    expect(parse([], { STRIPE_API_VERSION: '2025-03-31.basil' }).apiVersion).toBe('2025-03-31.basil');
    expect(parse(['--data', 'state.json']).dataFile).toBe('state.json');
    expect(parse([], { STRIPE_EMULATOR_DATA: 'env.json' }).dataFile).toBe('env.json');
    expect(parse(['--quiet']).quiet).toBe(true);
    expect(parse([], { STRIPE_EMULATOR_QUIET: '1' }).quiet).toBe(true);
    expect(parseCli(['--help'], {})).toBe('help');
    expect(parseCli(['-h'], {})).toBe('help');
  });

  it('treats empty environment variables as unset', () => {
    expect(parse([], { PORT: '', HOST: '', STRIPE_API_VERSION: '', STRIPE_EMULATOR_DATA: '' })).toMatchObject({
      port: 12111, host: '127.0.0.1', apiVersion: undefined, dataFile: undefined,
    });
  });

  it('refuses bad ports and unknown flags', () => {
    for (const port of ['http', '-1', '65536', '1.5', '', ' 80']) expect(() => parse([`--port=${port}`])).toThrow(/Invalid port/);
    expect(() => parse([], { PORT: 'abc' })).toThrow(/Invalid port: abc/);
    expect(() => parse(['--nope'])).toThrow(/Unknown option/);
    expect(parse(['--port', '0']).port).toBe(0); // the OS picks one; the start-up line says which
  });
});
