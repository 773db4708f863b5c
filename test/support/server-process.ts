/**
 * Runs the built command line (`node <build>/src/main.js`) as a child process, for tests of what
 * only a real process shows: flags, the log, signals, crashes, start-up failures.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The result of compiling the emulator with tsc into a private directory. */
export interface Build {
  main: string;
  /** tsc's exit status: 0 when there were no type errors (tsc emits either way). */
  status: number | null;
  output: string;
}

/** Compiles the emulator with tsc (src/tsconfig.build.json, as `npm start` does) into test-output/NAME. */
export function buildInto(name: string): Build {
  const outDir = join(ROOT, 'test-output', name);
  rmSync(outDir, { recursive: true, force: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'src', 'tsconfig.build.json'), '--outDir', outDir, '--declaration', 'false', '--sourceMap', 'false'], {
    cwd: ROOT, encoding: 'utf8',
  });
  const main = join(outDir, 'src', 'main.js');
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (!existsSync(main)) throw new Error(`build failed:\n${output}`);
  return { main, status: result.status, output };
}

export function removeBuild(name: string): void {
  rmSync(join(ROOT, 'test-output', name), { recursive: true, force: true });
}

export interface ServerProcess {
  proc: ChildProcess;
  port: number;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  url: string;
}

export interface Started {
  stdout: string[];
  stderr: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Starts the server and resolves once it listens (the port is read from its first line, so
 * `--port 0` works), or rejects with the output when it exits first.
 */
export function startServer(main: string, args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const base = { ...process.env };
  for (const name of ['PORT', 'HOST', 'STRIPE_API_VERSION', 'STRIPE_EMULATOR_DATA', 'STRIPE_EMULATOR_QUIET']) delete base[name];
  const proc = spawn(process.execPath, [main, ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  const lines = (stream: NodeJS.ReadableStream, into: string[], onLine?: (line: string) => void) => {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        into.push(line);
        onLine?.(line);
      }
    });
  };
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start in time:\n${stdout.join('\n')}\n${stderr.join('\n')}`));
    }, 30_000);
    lines(proc.stdout!, stdout, (line) => {
      const m = /listening on http:\/\/([^:]+|\[[^\]]+\]):(\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        const port = Number(m[2]);
        resolvePromise({ proc, port, stdout, stderr, exited, url: `http://127.0.0.1:${port}` });
      }
    });
    lines(proc.stderr!, stderr);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited (${code ?? signal}) before listening:\n${stderr.join('\n')}`), { stdout, stderr, code, signal }));
    });
  });
}

/** Runs the command line expecting it to fail; resolves with its output and exit code. */
export async function failedStart(main: string, args: string[], env: Record<string, string> = {}): Promise<Started> {
  try {
    const s = await startServer(main, args, env);
    s.proc.kill('SIGKILL');
    throw new Error(`expected start-up to fail, but it listens on ${s.port}`);
  } catch (error) {
    const e = error as Error & Partial<Started>;
    if (e.stdout === undefined) throw error;
    return { stdout: e.stdout, stderr: e.stderr!, code: e.code ?? null, signal: e.signal ?? null };
  }
}
