/**
 * API reports: one per published entry point of each package below (every subpath of its package.json "exports"
 * with a "types" condition of its own; subpaths sharing one .d.ts share its report), written by API Extractor to
 * the package's api/ folder and committed, so that every change to a public API shows in review.
 *
 *   tsx scripts/api-report.ts           fails when a report is out of date, missing or left over (`npm run api:check`)
 *   tsx scripts/api-report.ts --update  rewrites them (`npm run api:update`)
 *
 * Reads the built .d.ts files: build first (the npm scripts do).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from "@microsoft/api-extractor";
import type ts from "typescript";

/** The packages whose API is reported (a subset of scripts/packages.ts's PACKAGES). A new one is one more line. */
const REPORTED = ["@rallypoint/protocol", "@rallypoint/client", "@rallypoint/server"];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const isUpdate = process.argv.includes("--update");

interface PackageJson {
  name: string;
  workspaces?: string[];
  exports?: Record<string, string | Record<string, string>>;
}

const readPackageJson = (folder: string): PackageJson =>
  JSON.parse(readFileSync(join(root, folder, "package.json"), "utf8")) as PackageJson;

/** The workspace folder of each package, by name. */
function workspaceFolders(): Map<string, string> {
  const folders = readPackageJson(".").workspaces ?? [];
  return new Map(folders.map((folder) => [readPackageJson(folder).name, folder]));
}

interface Entry {
  folder: string;
  subpath: string;
  typesFile: string;
  reportName: string;
}

/**
 * The entries of a package, the main one first, one per .d.ts. Reports are named after the package and subpath:
 * `@rallypoint/client` + `./martini` -> `client-martini`; the main entry is the bare name.
 */
function entriesOf(folder: string): Entry[] {
  const pkg = readPackageJson(folder);
  const name = pkg.name.replace(/^@[^/]+\//, "");
  const byTypesFile = new Map<string, Entry>();
  const subpaths = Object.entries(pkg.exports ?? {}).sort(([a], [b]) => Number(b === ".") - Number(a === "."));
  for (const [subpath, target] of subpaths) {
    const types = typeof target === "string" ? undefined : target.types;
    if (types === undefined) continue;
    const typesFile = join(root, folder, types);
    const suffix = subpath === "." ? "" : `-${subpath.replace(/^\.\//, "").replaceAll("/", "-")}`;
    if (byTypesFile.has(typesFile)) continue; // e.g. ./rallypoint.js, typed by the main entry's index.d.ts
    byTypesFile.set(typesFile, { folder, subpath, typesFile, reportName: name + suffix });
  }
  return [...byTypesFile.values()];
}

/** The names a .d.ts entry exports, read from API Extractor's own program (a ts.Program, typed unknown there). */
function exportedNames(program: ts.Program, typesFile: string): Set<string> {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(typesFile);
  const module = source && checker.getSymbolAtLocation(source);
  return new Set(module ? checker.getExportsOfModule(module).map((symbol) => symbol.name) : []);
}

/**
 * Writes or checks one entry's report; returns whether it passed and what the entry exports. A subpath may use
 * types of its package's main entry (`fromMain`) without exporting them again.
 */
function report(entry: Entry, fromMain: Set<string>): { isOk: boolean; exports: Set<string> } {
  const projectFolder = join(root, entry.folder);
  const configFile = join(root, "api-extractor.json");
  const configObject = ExtractorConfig.loadFile(configFile);
  const tsconfig = ["tsconfig.build.json", "tsconfig.json"].map((file) => join(projectFolder, file)).find(existsSync);
  const config = ExtractorConfig.prepare({
    configObject: {
      ...configObject,
      projectFolder,
      mainEntryPointFilePath: entry.typesFile,
      compiler: { tsconfigFilePath: tsconfig },
      apiReport: {
        ...configObject.apiReport,
        enabled: true,
        reportFileName: entry.reportName,
        reportFolder: join(projectFolder, "api"),
        reportTempFolder: join(root, "node_modules", ".cache", "api-extractor"),
      },
    },
    configObjectFullPath: configFile,
    packageJsonFullPath: join(projectFolder, "package.json"),
  });
  const onMessage = (message: ExtractorMessage): void => {
    // Said on every run: API Extractor analyses with its own TypeScript, whatever the repository's is.
    if (message.messageId === "console-preamble") message.handled = true;
    const symbol = /The symbol "([^"]+)"/.exec(message.text)?.[1];
    if (message.messageId === "ae-forgotten-export" && symbol !== undefined && fromMain.has(symbol)) {
      message.logLevel = ExtractorLogLevel.None;
    }
  };
  const result = Extractor.invoke(config, { localBuild: isUpdate, messageCallback: onMessage });
  const where = `${entry.folder}/api/${entry.reportName}.api.md (${entry.subpath} of ${entry.folder})`;
  if (result.apiReportChanged && !isUpdate) {
    console.error(`Out of date: ${where}. Run \`npm run api:update\` and commit the report with the change.`);
  }
  return {
    isOk: result.succeeded,
    exports: exportedNames(result.compilerState.program as ts.Program, entry.typesFile),
  };
}

/** Reports of entries that no longer exist: removed on update, a failure on check. */
function leftOver(folder: string, entries: Entry[]): string[] {
  const reports = join(root, folder, "api");
  if (!existsSync(reports)) return [];
  const expected = new Set(entries.map((entry) => `${entry.reportName}.api.md`));
  return readdirSync(reports)
    .filter((file) => file.endsWith(".api.md") && !expected.has(file))
    .map((file) => join(reports, file));
}

let isOk = true;
const folders = workspaceFolders();
for (const name of REPORTED) {
  const folder = folders.get(name);
  if (folder === undefined) throw new Error(`${name} is not a workspace of this repository`);
  const entries = entriesOf(folder);
  mkdirSync(join(root, folder, "api"), { recursive: true });
  let fromMain = new Set<string>();
  // The main entry comes first: its exports are what the subpaths may refer to.
  for (const entry of entries) {
    if (!existsSync(entry.typesFile)) {
      console.error(`Missing ${entry.typesFile}: build first (npm run build).`);
      isOk = false;
      continue;
    }
    const result = report(entry, fromMain);
    if (!result.isOk) isOk = false;
    if (entry.subpath === ".") fromMain = result.exports;
  }
  for (const file of leftOver(folder, entries)) {
    if (isUpdate) rmSync(file);
    else {
      console.error(`Left over: ${file} reports an entry point the package no longer has; run \`npm run api:update\`.`);
      isOk = false;
    }
  }
}
process.exitCode = isOk ? 0 : 1;
