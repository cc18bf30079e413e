#!/usr/bin/env node
/**
 * A CPU burner to run beside a bench phase (BENCHMARKS.md «02.12.2026»): does a password hash slow the API's
 * requests beyond the CPU it takes? Start it at the lowest priority and compare the two kinds:
 *
 *   chrt -i 0 node bench/hash-burner.mjs argon &   # argon2id hashes one after another, the API's parameters (64 MiB)
 *   chrt -i 0 node bench/hash-burner.mjs spin &    # a plain loop: the same CPU, no memory walked
 *   BENCH_ROUNDS=1 BENCH_REUSE=1 BENCH_ONLY=dashboard node bench/run.mjs; kill %1
 */
import argon2 from 'argon2';

const kind = process.argv[2];
if (kind === 'spin') {
  let x = 0;
  for (;;) x = (x + Math.sqrt(x + 1)) % 1e9;
} else if (kind === 'argon') {
  for (;;) await argon2.hash(`burner-${Math.random()}`, { type: argon2.argon2id, memoryCost: 65536, timeCost: 3, parallelism: 1 });
} else {
  process.stderr.write('usage: node bench/hash-burner.mjs argon|spin\n');
  process.exit(2);
}
