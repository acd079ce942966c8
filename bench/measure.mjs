// Serves the three builds with brotli and measures them side by side in one headless Chromium.
// Started by bench/run (which builds the apps and the pool first); see docs/performance.md.
//
//   node measure.mjs --pool http://127.0.0.1:9230 --app poolgate=DIR --app amplify-form=DIR \
//        --app authenticator=DIR [--runs 15] [--warmup 2] [--rates 1,4] [--out DIR]
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, extname, relative, sep } from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import os from 'node:os';
import { chromium } from 'playwright-core';

// ---- options -------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { apps: [], runs: 15, warmup: 2, rates: [1, 4], out: null, pool: null };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case '--app': {
        const [name, dir] = value().split('=');
        opts.apps.push({ name, dir });
        break;
      }
      case '--pool': opts.pool = value().replace(/\/$/, ''); break;
      case '--runs': opts.runs = positiveInt(value()); break;
      case '--warmup': opts.warmup = Number.parseInt(value(), 10); break;
      case '--rates': opts.rates = value().split(',').map(Number); break;
      case '--out': opts.out = value(); break;
      case '--chromium': opts.chromium = value(); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!opts.pool || opts.apps.length === 0) throw new Error('need --pool and at least one --app');
  if (!opts.apps.some((a) => a.name === BASELINE)) throw new Error(`need an --app ${BASELINE}=DIR (the baseline)`);
  if (opts.rates.some((r) => !(r >= 1))) throw new Error('--rates must be numbers >= 1');
  return opts;
}

function positiveInt(text) {
  const n = Number.parseInt(text, 10);
  if (!(n > 0)) throw new Error(`not a positive number: ${text}`);
  return n;
}

// Every figure is also printed as a ratio to this app's median.
const BASELINE = 'amplify-form';
const USER = 'carol';
const PASSWORD = 'Carol-pass-1';
const LOAD_TIMEOUT_MS = 60_000;
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// ---- static server with precompressed brotli -------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.txt': 'text/plain',
};

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

