// @supabase/postgrest-js, unmodified, against Basalt's Fluxbase surface.
//
// Run by crates/basalt-testkit/tests/it/fluxbase_client.rs, which starts a
// server, creates the `people` collection (name text required, age integer,
// city text, active boolean; every rule "true") and sets:
//   BASALT_TABLES_URL  e.g. http://127.0.0.1:PORT/api/v1/tables
//   BASALT_TABLE       the collection (default `people`)
// The tests run in order and share the table's rows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PostgrestClient } from '@supabase/postgrest-js';

const base = process.env.BASALT_TABLES_URL;
if (!base) {
  throw new Error('BASALT_TABLES_URL is not set (e.g. http://127.0.0.1:8090/api/v1/tables)');
}
const table = process.env.BASALT_TABLE ?? 'people';
const db = new PostgrestClient(base);

const people = [
  { name: 'Bob', age: 25, city: 'Paris', active: true },
  { name: 'carol', age: 41, city: 'London', active: false },
  { name: 'Dave', age: 17, city: null, active: true },
  { name: 'Eve', age: 58, city: 'Berlin', active: true },
  { name: 'Frank', age: 33, city: 'Paris', active: false },
];

test('insert one row and read it back', async () => {
  const { data, error, status } = await db
    .from(table)
    .insert({ name: 'Ada', age: 36, city: 'London', active: true })
    .select()
    .single();
  assert.equal(error, null);
  assert.equal(status, 201);
  assert.equal(data.name, 'Ada');
  assert.equal(data.age, 36);
  assert.equal(data.active, true);
  assert.equal(typeof data.id, 'string');

  const plain = await db.from(table).insert({ name: 'Zoe', age: 99 });
  assert.equal(plain.error, null);
  assert.equal(plain.status, 201);
});

test('insert many rows in one request', async () => {
  const { data, error, status } = await db.from(table).insert(people).select('name,age');
  assert.equal(error, null);
  assert.equal(status, 201);
  assert.deepEqual(
    data.map((r) => r.name),
    people.map((p) => p.name),
  );
  assert.deepEqual(Object.keys(data[0]).sort(), ['age', 'name']);
});

test('select with filters, order and range', async () => {
  const { data, error, count } = await db
    .from(table)
    .select('name,age', { count: 'exact' })
    .gte('age', 20)
    .lt('age', 60)
    .order('age', { ascending: false })
    .range(0, 2);
  assert.equal(error, null);
  // Ada 36, Bob 25, carol 41, Eve 58, Frank 33 match; the first three by age desc.
  assert.equal(count, 5);
  assert.deepEqual(
    data.map((r) => r.name),
    ['Eve', 'carol', 'Ada'],
  );

  const page2 = await db
    .from(table)
    .select('name')
    .gte('age', 20)
    .lt('age', 60)
    .order('age', { ascending: false })
    .range(3, 10);
  assert.deepEqual(
    page2.data.map((r) => r.name),
    ['Frank', 'Bob'],
  );
});

test('every filter operator', async () => {
  // Sorted here, not by the database: collations differ between engines.
  const names = async (q) => {
    const { data, error } = await q;
    assert.equal(error, null);
    return data.map((r) => r.name).sort();
  };
  const t = () => db.from(table).select('name');
  assert.deepEqual(await names(t().eq('city', 'Paris')), ['Bob', 'Frank']);
  assert.deepEqual(await names(t().neq('city', 'Paris').lt('age', 50)), ['Ada', 'carol']);
  assert.deepEqual(await names(t().gt('age', 40)), ['Eve', 'Zoe', 'carol']);
  assert.deepEqual(await names(t().lte('age', 25)), ['Bob', 'Dave']);
  // like is case-sensitive, ilike is not.
  assert.deepEqual(await names(t().like('name', 'C%')), []);
  assert.deepEqual(await names(t().ilike('name', 'C%')), ['carol']);
  assert.deepEqual(await names(t().like('name', '%a%')), ['Ada', 'Dave', 'Frank', 'carol']);
  assert.deepEqual(await names(t().in('city', ['London', 'Berlin'])), ['Ada', 'Eve', 'carol']);
  assert.deepEqual(await names(t().is('city', null)), ['Dave', 'Zoe']);
  assert.deepEqual(await names(t().not('city', 'is', null).eq('active', false)), ['Frank', 'carol']);
  assert.deepEqual(await names(t().or('age.lt.18,city.eq.Berlin')), ['Dave', 'Eve']);
  assert.deepEqual(
    await names(t().or('name.eq.Bob,and(age.gt.30,city.eq.Paris)')),
    ['Bob', 'Frank'],
  );
  assert.deepEqual(await names(t().match({ city: 'Paris', active: true })), ['Bob']);
  assert.deepEqual(await names(t().filter('age', 'in', '(17,99)')), ['Dave', 'Zoe']);
});

