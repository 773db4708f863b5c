/**
 * Browser tests: an emulator served on an ephemeral loopback port and Debian's
 * Chromium driven by playwright-core. `chromiumMissing()` says why the tests
 * cannot run here (they are skipped, with that message, instead of failing).
 */
import { serve, type ServerType } from '@hono/node-server';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { createEmulator, type Emulator } from '../../src/index.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'screenshots');

/** Why the browser tests cannot run on this machine, or null when they can. */
export function chromiumMissing(): string | null {
  if (!existsSync(CHROMIUM_PATH)) {
    return `Chromium not found at ${CHROMIUM_PATH} (install it with \`apt-get install -y chromium\`, or set CHROMIUM_PATH)`;
  }
  return null;
}

export interface Served {
  emulator: Emulator;
  baseUrl: string;
  close(): Promise<void>;
}

/** An emulator listening on 127.0.0.1 on a free port; its public URL (links it hands out) is that address. */
export async function serveEmulator(): Promise<Served> {
  let handler: ((req: Request) => Response | Promise<Response>) | null = null;
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: (req) => (handler ? handler(req) : new Response('starting', { status: 503 })), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const emulator = await createEmulator({ quiet: true, logger: () => {}, publicUrl: baseUrl });
  handler = (req) => emulator.app.fetch(req);
  return {
    emulator,
    baseUrl,
    async close() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closing;
      await emulator.close();
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Empties test-output/screenshots/ (a run leaves only its own screenshots). */
export function clearScreenshots(): void {
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}

/** Writes a full-page screenshot to test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
