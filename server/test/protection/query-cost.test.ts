/**
 * The query cost is kept with a parsed document (the same text is parsed once: Apollo's document store, ws.ts),
 * unless it read a page size from the request's variables: those are counted again for every request.
 */
import { parse, type GraphQLSchema } from 'graphql';
import { buildAppSchema } from '../../src/graphql/schema';
import { operationCost } from '../../src/protection/query-limits';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});
const limits = { defaultPageSize: 20 };

it('counts a page size from the variables anew on every request, with the same document', () => {
  const document = parse('query($n: Int) { me { ledger(first: $n) { nodes { amount description } } } }');
  const five = operationCost(schema, document, null, { n: 5 }, limits);
  const fifty = operationCost(schema, document, null, { n: 50 }, limits);
  const byDefault = operationCost(schema, document, null, {}, limits);
  expect(fifty! - five!).toBe(45 * 2);
  expect(byDefault! - five!).toBe(15 * 2);
  expect(operationCost(schema, document, null, { n: 5 }, limits)).toBe(five);
});

it('keeps the cost of a document without variables, per operation, schema and default page size', () => {
  const text = 'query A { me { ledger(first: 10) { nodes { amount } } } } query B { me { appeals { nodes { id text } } } }';
  const document = parse(text);
  const rootType = jest.spyOn(schema, 'getRootType');
  const a = operationCost(schema, document, 'A', null, limits);
  const b = operationCost(schema, document, 'B', null, limits);
  expect(rootType).toHaveBeenCalledTimes(2);
  // Asked again: the same figures, not counted again.
  expect(operationCost(schema, document, 'A', { unrelated: 1 }, limits)).toBe(a);
  expect(operationCost(schema, document, 'B', null, limits)).toBe(b);
  expect(rootType).toHaveBeenCalledTimes(2);
  rootType.mockRestore();
  // me, appeals, nodes: 3, and each of the page's appeals its two fields. The same as a fresh parse of the text;
  // the default page size is part of what is kept.
  expect(operationCost(schema, parse(text), 'B', null, limits)).toBe(b);
  expect(operationCost(schema, document, 'B', null, { defaultPageSize: 40 })).toBe(3 + 40 * 2);
  expect(b).toBe(3 + 20 * 2);
  expect(operationCost(schema, document, 'C', null, limits)).toBeNull();
});