// Every file compressed once, at quality 11 (what a host precompressing its assets serves).
function loadSite(dir) {
  const files = new Map();
  for (const path of listFiles(dir)) {
    const raw = readFileSync(path);
    const br = brotliCompressSync(raw, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    const url = '/' + relative(dir, path).split(sep).join('/');
    files.set(url, { raw, br, type: TYPES[extname(path)] ?? 'application/octet-stream' });
  }
  if (!files.has('/index.html')) throw new Error(`${dir} has no index.html`);
  return files;
}

// Serves one build on 127.0.0.1 (a port the OS picks). Paths without a file fall back to
// index.html, as a single-page app's host does. Counts the body bytes it sends.
function serve(files) {
  const counter = { bytes: 0, brotliRequests: 0, plainRequests: 0 };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = files.get(path) ?? (extname(path) === '' ? files.get('/index.html') : undefined);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const brotli = /\bbr\b/.test(req.headers['accept-encoding'] ?? '');
    const body = brotli ? file.br : file.raw;
    brotli ? counter.brotliRequests++ : counter.plainRequests++;
    counter.bytes += body.length;
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': body.length,
      'cache-control': 'no-cache',
      vary: 'accept-encoding',
      ...(brotli ? { 'content-encoding': 'br' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, counter, origin: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

// ---- what runs in the page ---------------------------------------------------------------------

// Installed before any page script. Records, on the page's own clock (performance.now(), whose
// zero is the navigation start), the first animation frame in which the username field is
// visible, the submit event, and the first frame in which an <h1> naming the user is visible.
// A frame callback runs just before that frame is painted, so these are paint times to within
// the frame's own rendering work.
const PROBE = `(() => {
  if (window.top !== window) return;
  const bench = (window.__bench = { usernameVisible: null, submitAt: null, protectedVisible: null });
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
  };
  const watch = (found, record) => {
    const frame = () => {
      if (found()) record(performance.now());
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  };
  watch(
    () => [...document.querySelectorAll('input[name="username"]')].some(visible),
    (t) => (bench.usernameVisible = t),
  );
  addEventListener('submit', () => {
    if (bench.submitAt !== null) return;
    bench.submitAt = performance.now();
    watch(
      () => [...document.querySelectorAll('h1')].some((h) => h.textContent.includes(${JSON.stringify(USER)}) && visible(h)),
      (t) => (bench.protectedVisible = t),
    );
  }, true);
})();`;

// One first visit: a fresh browser context (empty cache, storage and cookies), cache disabled,
// CPU throttled; the form filled in and submitted once the username field shows.
async function measureLoad(browser, app, rate, poolOrigin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    const servedBefore = app.counter.bytes;
    await page.goto(app.origin + '/', { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
    const fail = async (what) => {
      const text = await page.evaluate(() => document.body?.innerText.slice(0, 300)).catch(() => '?');
      return new Error(`${app.name} at ${rate}x: ${what}; page says: ${JSON.stringify(text)}; errors: ${errors.join(' | ') || 'none'}`);
    };
    await page
      .waitForFunction(() => window.__bench?.usernameVisible !== null, null, { polling: 50, timeout: LOAD_TIMEOUT_MS })
      .catch(async () => { throw await fail('the username field never showed'); });

    await page.fill('input[name="username"]', USER);
    await page.fill('input[name="password"]', PASSWORD);
    await page.press('input[name="password"]', 'Enter');
    await page
      .waitForFunction(() => window.__bench.protectedVisible !== null, null, { polling: 50, timeout: LOAD_TIMEOUT_MS })
      .catch(async () => { throw await fail(`no <h1> naming ${USER} after submitting`); });

    const probe = await page.evaluate((pool) => {
      const own = location.origin;
      const entries = [
        ...performance.getEntriesByType('navigation'),
        ...performance.getEntriesByType('resource'),
      ];
      const fromApp = entries.filter((e) => new URL(e.name).origin === own);
      const fromPool = entries.filter((e) => new URL(e.name).origin === pool);
      const b = window.__bench;
      return {
        ...b,
        // Resource Timing's encodedBodySize: body bytes as sent (brotli), headers excluded.
        appBytes: fromApp.reduce((sum, e) => sum + e.encodedBodySize, 0),
        appRequests: fromApp.length,
        poolRequestsBeforeForm: fromPool.filter((e) => e.startTime < b.usernameVisible).length,
        poolRequestsAfterSubmit: fromPool.filter((e) => e.startTime >= b.submitAt).length,
        firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      };
    }, poolOrigin);
    return {
      // What the app's server sent for this visit (brotli bodies, headers excluded). Resource
      // Timing sees the same bytes but not always the favicon's, so it is kept only as a check.
      transferBytes: app.counter.bytes - servedBefore,
      resourceTimingBytes: probe.appBytes,
      usernameVisibleMs: probe.usernameVisible,
      signInMs: probe.protectedVisible - probe.submitAt,
      firstContentfulPaintMs: probe.firstContentfulPaint,
      appRequests: probe.appRequests,
      poolRequestsBeforeForm: probe.poolRequestsBeforeForm,
      poolRequestsAfterSubmit: probe.poolRequestsAfterSubmit,
    };
  } finally {
    await context.close();
  }
}

// The pool's own answer time for the sign-in request, timed from Node (no browser), so the
// client's share of "submit → protected page" can be told from the pool's.
async function poolSignInLatency(pool, samples = 5) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    const res = await fetch(pool + '/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: 'localpoolgateappclient0001',
        AuthParameters: { USERNAME: USER, PASSWORD },
      }),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`the pool at ${pool} refused ${USER}'s sign-in (HTTP ${res.status})`);
    times.push(performance.now() - start);
  }
  return summarize(times);
}

// ---- statistics and output ---------------------------------------------------------------------

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function summarize(values) {
  const sorted = values.filter((v) => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

const METRICS = [
  { key: 'transferBytes', label: 'first-visit transfer (KB, brotli)', scale: 1 / 1000, digits: 1 },
  { key: 'usernameVisibleMs', label: 'username field visible (ms)', scale: 1, digits: 0 },
  { key: 'signInMs', label: 'submit → protected page (ms)', scale: 1, digits: 0 },
];

function markdownTable(results, rate) {
  const rows = results.filter((r) => r.rate === rate);
  const base = rows.find((r) => r.app === BASELINE).summary;
  const head = ['app', ...METRICS.flatMap((m) => [m.label, 'ratio'])];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    const cells = [row.app];
    for (const m of METRICS) {
      const s = row.summary[m.key];
      const b = base[m.key];
      if (!s) { cells.push('–', '–'); continue; }
      const f = (v) => (v * m.scale).toFixed(m.digits);
      const spread = s.p25 === s.p75 ? '' : ` (${f(s.p25)}–${f(s.p75)})`;
      cells.push(`${f(s.median)}${spread}`, b && b.median > 0 ? (s.median / b.median).toFixed(2) : '–');
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function machine(browserVersion) {
  const cpuinfo = (() => { try { return readFileSync('/proc/cpuinfo', 'utf8'); } catch { return ''; } })();
  return {
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1),
    chromium: browserVersion,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

// ---- main ----------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const apps = [];
  for (const { name, dir } of opts.apps) {
    const files = loadSite(dir);
    const site = await serve(files);
    const assets = [...files.entries()].filter(([url]) => /\.(js|mjs|wasm|css)$/.test(url));
    const bundleBrotli = assets.reduce((sum, [, f]) => sum + f.br.length, 0);
    apps.push({ name, dir, ...site, bundleBrotli });
    console.log(`${name}: ${site.origin} (${dir}; js+wasm+css ${(bundleBrotli / 1000).toFixed(1)} KB brotli)`);
  }
  const browser = await chromium.launch({
    executablePath: opts.chromium ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  const poolBefore = await poolSignInLatency(opts.pool);
  const loadBefore = os.loadavg();
  const started = new Date();
  const loads = [];
  const failures = [];
  let browserVersion;
  try {
    for (const rate of opts.rates) {
      for (let round = 0; round < opts.warmup + opts.runs; round++) {
        // Interleaved run by run; the order rotates so no app always goes first.
        const order = apps.map((_, i) => apps[(i + round) % apps.length]);
        for (const app of order) {
          const warmup = round < opts.warmup;
          let m;
          try {
            m = await measureLoad(browser, app, rate, opts.pool);
          } catch (e) {
            // One failed load does not throw the run away: it is listed, and the exit code says so.
            console.error(`FAILED ${e.message}`);
            failures.push({ app: app.name, rate, round, warmup, error: e.message });
            continue;
          }
          if (!warmup) loads.push({ app: app.name, rate, round: round - opts.warmup, ...m });
          process.stdout.write(
            `${rate}x ${warmup ? 'warm-up' : `run ${round - opts.warmup + 1}/${opts.runs}`} ${app.name}: ` +
              `${(m.transferBytes / 1000).toFixed(1)} KB, username ${m.usernameVisibleMs.toFixed(0)} ms, ` +
              `sign-in ${m.signInMs.toFixed(0)} ms\n`,
          );
        }
      }
    }
    browserVersion = browser.version();
  } finally {
    await browser.close();
    for (const app of apps) app.server.close();
  }
  for (const app of apps) {
    if (app.counter.plainRequests > 0) {
      console.warn(`warning: ${app.name}: ${app.counter.plainRequests} responses went out uncompressed (no br in Accept-Encoding)`);
    }
  }

  const results = [];
  for (const rate of opts.rates) {
    for (const app of apps) {
      const mine = loads.filter((l) => l.app === app.name && l.rate === rate);
      const summary = {};
      for (const key of ['transferBytes', 'resourceTimingBytes', 'usernameVisibleMs', 'signInMs', 'firstContentfulPaintMs', 'poolRequestsBeforeForm', 'poolRequestsAfterSubmit']) {
        summary[key] = summarize(mine.map((l) => l[key]));
      }
      results.push({ app: app.name, rate, bundleBrotliBytes: app.bundleBrotli, summary });
    }
  }
  const report = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    runs: opts.runs,
    warmup: opts.warmup,
    rates: opts.rates,
    baseline: BASELINE,
    loadAverageBefore: loadBefore,
    loadAverageAfter: os.loadavg(),
    poolInitiateAuthMs: { before: poolBefore, after: await poolSignInLatency(opts.pool) },
    machine: machine(browserVersion),
    results,
    loads,
    failures,
  };

  let md = `Measured ${report.started} (${opts.runs} loads per app and CPU rate after ${opts.warmup} warm-up round${opts.warmup === 1 ? '' : 's'}); ` +
    `medians, p25–p75 in brackets, ratios to the ${BASELINE} median.\n` +
    `Machine: ${report.machine.cpus} CPUs, ${report.machine.cpuModel}, Chromium ${report.machine.chromium}; ` +
    `load average before/after: ${loadBefore.map((v) => v.toFixed(2)).join(' ')} / ${report.loadAverageAfter.map((v) => v.toFixed(2)).join(' ')}.\n`;
  for (const rate of opts.rates) md += `\n**CPU ${rate}×**\n\n${markdownTable(results, rate)}\n`;
  const perApp = (key) => results.filter((r) => r.rate === opts.rates[0])
    .map((r) => `${r.app} ${r.summary[key]?.median ?? '–'}`).join(', ');
  md += '\nBundle (JS + wasm + CSS files, brotli quality 11): ' +
    apps.map((a) => `${a.name} ${(a.bundleBrotli / 1000).toFixed(1)} KB`).join(', ') + '.\n';
  md += '\nFirst contentful paint (median ms): ' + opts.rates.map((rate) => `${rate}×: ` + results.filter((r) => r.rate === rate)
    .map((r) => `${r.app} ${r.summary.firstContentfulPaintMs?.median.toFixed(0) ?? '–'}`).join(', ')).join('; ') + '.';
  const pool = report.poolInitiateAuthMs;
  md += `\nRequests to the pool (median per load): before the username field showed: ${perApp('poolRequestsBeforeForm')}; ` +
    `after submitting: ${perApp('poolRequestsAfterSubmit')}.\n` +
    `The pool alone answers InitiateAuth (USER_PASSWORD_AUTH) in ${pool.before.median.toFixed(0)} ms before the run, ` +
    `${pool.after.median.toFixed(0)} ms after (median of ${pool.before.n}, timed from Node); that part of "submit → protected page" is the pool's.\n`;
  if (failures.length > 0) {
    md += `\n**${failures.length} load(s) failed** and are not in the figures: ` +
      failures.map((f) => `${f.app} at ${f.rate}×${f.warmup ? ' (warm-up)' : ''}`).join(', ') + ' (errors in results.json).\n';
  }
  console.log('\n' + md);
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    writeFileSync(join(opts.out, 'results.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileSync(join(opts.out, 'results.md'), md);
    console.log(`written: ${join(opts.out, 'results.json')}, ${join(opts.out, 'results.md')}`);
  }
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e}`);
  process.exit(1);
});
