#!/usr/bin/env node
/**
 * The API process's CPU for loading an account by TypeORM's repository.find against the hand-written SQL the hot
 * loaders use (db/hydrate.ts selectEntities): 10,000 loads from 8 connections, three passes each, alternating, and a
 * check that both give the same entities. Needs kabinet_bench (npm run bench) and the built server
 * (npm run build -w server).
 *
 *   node bench/orm-cpu.mjs
 */
import 'reflect-metadata';
import assert from 'node:assert';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dist = '../server/dist/server/src';
const { createDataSource } = require(`${dist}/data-source.js`);
const { Account } = require(`${dist}/accounts/account.entity.js`);
const { selectEntities, entityColumns } = require(`${dist}/db/hydrate.js`);
const { In } = require('typeorm');

const root = new URL(process.env.BENCH_ROOT_URL || 'mysql://root@127.0.0.1:3306/');
root.pathname = `/${process.env.BENCH_DATABASE || 'kabinet_bench'}`;
const db = createDataSource({ url: root.toString() });
await db.initialize();

const forms = {
  'repository.findBy': (ids) => db.getRepository(Account).findBy({ id: In(ids) }),
  'selectEntities (hand SQL)': (ids) => selectEntities(db, Account, `SELECT ${entityColumns(db, Account, 'a')} FROM accounts a WHERE a.id IN (?) ORDER BY a.id`, [ids]),
};

const sample = Array.from({ length: 300 }, (_, i) => 1 + i * 331);
const [viaOrm, viaSql] = await Promise.all(Object.values(forms).map((load) => load(sample)));
assert.deepStrictEqual(viaSql, [...viaOrm].sort((a, b) => a.id - b.id));

const N = 10_000;
const results = Object.fromEntries(Object.keys(forms).map((k) => [k, []]));
for (let pass = 0; pass < 3; pass++) {
  for (const [name, load] of Object.entries(forms)) {
    const before = process.cpuUsage();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => { while (next++ < N) await load([1 + (next % 90_000)]); }));
    const used = process.cpuUsage(before);
    results[name].push((used.user + used.system) / N);
  }
}
for (const [name, us] of Object.entries(results)) process.stdout.write(`${name.padEnd(28)} ${us.map((u) => `${u.toFixed(0)} µs`).join(' / ')} of the process's CPU a load\n`);
process.stdout.write('the same entities both ways (300 accounts)\n');
await db.destroy();
