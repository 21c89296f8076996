// Benchmark (not a test): `memgen lint` beside `promtool check rules` on the same files in the same run.
// Files: Prometheus's rules_large.yml (10,002 recording rules) and a generated file of 10,000 alerts with
// realistic expressions. Prints wall time (best and median of N runs, the tools taking turns) and peak RSS
// (from GNU time) of each tool, and their ratio.
// Usage: npm run bench:lint  (or node bench/lint.mjs [runs])
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/src/cli/main.js');
const runs = Number(process.argv[2] ?? 3);

// Realistic alert shapes: thresholds on gauges, rates of counters, quantiles over bucket rates, joins.
const SHAPES = [
  (i) => `process_rss_bytes{job="svc-${i}"} > ${900 + (i % 100)} * 1024 * 1024`,
  (i) => `sum by (job, instance) (rate(http_requests_total{job="svc-${i}", code=~"5.."}[5m])) / sum by (job, instance) (rate(http_requests_total{job="svc-${i}"}[5m])) > 0.05`,
  (i) => `histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket{job="svc-${i}"}[5m]))) > 0.5`,
  (i) => `deriv(process_rss_bytes{job="svc-${i}"}[10m]) * 60 > 5242880`,
  (i) => `container_memory_working_set_bytes{namespace="ns-${i}"} / on (namespace, pod, container) group_left kube_pod_container_resource_limits{resource="memory"} > 0.9`,
  (i) => `absent(up{job="svc-${i}"})`,
  (i) => `predict_linear(node_filesystem_avail_bytes{job="node-${i}"}[6h], 4 * 3600) < 0`,
  (i) => `max_over_time(process_rss_bytes{job="svc-${i}"}[1h:1m]) - process_rss_bytes{job="svc-${i}"} offset 1h > 104857600`,
];

function alertsFile(n) {
  const lines = ['groups:'];
  for (let g = 0; g < n / 100; g++) {
    lines.push(`  - name: group-${g}`, '    rules:');
    for (let k = 0; k < 100; k++) {
      const i = g * 100 + k;
      lines.push(
        `      - alert: ServiceAlert${i}`,
        `        expr: ${SHAPES[i % SHAPES.length](i)}`,
        '        for: 5m',
        '        labels:',
        `          severity: ${['critical', 'warning', 'info'][i % 3]}`,
        '        annotations:',
        `          summary: Service ${i} needs attention.`,
        `          description: "{{ $labels.job }} reports {{ $value | humanize }}."`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function runOnce(cmd, args) {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const [wall, rssKiB] = (res.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { wall, rssMiB: rssKiB / 1024, status: res.status };
}

/** Runs the tools in turn, `runs` times, so a busy moment of the machine slows both alike. */
function compare(tools) {
  const results = tools.map(() => []);
  for (let r = 0; r < runs; r++) tools.forEach(([cmd, args], i) => results[i].push(runOnce(cmd, args)));
  return results.map((list) => {
    const walls = list.map((m) => m.wall).sort((a, b) => a - b);
    return { best: walls[0], median: walls[walls.length >> 1], rssMiB: Math.max(...list.map((m) => m.rssMiB)), status: list[0].status };
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'memgen-bench-'));
const generated = path.join(dir, 'alerts-10000.yaml');
writeFileSync(generated, alertsFile(10_000));
const files = [
  ['rules_large.yml (10,002 records)', path.resolve(root, 'test/fixtures/corpus/promtool-testdata/rules_large.yml')],
  ['generated (10,000 alerts)', generated],
];

const version = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
console.log(`memgen lint vs ${version}; ${runs} runs each, taking turns; wall seconds (best / median), peak RSS MiB\n`);
console.log(`${'file'.padEnd(34)} ${'memgen lint'.padStart(24)} ${'promtool check rules'.padStart(24)}   memgen/promtool`);
for (const [label, file] of files) {
  const [ours, theirs] = compare([
    [process.execPath, [cli, 'lint', '--format', 'json', file]],
    ['promtool', ['check', 'rules', file]],
  ]);
  const cell = (m) => `${m.best.toFixed(2)} / ${m.median.toFixed(2)}s ${m.rssMiB.toFixed(0).padStart(4)} MiB`;
  const ratio = `${(ours.median / theirs.median).toFixed(2)}x time, ${(ours.rssMiB / theirs.rssMiB).toFixed(2)}x memory`;
  console.log(`${label.padEnd(34)} ${cell(ours).padStart(24)} ${cell(theirs).padStart(24)}   ${ratio}`);
}
