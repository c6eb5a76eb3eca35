// fish completion: one `complete` line per command and option, conditions on the words seen so far.
import type { CommandSpec } from './model.js';

/** Single-quoted for fish ('\'' is not fish; it escapes \ and ' inside quotes). */
const fishQuote = (text: string) => `'${text.replace(/\s+/g, ' ').replace(/[\\']/g, (c) => `\\${c}`)}'`;

export function fishCompletion(specs: readonly CommandSpec[]): string {
  const lines = [
    '# fish completion for kms-srv, generated from its commands by `kms-srv completion fish`.',
    '# Install: kms-srv completion fish > ~/.config/fish/completions/kms-srv.fish',
    'complete -c kms-srv -f',
  ];
  const byPath = new Map(specs.map((s) => [s.path.join(' '), s]));
  for (const spec of specs) {
    // Where this command's words apply: its path seen, and none of its own subcommands yet.
    const seen = spec.path.map((name) => `__fish_seen_subcommand_from ${name}`);
    const notYet = spec.subcommands.length > 0 ? [`not __fish_seen_subcommand_from ${spec.subcommands.join(' ')}`] : [];
    const condition = spec.path.length === 0 ? ['__fish_use_subcommand'] : [...seen, ...notYet];
    const when = `-n ${fishQuote(condition.join('; and '))}`;
    for (const sub of spec.subcommands) {
      lines.push(`complete -c kms-srv ${when} -a ${sub} -d ${fishQuote(byPath.get([...spec.path, sub].join(' '))?.description ?? '')}`);
    }
    for (const option of spec.options) {
      const names = option.names.map((n) => (n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(' ');
      const value = !option.takesValue ? '' : option.choices.length > 0 ? ` -x -a ${fishQuote(option.choices.join(' '))}` : ' -r -F';
      lines.push(`complete -c kms-srv ${when} ${names}${value} -d ${fishQuote(option.description)}`);
    }
    // A command without subcommands takes files as arguments (zone files, plans, domain lists).
    if (spec.argumentChoices.length > 0) lines.push(`complete -c kms-srv ${when} -a ${fishQuote(spec.argumentChoices.join(' '))}`);
    else if (spec.path.length > 0 && spec.subcommands.length === 0) lines.push(`complete -c kms-srv ${when} -F`);
  }
  return `${lines.join('\n')}\n`;
}
