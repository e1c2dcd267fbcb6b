// The dashboard in a real browser (headless Chromium through playwright-core).
//   node dashboard.cjs URL DULL_CALL BRIGHT_CALL SCREENSHOT.png
// Opens the page, says "ready" on stdout once its event stream is open, then
// waits for the two calls: the dull one must be highlighted and announced,
// the bright one not. Names the dull call's agent through the API, takes a
// screenshot with both calls on screen, waits for the dull call in "Recently
// ended", and prints what it saw as one JSON line.
const { chromium } = require('playwright-core');

const [url, dullCall, brightCall, shot] = process.argv.slice(2);

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const out = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 560 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const offsite = [];
    page.on('request', (r) => { if (!r.url().startsWith(url.split('?')[0].replace(/\/$/, ''))) offsite.push(r.url()); });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 10000 });
    console.log('ready');

    const dullRow = `#active tr[data-call="${dullCall}"]`;
    const brightRow = `#active tr[data-call="${brightCall}"]`;
    await page.waitForSelector(dullRow, { timeout: 15000 });
    out.label_status = await page.evaluate(async ([call, u]) => {
      const q = new URL(u).search;
      const r = await fetch('/api/calls/' + call + q, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"agent":"Dana"}',
      });
      return r.status;
    }, [dullCall, url]);
    const banner = `#alerts .banner[data-call="${dullCall}"] span`;
    await page.waitForSelector(banner, { timeout: 30000 });
    out.first_banner = await page.textContent(banner); // the provisional one, at 4 s
    await page.waitForSelector(`${dullRow}.dull[data-state="final"]`, { timeout: 30000 });
    await page.waitForSelector(`${brightRow}[data-state="final"]`, { timeout: 30000 });
    await page.waitForSelector(`#alerts .banner[data-call="${dullCall}"]`, { timeout: 5000 });
    await page.waitForTimeout(1200); // one more snapshot: the label and sparklines drawn
    // One synchronous read: the table is rebuilt on every snapshot, so reads
    // spread over several round trips can land on rows already replaced.
    Object.assign(out, await page.evaluate(([d, b]) => {
      const bg = (row) => {
        const td = document.querySelector(`${row} td:nth-child(3)`);
        return td ? getComputedStyle(td).backgroundColor : null;
      };
      const dull = document.querySelector(d);
      const bright = document.querySelector(b);
      return {
        dull_class: dull && dull.getAttribute('class'),
        bright_class: bright && bright.getAttribute('class'),
        dull_bg: bg(d),
        bright_bg: bg(b),
        dull_row_text: dull && dull.textContent.replace(/\s+/g, ' ').trim(),
        banners: [...document.querySelectorAll('#alerts .banner span')].map((x) => x.textContent),
        spark_paths: document.querySelectorAll('#active svg.spark path').length,
      };
    }, [dullRow, brightRow]));
    await page.screenshot({ path: shot, fullPage: true });

    await page.waitForSelector(`#ended tr[data-call="${dullCall}"][data-dull="1"]`, { timeout: 30000 });
    out.ended_text = (await page.textContent(`#ended tr[data-call="${dullCall}"]`)).replace(/\s+/g, ' ').trim();
    out.errors = errors;
    out.offsite = offsite;
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(String(e)); process.exit(1); });
