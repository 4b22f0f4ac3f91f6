// Prints the core config schema of an installed OpenClaw release that has no `openclaw config
// schema` command (before 2026.3.31): its Zod `OpenClawSchema`, as JSON Schema draft-07.
// `io: "input"` describes what a config may contain (a key with a default is optional), which is
// what the release's validator checks; `unrepresentable: "any"` keeps refinements from failing the
// conversion. Channels are part of the core schema in these releases.
// Usage: node dump_zod_schema.mjs OPENCLAW_PACKAGE_DIR > dump.json
import { readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = join(process.argv[2], 'dist');
const exported = /export\s*\{[^}]*?\bOpenClawSchema(?:\s+as\s+([\w$]+))?\s*[,}]/;

function chunks(dir, depth) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth < 1 && !['plugin-sdk', 'extensions'].includes(entry.name)) {
      found.push(...chunks(path, depth + 1));
    } else if (entry.isFile() && /\.m?js$/.test(entry.name)) {
      found.push(path);
    }
  }
  return found;
}

for (const path of chunks(dist, 0)) {
  const text = readFileSync(path, 'utf8');
  const match = text.includes('OpenClawSchema') && text.match(exported);
  if (!match) continue;
  const schema = (await import(pathToFileURL(path).href))[match[1] || 'OpenClawSchema'];
  if (!schema || typeof schema.toJSONSchema !== 'function') continue;
  // writeSync: the whole text reaches stdout before the process ends, even into a pipe.
  writeSync(1, JSON.stringify(schema.toJSONSchema({ target: 'draft-07', unrepresentable: 'any', io: 'input' })));
  process.exit(0);
}
console.error(`no chunk under ${dist} exports OpenClawSchema`);
process.exit(2);
