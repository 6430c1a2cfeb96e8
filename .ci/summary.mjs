// The end of a CI run: from vitest's JSON results and the test command's exit status, the tests
// skipped and the files that failed outside any test (one that did not load, a hook that threw),
// then the last line "N passed, N failed, N skipped". Every failure counts: a file that failed to
// load, or a run that failed before or around the tests, is never "0 failed".
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [resultsFile, statusText] = process.argv.slice(2);
const status = Number(statusText);

let results;
try {
  results = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
  results = undefined;
}

if (!results) {
  console.log('no test results: the run stopped before the tests (its messages are above)');
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(0);
}

const files = results.testResults ?? [];
const name = (file) => relative(process.cwd(), file.name);
const skipped = files.flatMap((file) =>
  file.assertionResults.filter((test) => ['skipped', 'pending', 'todo'].includes(test.status)).map((test) => `${name(file)} › ${test.fullName}`),
);
const failedOutsideTests = files.filter(
  (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
);

for (const test of skipped) console.log(`skipped: ${test}`);
for (const file of failedOutsideTests) console.log(`failed outside its tests: ${name(file)}: ${(file.message || 'no message').split('\n')[0]}`);
let failed = (results.numFailedTests ?? 0) + failedOutsideTests.length;
if (status !== 0 && failed === 0) {
  console.log(`the test command failed (exit ${status}) with no test failed: its messages are above`);
  failed = 1;
}
console.log(`${results.numPassedTests ?? 0} passed, ${failed} failed, ${skipped.length} skipped`);