test('single, maybeSingle, head and count', async () => {
  const one = await db.from(table).select('name,age').eq('name', 'Eve').single();
  assert.equal(one.error, null);
  assert.deepEqual(one.data, { name: 'Eve', age: 58 });

  const none = await db.from(table).select().eq('name', 'nobody').maybeSingle();
  assert.equal(none.error, null);
  assert.equal(none.data, null);

  const many = await db.from(table).select().eq('city', 'Paris').single();
  assert.equal(many.status, 406);
  assert.ok(many.error);

  const head = await db.from(table).select('*', { count: 'exact', head: true }).eq('active', true);
  assert.equal(head.error, null);
  assert.equal(head.count, 4);
  assert.equal(head.data, null);
});

test('update rows matching filters', async () => {
  const { data, error, status } = await db
    .from(table)
    .update({ city: 'Rome' })
    .eq('city', 'Paris')
    .gt('age', 30)
    .select('name,city');
  assert.equal(error, null);
  assert.equal(status, 200);
  assert.deepEqual(data, [{ name: 'Frank', city: 'Rome' }]);

  const after = await db.from(table).select('name').eq('city', 'Rome');
  assert.deepEqual(
    after.data.map((r) => r.name),
    ['Frank'],
  );

  const unchanged = await db.from(table).select('name').eq('city', 'Paris');
  assert.deepEqual(
    unchanged.data.map((r) => r.name),
    ['Bob'],
  );

  // No filter: refused, nothing written.
  const all = await db.from(table).update({ city: 'Nowhere' });
  assert.equal(all.status, 400);
  assert.ok(all.error.message.includes('filter'));
  const still = await db.from(table).select('name', { count: 'exact', head: true }).eq('city', 'Nowhere');
  assert.equal(still.count, 0);
});

test('delete rows matching filters', async () => {
  const { data, error } = await db
    .from(table)
    .delete()
    .in('name', ['Dave', 'Zoe'])
    .select('name');
  assert.equal(error, null);
  assert.deepEqual(
    data.map((r) => r.name).sort(),
    ['Dave', 'Zoe'],
  );

  const plain = await db.from(table).delete().eq('name', 'carol');
  assert.equal(plain.error, null);
  assert.ok([200, 204].includes(plain.status));

  const left = await db.from(table).select('name', { count: 'exact' }).order('name');
  assert.equal(left.count, 4);
  assert.deepEqual(
    left.data.map((r) => r.name),
    ['Ada', 'Bob', 'Eve', 'Frank'],
  );

  const none = await db.from(table).delete();
  assert.equal(none.status, 400);
});

test('errors come back as PostgREST-style errors', async () => {
  const bad = await db.from(table).select('name').eq('no_such_column', 1);
  assert.equal(bad.status, 400);
  assert.ok(bad.error.message.includes('no_such_column'));

  const missing = await db.from('no_such_table').select();
  assert.equal(missing.status, 404);
  assert.ok(missing.error.message.includes('no_such_table'));

  const invalid = await db.from(table).insert({ age: 'old' }).select();
  assert.equal(invalid.status, 400);
  assert.ok(invalid.error);
});
