// Lints Cypher with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support), offline.
// Usage: node lint.mjs <folder holding node_modules>  (JSON on stdin, JSON on stdout)
//   in:  {"schema": {labels, relationshipTypes, propertyKeys, graphSchema},
//         "queries": [{"id": "...", "text": "...", "parameters": {...}}]}
//   out: {"results": [{"id": "...", "diagnostics": [{severity, message, line, character, offset}]}],
//         "functions": n, "procedures": n}
// Severity follows the LSP: 1 error, 2 warning, 3 information, 4 hint.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.argv[2];
if (!root) {
  throw new Error('usage: node lint.mjs <folder holding node_modules>');
}
const pkgDir = join(root, 'node_modules', '@neo4j-cypher', 'language-support');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const entry = pkg.exports['.'].import;
const { lintCypherQuery } = await import(pathToFileURL(join(pkgDir, entry)).href);

// The package ships, with its tests, the function and procedure registry dumped from a real Neo4j
// server. Without a registry the linter accepts any function or procedure name; with it, a call Neo4j
// does not know (APOC, GDS, FalkorDB's db.idx.*, toJSON...) is an error, as it would be on the server.
// Plugins are removed: the project's queries must run on a plain Neo4j 5 community server.
const { testData } = await import(
  pathToFileURL(join(pkgDir, 'dist/esm/project/language-support/src/tests/testData.js')).href
);
const PLUGIN = /^(apoc|gds|genai|ai)\./;
const dumped = testData.mockSchema;
const functions = Object.fromEntries(
  Object.entries(dumped.functions['CYPHER 5']).filter(([name, fn]) => fn.isBuiltIn && !PLUGIN.test(name)),
);
const procedures = Object.fromEntries(
  Object.entries(dumped.procedures['CYPHER 5']).filter(([name]) => !PLUGIN.test(name)),
);
if (Object.keys(functions).length < 50 || !functions.coalesce || !procedures['db.labels']) {
  throw new Error('the Neo4j function/procedure registry shipped with the package has changed shape');
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const base = {
  ...input.schema,
  functions: { 'CYPHER 5': functions },
  procedures: { 'CYPHER 5': procedures },
  defaultLanguage: 'CYPHER 5',
};
const results = input.queries.map((q) => {
  const { diagnostics } = lintCypherQuery(q.text, { ...base, parameters: q.parameters });
  return {
    id: q.id,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.range.start.line + 1,
      character: d.range.start.character + 1,
      offset: d.offsets?.start,
    })),
  };
});
process.stdout.write(
  JSON.stringify({
    results,
    functions: Object.keys(functions).length,
    procedures: Object.keys(procedures).length,
  }),
);
