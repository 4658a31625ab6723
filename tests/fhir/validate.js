// Validates FHIR R4 JSON files with the npm package `fhir` (pinned in package.json), offline:
// structure, cardinality, data types and required value sets of the core specification (no
// profiles). Prints one JSON object per line: {"file": ..., "errors": [...], "warnings": [...]}
// with each message as "Location: message". Used by tests/fhir.rs.
'use strict';
const fs = require('fs');
const { Fhir } = require('fhir');

const fhir = new Fhir();
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  const pick = (severity) =>
    result.messages.filter((m) => m.severity === severity).map((m) => `${m.location}: ${m.message}`);
  console.log(JSON.stringify({ file, valid: result.valid, errors: pick('error'), warnings: pick('warning') }));
}
