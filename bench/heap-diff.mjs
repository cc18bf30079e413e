/**
 * What grew between two V8 heap snapshots, by kind of object: `node bench/heap-diff.mjs before.heapsnapshot
 * after.heapsnapshot [per]` prints the 40 kinds (node type and constructor or name) whose self size grew most,
 * with their counts, and divided by `per` (e.g. the number of live subscribers) when given.
 * The snapshots come from the bench's fan-out with BENCH_HEAP_SNAPSHOTS=dir.
 */
import fs from 'node:fs';

function tally(file) {
  const snapshot = JSON.parse(fs.readFileSync(file, 'utf8'));
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const { nodes, strings } = snapshot;
  const byKind = new Map();
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    let name = strings[nodes[i + nameAt]];
    // Strings and code are told apart by their type, not by their (varying) text.
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number') name = '';
    if (name.length > 60) name = `${name.slice(0, 57)}…`;
    const kind = `${type} ${name}`;
    const entry = byKind.get(kind) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += nodes[i + sizeAt];
    byKind.set(kind, entry);
  }
  return byKind;
}

const [beforeFile, afterFile, perArg] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  console.error('usage: node bench/heap-diff.mjs before.heapsnapshot after.heapsnapshot [per]');
  process.exit(2);
}
const per = Number(perArg) || 1;
const before = tally(beforeFile);
const after = tally(afterFile);
const rows = [];
let total = 0;
for (const [kind, a] of after) {
  const b = before.get(kind) ?? { count: 0, bytes: 0 };
  const bytes = a.bytes - b.bytes;
  total += bytes;
  rows.push({ kind, count: a.count - b.count, bytes });
}
for (const [kind, b] of before) if (!after.has(kind)) total -= b.bytes;
rows.sort((x, y) => y.bytes - x.bytes);
console.log(`grown in all: ${(total / 1024).toFixed(1)} KiB${per > 1 ? `, ${(total / per).toFixed(0)} bytes per unit` : ''}`);
console.log(`${'bytes/unit'.padStart(11)} ${'count/unit'.padStart(11)}  kind`);
for (const r of rows.slice(0, 40)) console.log(`${(r.bytes / per).toFixed(0).padStart(11)} ${(r.count / per).toFixed(2).padStart(11)}  ${r.kind}`);
