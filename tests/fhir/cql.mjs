// Checks a carepath FHIR Bundle's Library with two CQL tools pinned in package.json:
// the reference CQL-to-ELM translator (`@cqframework/cql`) must translate its CQL text with no
// error, and the CQL engine `cql-execution` then runs both the ELM carepath wrote and the ELM
// the translator made of the CQL text, for a list of patients, each define's value compared
// with the value carepath computed.
// Usage: node cql.mjs BUNDLE.json CASES.json, where CASES is
// [{"name": ..., "parameters": {factor: value}, "expected": {define: true|false}}].
// Prints one JSON object: {"checked": N, "mismatches": [...], "defines": M, "translatorErrors": [...]}.
// Used by tests/fhir.rs.
import fs from 'fs';
import cql from 'cql-execution';
import { CqlTranslator, LibraryManager, ModelManager } from '@cqframework/cql/cql-to-elm';
import { SystemModelInfoProvider } from '@cqframework/cql/cql';

const [bundlePath, casesPath] = process.argv.slice(2);
const bundle = JSON.parse(fs.readFileSync(bundlePath, 'utf8'));
const library = bundle.entry.map((e) => e.resource).find((r) => r.resourceType === 'Library');
const content = (type) => Buffer.from(library.content.find((c) => c.contentType === type).data, 'base64').toString('utf8');
const written = JSON.parse(content('application/elm+json'));

const modelManager = new ModelManager();
modelManager.modelInfoLoader.registerModelInfoProvider(new SystemModelInfoProvider());
const translator = CqlTranslator.fromText(content('text/cql'), new LibraryManager(modelManager));
const errors = translator.errors;
const translatorErrors = (errors && (errors.toArray ? errors.toArray() : errors) || []).map((e) => String(e.message ?? e));
const translated = JSON.parse(translator.toJson());

const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
// No patient record is read: every define is in the Unfiltered context.
const noPatients = { currentPatient: () => undefined, nextPatient: () => undefined };
let checked = 0;
const mismatches = [];
for (const [which, elm] of [['written ELM', written], ['translated CQL', translated]]) {
  if (which === 'translated CQL' && translatorErrors.length > 0) continue;
  const lib = new cql.Library(elm);
  for (const c of cases) {
    const results = await new cql.Executor(lib, new cql.CodeService({}), c.parameters).exec(noPatients);
    for (const [define, expected] of Object.entries(c.expected)) {
      const got = results.unfilteredResults[define];
      checked += 1;
      if (got !== expected) {
        mismatches.push(`${which}: ${c.name}: ${define} is ${JSON.stringify(got)} in CQL, ${expected} in carepath`);
      }
    }
  }
}
const defines = written.library.statements.def.length;
console.log(JSON.stringify({ checked, mismatches, defines, translatorErrors }));
