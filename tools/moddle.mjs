#!/usr/bin/env node
/*
 * moddle.mjs — import many BPMN files with bpmn-moddle (the model layer of bpmn-js and
 * Camunda Modeler) in one Node process and print JSON.
 *
 * Usage: node tools/moddle.mjs FILE...
 *
 * Output (stdout): { "<file>": { "warnings": ["..."], "elements": N, "references": N,
 *                                "error": "<only if unreadable / unparsable>" } }
 * `elements` counts every element with an id (elementsById), `references` the resolved ones.
 *
 * Exit code: 0 = all files imported without warnings, 1 = warnings/errors, 2 = crash/bad usage.
 */
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';

// Moddle warnings carry line/column on extra lines; keep them on one line for JSON consumers.
const oneLine = (msg) => String(msg).replace(/\s*\n\s*/g, ' ').trim();

async function importFile(moddle, file) {
  let xml;
  try {
    xml = readFileSync(file, 'utf8');
  } catch (err) {
    return { warnings: [], elements: 0, references: 0, error: `cannot read: ${err.message}` };
  }
  try {
    const { warnings, elementsById, references } = await moddle.fromXML(xml);
    return {
      warnings: (warnings || []).map((w) => oneLine(w.message)),
      elements: Object.keys(elementsById || {}).length,
      references: (references || []).length,
    };
  } catch (err) {
    return {
      warnings: (err.warnings || []).map((w) => oneLine(w.message)),
      elements: 0,
      references: 0,
      error: `parse error: ${oneLine(err.message)}`,
    };
  }
}

async function main(files) {
  if (!files.length) throw new Error('usage: node moddle.mjs FILE...');
  const moddle = new BpmnModdle();
  const out = {};
  let findings = false;
  for (const file of files) {
    out[file] = await importFile(moddle, file);
    if (out[file].error || out[file].warnings.length) findings = true;
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  return findings ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`moddle.mjs: ${err.stack || err}\n`); process.exitCode = 2; },
);
