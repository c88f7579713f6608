// A node:test reporter that writes the totals of one run as JSON, so scripts/test.ts can add up suites.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const data = event.data;
    if (data.details?.type === 'suite') {
      // A suite that failed outside its tests (a hook) still counts as a failure.
      if (event.type === 'test:fail' && data.details?.error?.failureType === 'hookFailed') counts.failed++;
      continue;
    }
    if (data.skip || data.todo) counts.skipped++;
    else if (event.type === 'test:pass') counts.passed++;
    else {
      counts.failed++;
      counts.failures.push(`${data.file ?? ''} › ${data.name}`);
    }
  }
  yield `${JSON.stringify(counts)}\n`;
}
