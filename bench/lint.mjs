// Benchmark (not a test): `memgen lint` beside `promtool check rules` on the same files in the same run.
// Inputs: the real-world corpus (test/fixtures/corpus/real-world, ~260 small files) in one invocation,
// Prometheus's rules_large.yml (10,002 recording rules), generated files of 10,000 and 50,000 alerts with
// realistic expressions (the 50,000 one in text and json output: text shows a caret per finding), and
// 50,000 alerts sharing their labels through one YAML anchor. Prints wall time (best and median of N runs,
// the tools taking turns) and peak RSS (from GNU time) of each tool, and their ratio.
// Usage: npm run bench:lint  (or node bench/lint.mjs [runs])
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

function alertsFile(n, { anchor = false } = {}) {
  const lines = ['groups:'];
  for (let g = 0; g < n / 100; g++) {
    lines.push(`  - name: group-${g}`, '    rules:');
    for (let k = 0; k < 100; k++) {
      const i = g * 100 + k;
      lines.push(
        `      - alert: ServiceAlert${i}`,
        `        expr: ${SHAPES[i % SHAPES.length](i)}`,
        '        for: 5m',
        ...(anchor
          ? [`        labels: ${i === 0 ? '&common {severity: critical, team: sre}' : '*common'}`]
          : ['        labels:', `          severity: ${['critical', 'warning', 'info'][i % 3]}`]),
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

function yamlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(name) ? [full] : [];
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'memgen-bench-'));
const generated = (name, n, opts) => {
  const file = path.join(dir, name);
  writeFileSync(file, alertsFile(n, opts));
  return [file];
};
const corpus = yamlFiles(path.join(root, 'test/fixtures/corpus/real-world')).sort();
const cases = [
  [`real-world corpus (${corpus.length} files)`, corpus, 'json'],
  ['rules_large.yml (10,002 records)', [path.join(root, 'test/fixtures/corpus/promtool-testdata/rules_large.yml')], 'json'],
  ['generated (10,000 alerts)', generated('alerts-10000.yaml', 10_000), 'json'],
  ['generated (50,000 alerts), json', generated('alerts-50000.yaml', 50_000), 'json'],
  ['generated (50,000 alerts), text', [path.join(dir, 'alerts-50000.yaml')], 'text'],
  ['50,000 alerts, one anchor, text', generated('alerts-50000-anchor.yaml', 50_000, { anchor: true }), 'text'],
];
const only = process.env.BENCH_ONLY;

const version = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
console.log(`memgen lint vs ${version}; ${runs} runs each, taking turns; wall seconds (best / median), peak RSS MiB\n`);
console.log(`${'input'.padEnd(36)} ${'memgen lint'.padStart(24)} ${'promtool check rules'.padStart(24)}   memgen/promtool`);
for (const [label, files, format] of cases) {
  if (only && !label.includes(only)) continue;
  const [ours, theirs] = compare([
    [process.execPath, [cli, 'lint', '--format', format, ...files]],
    ['promtool', ['check', 'rules', ...files]],
  ]);
  const cell = (m) => `${m.best.toFixed(2)} / ${m.median.toFixed(2)}s ${m.rssMiB.toFixed(0).padStart(4)} MiB`;
  const ratio = `${(ours.median / theirs.median).toFixed(2)}x time, ${(ours.rssMiB / theirs.rssMiB).toFixed(2)}x memory`;
  console.log(`${label.padEnd(36)} ${cell(ours).padStart(24)} ${cell(theirs).padStart(24)}   ${ratio}`);
}
