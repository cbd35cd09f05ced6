// The manifest is part of the product: these rules come from the extension guidelines we follow
// (README "Development" and ../shared/references/extension-style.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { COMMAND_IDS } from '../../src/extension/commandIds';

interface Manifest {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  activationEvents: string[];
  main: string;
  bin: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { title?: string; properties: Record<string, { scope?: string; markdownDescription?: string }> }[];
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; path: string }[];
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string; type?: string }[]>;
  };
  capabilities: { untrustedWorkspaces: { supported: boolean | string } };
  icon: string;
}

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Manifest;

describe('package.json manifest', () => {
  it('contributes exactly the commands of the command table, each in category "Model Math"', () => {
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), [...COMMAND_IDS].sort());
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Model Math', c.command);
  });

  it("README's command and settings tables list exactly what the manifest contributes", () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const section = (title: string) => {
      const start = readme.indexOf(`## ${title}\n`);
      assert.ok(start >= 0, `README has no "## ${title}" section`);
      const end = readme.indexOf('\n## ', start + 1);
      return readme.slice(start, end === -1 ? undefined : end);
    };
    const firstCells = (text: string) => [...text.matchAll(/^\| ([^|]+?) \|/gm)].map((m) => (m[1] as string).replace(/`/g, '')).filter((c) => c !== 'command' && c !== 'setting' && !/^-+$/.test(c));
    const palette = manifest.contributes.commands.map((c) => `${c.category}: ${c.title}`);
    assert.deepEqual(firstCells(section('Commands')).sort(), palette.sort());
    const settings = manifest.contributes.configuration.flatMap((s) => Object.keys(s.properties));
    assert.deepEqual(firstCells(section('Settings')).sort(), settings.sort());
  });

  it('groups settings in titled sections, each with a scope and a markdownDescription', () => {
    assert.ok(manifest.contributes.configuration.length >= 1);
    for (const section of manifest.contributes.configuration) {
      assert.ok(section.title, 'section without title');
      for (const [key, p] of Object.entries(section.properties)) {
        assert.ok(key.startsWith('modelmath.'), key);
        assert.ok(p.scope, `${key} has no scope`);
        assert.ok(p.markdownDescription, `${key} has no markdownDescription`);
      }
    }
  });

  it('activates lazily and precisely', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
  });

  it('targets VS Code 1.100 with @types/vscode at the same minimum', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.100.0');
  });

  it('declares the worksheet language with a grammar and language configuration that exist', () => {
    const lang = manifest.contributes.languages.find((l) => l.id === 'mmath');
    assert.deepEqual(lang?.extensions, ['.mmath']);
    const grammar = manifest.contributes.grammars.find((g) => g.language === 'mmath');
    assert.ok(grammar);
    const tm = JSON.parse(readFileSync(new URL(grammar.path, root), 'utf8')) as { scopeName: string };
    assert.equal(tm.scopeName, 'source.mmath');
    const conf = JSON.parse(readFileSync(new URL(lang?.configuration ?? '', root), 'utf8')) as { comments: { lineComment: string } };
    assert.equal(conf.comments.lineComment, '#');
  });

  it('has an activity-bar container with webview views, an icon and honest trust capabilities', () => {
    const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === 'modelmath');
    assert.ok(container);
    assert.ok(manifest.contributes.views.modelmath?.every((v) => v.type === 'webview'));
    assert.ok(readFileSync(new URL(manifest.icon, root)).subarray(1, 4).toString() === 'PNG');
    // Restricted Mode: limited (tensor files outside the workspace refused, limit settings restricted).
    const trust = manifest.capabilities.untrustedWorkspaces as { supported: boolean | string; restrictedConfigurations?: string[]; description?: string };
    assert.equal(trust.supported, 'limited');
    assert.ok((trust.description ?? '').length > 40);
    const settings = new Set(manifest.contributes.configuration.flatMap((c) => Object.keys(c.properties)));
    assert.ok((trust.restrictedConfigurations ?? []).length >= 5 && (trust.restrictedConfigurations ?? []).every((k) => settings.has(k)), 'restricted settings must exist');
  });

  it('points main and bin at the bundles esbuild writes', () => {
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.bin.modelmath, './dist/cli.js');
  });

  it('.vscodeignore is an allowlist', () => {
    const lines = readFileSync(new URL('.vscodeignore', root), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    assert.equal(lines[0], '**');
  });
});
