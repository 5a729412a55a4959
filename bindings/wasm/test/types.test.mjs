// The TypeScript declarations: `tsc --noEmit` over them and over typed consumers (tsconfig.json),
// and a drift check against the contract itself: every object of `deminimis schema` (the JSON
// Schema the Rust types generate) must have an interface of the same name in index.d.ts with the
// same fields (optional exactly where the input may leave them out), every enumeration the same
// values, and ErrorCode the core's Error::ALL_CODES.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliJson, coreErrorCodes, pkgDir, require } from './support.mjs';

const tscBin = join(pkgDir, 'node_modules', 'typescript', 'bin', 'tsc');

test('tsc --noEmit: the declarations and typed consumers compile', () => {
  assert.ok(existsSync(tscBin), 'typescript is a devDependency: run npm install in bindings/wasm');
  const r = spawnSync(process.execPath, [tscBin, '--noEmit', '-p', join(pkgDir, 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

/** Interfaces (name -> {field: optional}) and string-literal unions (name -> values) of index.d.ts. */
function declarations() {
  const ts = require('typescript');
  const file = join(pkgDir, 'index.d.ts');
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map();
  const unions = new Map();
  for (const stmt of src.statements) {
    if (ts.isInterfaceDeclaration(stmt)) {
      const fields = {};
      for (const m of stmt.members) {
        if (ts.isPropertySignature(m)) fields[m.name.getText(src)] = Boolean(m.questionToken);
      }
      interfaces.set(stmt.name.text, fields);
    } else if (ts.isTypeAliasDeclaration(stmt) && ts.isUnionTypeNode(stmt.type)) {
      const values = stmt.type.types
        .filter((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))
        .map((t) => t.literal.text);
      if (values.length === stmt.type.types.length) unions.set(stmt.name.text, values);
    }
  }
  return { interfaces, unions };
}

const schema = cliJson(['schema']).$defs;
const { interfaces, unions } = declarations();

// The definitions a document uses: its own and those its `$ref`s reach (all sit in the root's
// `$defs`).
function reachable(root) {
  const seen = new Set([root]);
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') {
        const name = x.split('/').pop();
        assert.ok(schema[name], `${x} points to no definition`);
        if (!seen.has(name)) (seen.add(name), walk(schema[name]));
      } else walk(x);
    }
  };
  walk(schema[root]);
  return Object.fromEntries([...seen].map((n) => [n, schema[n]]));
}

// Input documents: optional in TS exactly when not required in the schema. Output documents: the
// core writes every field (null when absent), so none is optional.
for (const [root, input] of [['Shipment', true], ['Quote', false]]) {
  const defs = reachable(root);
  for (const [name, def] of Object.entries(defs)) {
    if (def.properties) {
      test(`${root}: interface ${name} matches the schema`, () => {
        const fields = interfaces.get(name);
        assert.ok(fields, `index.d.ts has no interface ${name}`);
        assert.deepEqual(Object.keys(fields).sort(), Object.keys(def.properties).sort(), `fields of ${name}`);
        const required = new Set(def.required ?? []);
        for (const [field, optional] of Object.entries(fields)) {
          const want = input ? !required.has(field) : false;
          assert.equal(optional, want, `${name}.${field} should be ${want ? 'optional' : 'required'}`);
        }
      });
    } else if (def.oneOf || def.enum) {
      test(`${root}: type ${name} has the schema's values`, () => {
        const values = def.enum ?? def.oneOf.map((o) => o.const);
        assert.deepEqual([...(unions.get(name) ?? [])].sort(), [...values].sort(), `values of ${name}`);
      });
    }
  }
}

test("ErrorCode is the core's Error::ALL_CODES", () => {
  const codes = coreErrorCodes();
  assert.deepEqual([...unions.get('ErrorCode')].sort(), [...codes].sort());
});
