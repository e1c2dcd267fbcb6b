// Open `mot report` pages in headless Chromium and check them against
// `mot analyze` and `mot pitch` on the same files.
//
//   node check_report.cjs PLAYWRIGHT_DIR ARTEFACT_DIR ANALYZE_JSONL \
//        [--index INDEX_HTML N_ROWS] [--pair NAME LEFT RIGHT] [--shot NAME] PAGE...
//
// Each PAGE's file (its <h1>) has a record in ANALYZE_JSONL and a pitch
// track in FILE.pitch.csv. --shot NAME saves the screenshot of the PAGE
// after it as ARTEFACT_DIR/NAME.png; --pair saves the top of two pages side
// by side as ARTEFACT_DIR/NAME.png. Prints one line per check failed and
// exits 1 if any failed.
'use strict';
const fs = require('fs');
const path = require('path');

const [pwDir, artefacts, analyzePath, ...rest] = process.argv.slice(2);
const { chromium } = require(path.join(pwDir, 'node_modules', 'playwright-core'));

let failures = 0;
function check(ok, what) {
  if (!ok) {
    failures++;
    console.log('FAIL: ' + what);
  }
}

// The raw text of each value in the JSON line, so that numbers compare as
// `mot analyze` wrote them ("0.0000", not 0).
function rawRecord(line) {
  const re = /"([a-z0-9_]+)":(null|true|false|"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[-0-9.eE+]+)/g;
  const out = {};
  for (let m; (m = re.exec(line));) out[m[1]] = m[2];
  return out;
}

const records = {};
for (const line of fs.readFileSync(analyzePath, 'utf8').split('\n').filter(Boolean)) {
  records[JSON.parse(line).file] = { raw: rawRecord(line), json: JSON.parse(line) };
}

// Frame centres and F0 of `mot pitch`, which prints every frame of the file.
function pitchTrack(file) {
  return fs.readFileSync(file + '.pitch.csv', 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split(',').map(Number)).map(([t, f0]) => ({ t, f0 }));
}

// Coordinate pairs in an SVG path's d attribute ("M x y x y ... M x y").
function pathPoints(d) {
  const numbers = (d || '').match(/-?[0-9.]+/g) || [];
  return numbers.length / 2;
}

// What the record table on the page should show for a raw JSON value.
function shown(raw) {
  if (raw.startsWith('[')) {
    const codes = JSON.parse(raw);
    return codes.length ? codes.join(', ') : 'none';
  }
  return raw.startsWith('"') ? JSON.parse(raw) : raw;
}

async function checkPage(browser, page, shot) {
  const p = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  p.on('request', (r) => !r.url().startsWith('file:') && !r.url().startsWith('data:') &&
    errors.push('network request: ' + r.url()));
  await p.goto('file://' + path.resolve(page));
  await p.waitForSelector('body[data-ready="1"]', { timeout: 10000 });
  const name = await p.textContent('#file');
  const rec = records[name];
  check(rec, `${page}: no analyze record for "${name}"`);
  if (!rec) return;
  const { raw, json } = rec;

  // Verdict, score, reasons and every measure, as `mot analyze` says.
  const word = await p.textContent('#verdict-word');
  check(word === (json.dull ? 'Dull opening' : 'Lively opening'), `${page}: verdict "${word}"`);
  check(await p.textContent('#dull-score') === raw.dull_score,
    `${page}: dull_score ${await p.textContent('#dull-score')} vs ${raw.dull_score}`);
  const codes = await p.$$eval('article.reason', (a) => a.map((x) => x.dataset.code));
  check(JSON.stringify(codes) === JSON.stringify(json.reasons), `${page}: reasons ${codes}`);
  const table = await p.$$eval('#record tr[data-key]',
    (rows) => rows.map((r) => [r.dataset.key, r.cells[1].textContent]));
  check(table.length === Object.keys(raw).length - 1, `${page}: ${table.length} record rows`);
  for (const [key, text] of table) {
    check(key in raw && text === shown(raw[key]), `${page}: ${key} shows "${text}", analyze "${raw[key]}"`);
  }

  // Plots: one point per frame of the span, one pitch point per voiced
  // frame, the judged ones exactly those of the window, one dot per nucleus.
  const svg = await p.$eval('#plots', (s) => ({ ...s.dataset }));
  const t0 = +svg.t0, t1 = +svg.t1, x0 = +svg.x0, x1 = +svg.x1;
  const nFrames = Math.round((t1 - t0) / 0.01);
  const d = async (sel) => p.$eval(sel, (e) => e.getAttribute('d')).catch(() => '');
  check(pathPoints(await d('#energy')) === nFrames, `${page}: energy points vs ${nFrames} frames`);
  check(pathPoints(await d('#wave-envelope')) === 2 * nFrames, `${page}: envelope points`);
  const track = pitchTrack(name);
  const voicedIn = (a, b) => track.filter((f) => f.f0 > 0 && f.t > a && f.t < b).length;
  const judged = pathPoints(await d('#pitch-judged'));
  const context = pathPoints(await d('#pitch-context'));
  const ws = json.window_start_s, we = json.window_end_s, heard = ws !== null;
  check(judged === voicedIn(ws, we), `${page}: ${judged} judged pitch points, ${voicedIn(ws, we)} voiced window frames`);
  check(judged === +svg.nVoiced, `${page}: judged pitch points vs n_voiced ${svg.nVoiced}`);
  check(judged + context === voicedIn(t0, t1), `${page}: ${judged + context} pitch points, ${voicedIn(t0, t1)} voiced frames`);
  const dots = await p.$$eval('#nuclei circle', (c) => c.length);
  const nuclei = heard ? Math.round(json.syllable_rate_hz * (we - ws)) : 0;
  check(dots === nuclei && dots === +svg.nNuclei, `${page}: ${dots} nucleus marks, ${nuclei} nuclei`);
  check(await p.$$eval('#mark-provisional', (m) => m.length) === (heard && t1 > ws + 4 ? 1 : 0),
    `${page}: the 4 s mark`);
  check(await p.$$eval('#pitch .pauses rect', (r) => r.length) > 0, `${page}: no pause shaded`);
  check(await p.$$eval('#pitch .window rect', (r) => r.length) === (heard ? 1 : 0),
    `${page}: the window's shading`);

  // Nothing is fetched from outside the page.
  check(await p.$$eval('script[src], link[href], img[src], iframe', (e) => e.length) === 0,
    `${page}: external resources`);

  // The audio is the span, and the playhead follows it.
  await p.waitForFunction(() => document.getElementById('audio').readyState >= 1, null, { timeout: 10000 });
  const duration = await p.$eval('#audio', (a) => a.duration);
  check(Math.abs(duration - (t1 - t0)) < 0.02, `${page}: audio lasts ${duration} s, span ${t1 - t0} s`);
  const headAt = async (t) => {
    await p.$eval('#audio', (a, t) => new Promise((done) => {
      a.addEventListener('seeked', () => requestAnimationFrame(() => done()), { once: true });
      a.currentTime = t;
    }), t);
    return p.$eval('#playhead', (l) => [+l.getAttribute('x1'), l.getAttribute('visibility')]);
  };
  const span = t1 - t0;
  for (const t of [0.25 * span, 0.6 * span]) {
    const [x, vis] = await headAt(t);
    const want = x0 + (t / (t1 - t0)) * (x1 - x0);
    check(vis === 'visible' && Math.abs(x - want) < 1, `${page}: playhead at ${x} for ${t} s, wanted ${want}`);
  }
  const moving = await p.$eval('#audio', async (a) => {
    const head = document.getElementById('playhead');
    a.muted = true;
    a.currentTime = 0.1 * a.duration;
    await a.play();
    await new Promise((r) => setTimeout(r, 150));
    const before = +head.getAttribute('x1');
    await new Promise((r) => setTimeout(r, 400));
    const after = +head.getAttribute('x1');
    a.pause();
    return [before, after];
  });
  check(moving[1] > moving[0] + 5, `${page}: playhead did not move while playing (${moving})`);

  // A click on a plot seeks there.
  const width = await p.$eval('#plots', (s) => s.getBoundingClientRect().width);
  const tClick = 0.4 * span;
  await p.click('#plots', { position: { x: (x0 + (tClick / span) * (x1 - x0)) / 1000 * width, y: 200 } });
  const now = await p.$eval('#audio', (a) => a.currentTime);
  check(Math.abs(now - tClick) < 0.05, `${page}: click sought to ${now} s, wanted ${tClick}`);

  check(errors.length === 0, `${page}: ${errors.join('; ')}`);
  if (shot) {
    await p.evaluate(() => { document.getElementById('audio').currentTime = 4.5; });
    await p.waitForTimeout(100);
    await p.screenshot({ path: path.join(artefacts, shot + '.png'), fullPage: true });
  }
  await p.close();
}

async function checkIndex(browser, index, nRows) {
  const p = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto('file://' + path.resolve(index));
  await p.waitForSelector('body[data-ready="1"]', { timeout: 10000 });
  const rows = await p.$$eval('#calls tbody tr', (r) => r.length);
  check(rows === nRows, `${index}: ${rows} rows, wanted ${nRows}`);
  const hrefs = await p.$$eval('#calls tbody a', (a) => a.map((x) => x.getAttribute('href')));
  for (const h of hrefs) check(fs.existsSync(path.join(path.dirname(index), h)), `${index}: link ${h} to nothing`);
  for (const row of await p.$$eval('#calls tbody tr', (r) => r.map((x) => [x.cells[1].dataset.v, x.cells[3].dataset.v]))) {
    const rec = records[row[0]];
    check(!rec || rec.raw.dull_score === (row[1] || 'null'), `${index}: ${row[0]} score ${row[1]}`);
  }
  // Sorting by dull score: up, then down; unknown scores last both times.
  const scores = () => p.$$eval('#calls tbody tr', (r) => r.map((x) => x.cells[3].dataset.v));
  const sorted = (v, up) => {
    const known = v.filter((s) => s !== '').map(Number);
    const ok = known.every((s, i) => i === 0 || (up ? known[i - 1] <= s : known[i - 1] >= s));
    return ok && v.slice(known.length).every((s) => s === '');
  };
  await p.click('#calls th:nth-child(4)');
  check(sorted(await scores(), true), `${index}: not sorted up by score: ${await scores()}`);
  await p.click('#calls th:nth-child(4)');
  check(sorted(await scores(), false), `${index}: not sorted down by score: ${await scores()}`);
  await p.click('#calls th:nth-child(1)');
  check(errors.length === 0, `${index}: ${errors.join('; ')}`);
  await p.screenshot({ path: path.join(artefacts, 'report-index.png'), fullPage: true });
  await p.close();
}

// Two pages side by side (their top: verdict, reasons, standing, plots),
// as one picture for the README.
async function sideBySide(browser, name, left, right) {
  const shots = [];
  for (const page of [left, right]) {
    const p = await browser.newPage({ viewport: { width: 1000, height: 1700 } });
    await p.goto('file://' + path.resolve(page));
    await p.waitForSelector('body[data-ready="1"]', { timeout: 10000 });
    const bottom = await p.$eval('#plots', (s) => s.getBoundingClientRect().bottom + 12);
    shots.push((await p.screenshot({ clip: { x: 0, y: 0, width: 1000, height: bottom } })).toString('base64'));
    await p.close();
  }
  const p = await browser.newPage({ viewport: { width: 2020, height: 800 } });
  await p.setContent('<body style="margin:0;background:#cfd6de;display:flex;gap:20px;align-items:flex-start">' +
    shots.map((b) => `<img style="width:1000px" src="data:image/png;base64,${b}">`).join('') + '</body>');
  await p.waitForFunction(() => [...document.images].every((i) => i.complete));
  await p.screenshot({ path: path.join(artefacts, name + '.png'), fullPage: true });
  await p.close();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '--index') {
        await checkIndex(browser, rest[i + 1], +rest[i + 2]);
        i += 2;
      } else if (rest[i] === '--pair') {
        await sideBySide(browser, rest[i + 1], rest[i + 2], rest[i + 3]);
        i += 3;
      } else if (rest[i] === '--shot') {
        await checkPage(browser, rest[i + 2], rest[i + 1]);
        i += 2;
      } else {
        await checkPage(browser, rest[i], null);
      }
    }
  } finally {
    await browser.close();
  }
  process.exit(failures ? 1 : 0);
})().catch((e) => {
  console.log('FAIL: ' + (e.stack || e));
  process.exit(1);
});
