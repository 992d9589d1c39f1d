#!/usr/bin/env node
/*
 * lint.cjs — run bpmnlint on many BPMN files in one Node process and print JSON.
 *
 * Usage: node tools/lint.cjs [--config PATH] FILE...
 *
 * Output (stdout, one JSON object keyed by the file argument as given):
 *   { "<file>": { "importWarnings": ["..."], "reports": [{rule, id, category, message}],
 *                 "error": "<only present if the file could not be read or parsed>" } }
 *
 * Exit code: 0 = no import warnings and no reports, 1 = findings, 2 = crash/bad usage.
 *
 * The CLI of bpmnlint 11 only prints a text table, hence this wrapper around its Linter API.
 * Config defaults to tools/.bpmnlintrc (tools/.bpmnlintrc-camunda7 adds the rules Camunda Modeler
 * applies to Camunda 7 files, bpmnlint-plugin-camunda-compat); rules are resolved from tools/node_modules whatever
 * the caller's working directory is.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { BpmnModdle } = require('bpmn-moddle');
const Linter = require('bpmnlint/lib/linter');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
const { createScopedRequire } = require('bpmnlint/lib/resolver/helper');

// Moddle warnings carry line/column on extra lines; keep them on one line for JSON consumers.
const oneLine = (msg) => String(msg).replace(/\s*\n\s*/g, ' ').trim();

function parseArgs(argv) {
  let config = path.join(__dirname, '.bpmnlintrc');
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--config' || argv[i] === '-c') {
      config = argv[++i];
    } else {
      files.push(argv[i]);
    }
  }
  if (!files.length || !config) {
    throw new Error('usage: node lint.cjs [--config PATH] FILE...');
  }
  return { config, files };
}

async function lintFile(file, config, moddle) {
  const result = { importWarnings: [], reports: [] };
  let xml;
  try {
    xml = fs.readFileSync(file, 'utf8');
  } catch (err) {
    result.error = `cannot read: ${err.message}`;
    return result;
  }
  let rootElement;
  try {
    const parsed = await moddle.fromXML(xml);
    rootElement = parsed.rootElement;
    result.importWarnings = (parsed.warnings || []).map((w) => oneLine(w.message));
  } catch (err) {
    result.importWarnings = (err.warnings || []).map((w) => oneLine(w.message));
    result.error = `parse error: ${oneLine(err.message)}`;
    return result;
  }
  // A fresh Linter per file, as the bpmnlint CLI does: rule instances keep per-run state
  // (no-duplicate-sequence-flows reported every flow of the second file as a duplicate).
  const linter = new Linter({
    config,
    resolver: new NodeResolver({ require: createScopedRequire(__dirname) }),
  });
  const byRule = await linter.lint(rootElement);
  for (const [rule, reports] of Object.entries(byRule)) {
    for (const r of reports) {
      const entry = { rule, id: r.id || null, category: r.category, message: r.message };
      if (r.path) entry.path = r.path;
      result.reports.push(entry);
    }
  }
  return result;
}

async function main() {
  const { config: configPath, files } = parseArgs(process.argv.slice(2));
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  // Camunda's moddle extension, as Camunda Modeler loads it: the camunda-compat rules read
  // camunda:* attributes as properties (files without that namespace are unaffected)
  const moddle = new BpmnModdle({ camunda: require('camunda-bpmn-moddle/resources/camunda.json') });
  const out = {};
  let findings = false;
  for (const file of files) {
    const r = await lintFile(file, config, moddle);
    out[file] = r;
    if (r.error || r.importWarnings.length || r.reports.length) findings = true;
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  return findings ? 1 : 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`lint.cjs: ${err.stack || err}\n`); process.exitCode = 2; },
);
