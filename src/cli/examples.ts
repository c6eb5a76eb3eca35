// The Examples section of every command's --help (and of the man page, which is made from the same
// help). Examples name only files that ship with the package (zones/) or that an earlier example
// writes, so they run from an installed copy: the help says where zones/ is on this machine.
import { shippedZonesDir } from './demo/shipped-zones.js';
import type { Command } from 'commander';

/** Where an example's lab server listens: `kms-srv serve zones/example.test.zone --port 5353`. */
const LAB_SERVER = '127.0.0.1:5353';

/** Examples by command path ("avma key"), in the order --help shows them. */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  // The program's own --help: one line per command.
  '': [
    'kms-srv lookup _vlmcs._tcp.example.test SRV --server 127.0.0.1:5353',
    'kms-srv serve zones/example.test.zone --port 5353',
    'kms-srv demo',
    'kms-srv check-zone zones/example.test.zone',
    'kms-srv explain 0xC004F074',
    'kms-srv avma check --host 2022 --guest 2019 --guest-edition datacenter',
    'kms-srv generate zone --plan zones/example.plan.json --domain example.test',
    'kms-srv publish --plan zones/example.plan.json --server 127.0.0.1:5353 --key kms-update.key',
    'kms-srv order --records zones/example.records.json --count 5 --seed 1',
    'kms-srv simulate --records zones/example.records.json --clients 10000 --days 180 --outage kms1.example.test.@160-200',
    'kms-srv discover --domain example.test --server 127.0.0.1:5353 --probe rpc --state kms-cache.json',
    'kms-srv audit domains.txt --server 127.0.0.1:5353 --concurrency 256 --json',
    'kms-srv doctor example.test --server 127.0.0.1:5353 --authoritative 127.0.0.1:5353 --probe rpc',
    'kms-srv completion bash > ~/.local/share/bash-completion/completions/kms-srv',
  ],
  lookup: [
    `kms-srv lookup _vlmcs._tcp.example.test SRV --server ${LAB_SERVER}`,
    `kms-srv lookup kms1.example.test A --server ${LAB_SERVER} --json`,
    'kms-srv lookup _vlmcs._tcp.contoso.com --server dns1.contoso.com',
  ],
  serve: [
    'kms-srv serve zones/example.test.zone --port 5353',
    'kms-srv generate zone --plan zones/example.plan.json --domain example.test | kms-srv serve - --port 5353 --json',
  ],
  demo: ['kms-srv demo'],
  'check-zone': [
    'kms-srv check-zone zones/example.test.zone',
    'kms-srv check-zone zones/broken.test.zone --strict --json',
    'kms-srv generate zone --plan zones/example.plan.json --domain example.test | kms-srv check-zone -',
  ],
  explain: ['kms-srv explain 0xC004F074', 'kms-srv explain 8007232b --json', 'kms-srv explain 12293'],
  avma: ['kms-srv avma matrix', 'kms-srv avma check --host 2022 --guest 2019 --guest-edition standard'],
  'avma key': ['kms-srv avma key --version 2022 --edition datacenter', 'kms-srv avma key --version 2019 --edition standard --json'],
  'avma matrix': ['kms-srv avma matrix', 'kms-srv avma matrix --json'],
  'avma check': ['kms-srv avma check --host 2022 --guest 2019 --guest-edition standard', 'kms-srv avma check --host 2019 --guest 2022 --json'],
  'avma event': ['kms-srv avma event 12309 --notification "Invalid Host"', 'kms-srv avma event 12310'],
  publish: [
    `kms-srv publish --plan zones/example.plan.json --server ${LAB_SERVER} --dry-run`,
    'tsig-keygen kms-update > kms-update.key   # BIND\'s tool; the server needs the same key',
    'kms-srv publish --plan zones/example.plan.json --server ns1.example.test --key kms-update.key',
  ],
  unpublish: [
    `kms-srv unpublish --plan zones/example.plan.json --server ${LAB_SERVER} --dry-run`,
    'kms-srv unpublish --plan zones/example.plan.json --server ns1.example.test --key kms-update.key --json',
  ],
  generate: [
    'kms-srv generate --list',
    'kms-srv generate bind --plan zones/example.plan.json',
    'kms-srv generate zone --plan zones/example.plan.json --domain example.test -o example.test.zone --json',
    'kms-srv generate named-conf --plan zones/example.plan.json --key kms-update.key -o named.conf.kms',
    'kms-srv generate reg-client --plan zones/example.plan.json --host kms3.branch.example.test -o client.reg',
    'kms-srv generate reg --plan zones/example.plan.json --output-dir hosts',
    'kms-srv generate reg-add --plan zones/example.plan.json --host kms1.example.test -o kms1.cmd',
  ],
  order: [
    'kms-srv order --records zones/example.records.json --count 5 --seed 1',
    'kms-srv order --records zones/example.records.json --stats --profile vista',
  ],
  simulate: [
    'kms-srv simulate --records zones/example.records.json --clients 10000 --days 180 --outage kms1.example.test.@160-200',
    'kms-srv simulate --plan zones/example.plan.json --domain example.test --clients 500 --days 30 --no-host-cache --json',
  ],
  discover: [
    `kms-srv discover --domain example.test --server ${LAB_SERVER} --probe none`,
    `kms-srv discover --domain example.test --server ${LAB_SERVER} --probe rpc --state kms-cache.json`,
    'kms-srv discover --kms-host kms1.example.test:1688 --json',
  ],
  audit: [
    `printf 'example.test\\nmissing.test\\n' | kms-srv audit - --server ${LAB_SERVER}`,
    'kms-srv audit domains.txt --concurrency 256 --json > audit.ndjson',
  ],
  doctor: [
    `kms-srv doctor example.test --server ${LAB_SERVER} --authoritative ${LAB_SERVER} --no-probe`,
    `kms-srv doctor example.test --server ${LAB_SERVER} --authoritative ${LAB_SERVER} --client-reg zones/example.client.reg`,
    'kms-srv doctor contoso.com --probe rpc --json',
  ],
  man: ['kms-srv man | man -l -', 'kms-srv man > kms-srv.1'],
  completion: [
    'kms-srv completion bash > ~/.local/share/bash-completion/completions/kms-srv',
    'kms-srv completion zsh > "${fpath[1]}/_kms-srv"',
    'kms-srv completion fish > ~/.config/fish/completions/kms-srv.fish',
    'kms-srv completion powershell >> $PROFILE',
  ],
};

/** The package's zones/ directory on this machine. */
export const PACKAGE_ZONES = shippedZonesDir();

/** A command's path as the examples table keys it: "lookup", "avma key". */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * The Examples section for `examples`. `zonesDir` is where zones/ is on this machine, or a phrase for
 * the man page, which is the same on every machine.
 */
export function examplesText(examples: readonly string[], zonesDir: string): string {
  const lines = ['', 'Examples:', ...examples.map((e) => `  ${e}`)];
  const notes: string[] = [];
  if (examples.some((e) => e.includes('zones/'))) notes.push(`zones/ is the example directory installed with kms-srv (${zonesDir}): run these there, or put its path in front.`);
  if (examples.some((e) => e.includes(LAB_SERVER))) notes.push(`${LAB_SERVER} is a lab server: kms-srv serve zones/example.test.zone --port 5353`);
  if (notes.length > 0) lines.push('', ...notes);
  return `${lines.join('\n')}\n`;
}

/** Adds its Examples section to every command of the program that has examples. */
export function addExamples(program: Command, zonesDir = PACKAGE_ZONES): void {
  const visit = (command: Command): void => {
    const examples = EXAMPLES[commandPath(command)];
    if (examples) command.addHelpText('after', examplesText(examples, zonesDir));
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
}
