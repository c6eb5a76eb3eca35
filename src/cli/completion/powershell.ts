// PowerShell completion: the tables as hashtables and a native argument completer that walks the
// command line's elements the same way the bash function does.
import type { CommandSpec } from './model.js';

/** A PowerShell single-quoted string ('' for a quote). */
const psQuote = (text: string) => `'${text.replace(/\s+/g, ' ').replace(/'/g, "''")}'`;

export function powershellCompletion(specs: readonly CommandSpec[]): string {
  const key = (spec: CommandSpec) => ['kms-srv', ...spec.path].join(' ');
  const subs: string[] = [];
  const opts: string[] = [];
  const valued: string[] = [];
  for (const spec of specs) {
    // A first argument with fixed values, offered like subcommands.
    if (spec.argumentChoices.length > 0) subs.push(`    ${psQuote(key(spec))} = @(${spec.argumentChoices.map(psQuote).join(', ')})`);
    if (spec.subcommands.length > 0) subs.push(`    ${psQuote(key(spec))} = @(${spec.subcommands.map(psQuote).join(', ')})`);
    opts.push(`    ${psQuote(key(spec))} = @(${spec.options.flatMap((o) => o.names).map(psQuote).join(', ')})`);
    for (const option of spec.options.filter((o) => o.takesValue)) {
      for (const name of option.names) valued.push(`    ${psQuote(`${key(spec)} ${name}`)} = @(${option.choices.map(psQuote).join(', ')})`);
    }
  }
  return `# PowerShell completion for kms-srv, generated from its commands by \`kms-srv completion powershell\`.
# Install: kms-srv completion powershell >> $PROFILE
Register-ArgumentCompleter -Native -CommandName 'kms-srv' -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $subs = @{
${subs.join('\n')}
  }
  $opts = @{
${opts.join('\n')}
  }
  # Options that take a value, with their fixed values (empty: a file or free text).
  $valued = @{
${valued.join('\n')}
  }
  $words = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition } | ForEach-Object { $_.ToString() })
  $path = 'kms-srv'
  for ($i = 1; $i -lt $words.Count; $i++) {
    $w = $words[$i]
    if ($w.StartsWith('-')) {
      if ($valued.ContainsKey("$path $w")) { $i++ }
      continue
    }
    if ($subs.ContainsKey($path) -and $subs[$path] -contains $w) { $path = "$path $w" } else { break }
  }
  $prev = if ($words.Count -gt 0) { $words[-1] } else { '' }
  if ($valued.ContainsKey("$path $prev") -and $valued["$path $prev"].Count -gt 0) {
    $candidates = $valued["$path $prev"]
  } elseif ($wordToComplete.StartsWith('-')) {
    $candidates = $opts[$path]
  } elseif ($subs.ContainsKey($path) -and -not $valued.ContainsKey("$path $prev")) {
    $candidates = $subs[$path]
  } else {
    return
  }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`;
}
