// Scores pages with the MDN HTTP Observatory's own scanner (npm @mdn/mdn-http-observatory),
// called by scripts/observatory.sh (`make observatory`).
//
//   node scripts/observatory.mjs HOST HTTP_PORT HTTPS_PORT PATH...
//
// The package's scan(hostname) fetches http://HOST/ and https://HOST/ on ports 80 and 443 only
// (it does not pass its options on to the retriever), so a site on loopback ports and a page
// other than "/" cannot be scanned through it. This script does what scan() does, with the
// package's own modules, only giving the retriever the ports and the path: retrieve(), the ten
// tests of ALL_TESTS, the score modifiers and the grade chart, and the same rule for extra
// credit (bonuses count only once the score without them is at least
// MINIMUM_SCORE_FOR_EXTRA_CREDIT). Nothing is reimplemented but that loop.
//
// Prints, for each path, the grade, the score and the table of tests (result, pass, modifier),
// then one JSON line per path prefixed "RESULT " for the shell script. Exits 0 when every
// page scored at least 100 (A+), 1 otherwise, 2 on a usage or scan error.
//
// Node must trust the throwaway certificate (NODE_EXTRA_CA_CERTS, set by the caller): the
// scanner retries an untrusted certificate without verification and then fails redirection
// ("redirection-invalid-cert") and HSTS ("hsts-invalid-cert").

import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const PACKAGE = "@mdn/mdn-http-observatory";
const A_PLUS = 100;

// The HSTS preload list the package's install script downloads from the Chromium source (never
// run here: npm ci --ignore-scripts) is read from conf/hsts-preload.json. Its stand-in is an
// empty list: no host is preloaded (`localhost` never is), so redirection and HSTS are judged
// from what the site answers. An existing file is left as it is.
function hstsPreloadStandIn() {
  const root = dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`));
  const list = join(root, "conf", "hsts-preload.json");
  if (!existsSync(list)) {
    writeFileSync(list, "{}\n");
    console.error(`observatory: wrote an empty HSTS preload list (stand-in) to ${list}`);
  }
}
hstsPreloadStandIn();

// Imported once the stand-in exists (static imports would be evaluated before it is written).
const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await import(`${PACKAGE}/src/grader/charts.js`);
const { getGradeForScore, getScoreModifier } = await import(`${PACKAGE}/src/grader/grader.js`);
const { retrieve } = await import(`${PACKAGE}/src/retriever/retriever.js`);
const { ALL_TESTS } = await import(`${PACKAGE}/src/constants.js`);

async function scanPage(hostname, httpPort, httpsPort, path) {
  const r = await retrieve(hostname, { httpPort, httpsPort, path });
  if (!r.responses.auto) {
    throw new Error(`no answer from ${hostname} on ports ${httpPort} and ${httpsPort}`);
  }
  const { status } = r.responses.auto;
  if (status < 200 || (status >= 400 && ![401, 403].includes(status))) {
    throw new Error(`${path} answered HTTP ${status}`);
  }
  const tests = ALL_TESTS.map((test) => test(r));
  let withExtraCredit = 100;
  let uncurved = 100;
  for (const result of tests) {
    if (result.result) {
      result.scoreModifier = getScoreModifier(result.result);
      withExtraCredit += result.scoreModifier;
      if (result.scoreModifier < 0) {
        uncurved += result.scoreModifier;
      }
    }
  }
  const score = uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved;
  const final = getGradeForScore(score);
  return {
    path,
    url: r.session?.url?.href ?? null,
    status,
    grade: final.grade,
    score: final.score,
    tests: tests.map((t) => ({
      name: t.constructor.name,
      result: t.result,
      pass: t.pass,
      modifier: t.scoreModifier,
    })),
  };
}

function table(page) {
  const width = Math.max(...page.tests.map((t) => String(t.result).length));
  const lines = [`${page.path}  ${page.grade} (${page.score})  HTTP ${page.status}`];
  for (const t of page.tests) {
    const modifier = t.modifier > 0 ? `+${t.modifier}` : String(t.modifier);
    const name = t.name.padEnd(32);
    const result = String(t.result).padEnd(width);
    lines.push(`  ${name} ${result}  ${t.pass ? "pass" : "FAIL"}  ${modifier.padStart(3)}`);
  }
  return lines.join("\n");
}

async function main() {
  const [hostname, httpPort, httpsPort, ...paths] = process.argv.slice(2);
  if (!hostname || !httpPort || !httpsPort || paths.length === 0) {
    console.error("usage: node scripts/observatory.mjs HOST HTTP_PORT HTTPS_PORT PATH...");
    return 2;
  }
  const pages = [];
  for (const path of paths) {
    pages.push(await scanPage(hostname, httpPort, httpsPort, path));
  }
  for (const page of pages) {
    console.log(table(page));
    console.log("");
  }
  for (const page of pages) {
    console.log(`RESULT ${JSON.stringify(page)}`);
  }
  return pages.every((page) => page.score >= A_PLUS) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`observatory: ${error.message}`);
    process.exit(2);
  },
);
