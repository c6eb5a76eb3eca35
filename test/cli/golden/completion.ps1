# PowerShell completion for kms-srv, generated from its commands by `kms-srv completion powershell`.
# Install: kms-srv completion powershell >> $PROFILE
Register-ArgumentCompleter -Native -CommandName 'kms-srv' -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $subs = @{
    'kms-srv' = @('lookup', 'serve', 'demo', 'check-zone', 'explain', 'avma', 'publish', 'unpublish', 'generate', 'order', 'simulate', 'discover', 'audit', 'doctor', 'completion', 'man')
    'kms-srv avma' = @('key', 'matrix', 'check', 'event')
    'kms-srv completion' = @('bash', 'zsh', 'fish', 'powershell')
  }
  $opts = @{
    'kms-srv' = @('-V', '--version', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv lookup' = @('--server', '--timeout', '--attempts', '--tcp', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv serve' = @('--port', '--host', '--origin', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv demo' = @('-q', '--quiet', '--color', '-h', '--help')
    'kms-srv check-zone' = @('--origin', '--profile', '--strict', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv explain' = @('--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv avma' = @('-h', '--help')
    'kms-srv avma key' = @('--version', '--edition', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv avma matrix' = @('--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv avma check' = @('--host', '--guest', '--guest-edition', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv avma event' = @('--notification', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv publish' = @('--plan', '--server', '--key', '--key-name', '--zone', '--dry-run', '--insecure-unsigned', '--timeout', '--json', '--no-delete', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv unpublish' = @('--plan', '--server', '--key', '--key-name', '--zone', '--dry-run', '--insecure-unsigned', '--timeout', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv generate' = @('--plan', '-o', '--output', '--output-dir', '--force', '--host', '--domain', '--legacy', '--delete', '--allow-update-any', '--key', '--server', '--list', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv order' = @('--records', '--profile', '--seed', '--count', '--stats', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv simulate' = @('--records', '--plan', '--domain', '--clients', '--days', '--outage', '--profile', '--no-host-cache', '--seed', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv discover' = @('--domain', '--lookup-domain', '--server', '--timeout', '--attempts', '--tcp', '--probe-timeout', '--kms-host', '--profile', '--probe', '--state', '--force', '--no-host-cache', '--seed', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv audit' = @('--server', '--timeout', '--attempts', '--tcp', '--probe-timeout', '--concurrency', '--probe', '--json', '--format', '--all-failures', '--progress', '--no-progress', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv doctor' = @('--domain', '--lookup-domain', '--server', '--timeout', '--attempts', '--tcp', '--probe-timeout', '--authoritative', '--profile', '--probe', '--no-probe', '--client-reg', '--strict', '--json', '-q', '--quiet', '--color', '-h', '--help')
    'kms-srv completion' = @('-q', '--quiet', '--color', '-h', '--help')
    'kms-srv man' = @('-q', '--quiet', '--color', '-h', '--help')
  }
  # Options that take a value, with their fixed values (empty: a file or free text).
  $valued = @{
    'kms-srv --color' = @('auto', 'always', 'never')
    'kms-srv lookup --server' = @()
    'kms-srv lookup --timeout' = @()
    'kms-srv lookup --attempts' = @()
    'kms-srv lookup --color' = @('auto', 'always', 'never')
    'kms-srv serve --port' = @()
    'kms-srv serve --host' = @()
    'kms-srv serve --origin' = @()
    'kms-srv serve --color' = @('auto', 'always', 'never')
    'kms-srv demo --color' = @('auto', 'always', 'never')
    'kms-srv check-zone --origin' = @()
    'kms-srv check-zone --profile' = @('win7', 'vista')
    'kms-srv check-zone --color' = @('auto', 'always', 'never')
    'kms-srv explain --color' = @('auto', 'always', 'never')
    'kms-srv avma key --version' = @()
    'kms-srv avma key --edition' = @()
    'kms-srv avma key --color' = @('auto', 'always', 'never')
    'kms-srv avma matrix --color' = @('auto', 'always', 'never')
    'kms-srv avma check --host' = @()
    'kms-srv avma check --guest' = @()
    'kms-srv avma check --guest-edition' = @()
    'kms-srv avma check --color' = @('auto', 'always', 'never')
    'kms-srv avma event --notification' = @()
    'kms-srv avma event --color' = @('auto', 'always', 'never')
    'kms-srv publish --plan' = @()
    'kms-srv publish --server' = @()
    'kms-srv publish --key' = @()
    'kms-srv publish --key-name' = @()
    'kms-srv publish --zone' = @()
    'kms-srv publish --timeout' = @()
    'kms-srv publish --color' = @('auto', 'always', 'never')
    'kms-srv unpublish --plan' = @()
    'kms-srv unpublish --server' = @()
    'kms-srv unpublish --key' = @()
    'kms-srv unpublish --key-name' = @()
    'kms-srv unpublish --zone' = @()
    'kms-srv unpublish --timeout' = @()
    'kms-srv unpublish --color' = @('auto', 'always', 'never')
    'kms-srv generate --plan' = @()
    'kms-srv generate -o' = @()
    'kms-srv generate --output' = @()
    'kms-srv generate --output-dir' = @()
    'kms-srv generate --host' = @()
    'kms-srv generate --domain' = @()
    'kms-srv generate --key' = @()
    'kms-srv generate --server' = @()
    'kms-srv generate --color' = @('auto', 'always', 'never')
    'kms-srv order --records' = @()
    'kms-srv order --profile' = @('win7', 'vista')
    'kms-srv order --seed' = @()
    'kms-srv order --count' = @()
    'kms-srv order --color' = @('auto', 'always', 'never')
    'kms-srv simulate --records' = @()
    'kms-srv simulate --plan' = @()
    'kms-srv simulate --domain' = @()
    'kms-srv simulate --clients' = @()
    'kms-srv simulate --days' = @()
    'kms-srv simulate --outage' = @()
    'kms-srv simulate --profile' = @('win7', 'vista')
    'kms-srv simulate --seed' = @()
    'kms-srv simulate --color' = @('auto', 'always', 'never')
    'kms-srv discover --domain' = @()
    'kms-srv discover --lookup-domain' = @()
    'kms-srv discover --server' = @()
    'kms-srv discover --timeout' = @()
    'kms-srv discover --attempts' = @()
    'kms-srv discover --probe-timeout' = @()
    'kms-srv discover --kms-host' = @()
    'kms-srv discover --profile' = @('win7', 'vista')
    'kms-srv discover --probe' = @('tcp', 'rpc', 'none')
    'kms-srv discover --state' = @()
    'kms-srv discover --seed' = @()
    'kms-srv discover --color' = @('auto', 'always', 'never')
    'kms-srv audit --server' = @()
    'kms-srv audit --timeout' = @()
    'kms-srv audit --attempts' = @()
    'kms-srv audit --probe-timeout' = @()
    'kms-srv audit --concurrency' = @()
    'kms-srv audit --probe' = @('tcp', 'rpc', 'none')
    'kms-srv audit --format' = @('text', 'json', 'csv')
    'kms-srv audit --color' = @('auto', 'always', 'never')
    'kms-srv doctor --domain' = @()
    'kms-srv doctor --lookup-domain' = @()
    'kms-srv doctor --server' = @()
    'kms-srv doctor --timeout' = @()
    'kms-srv doctor --attempts' = @()
    'kms-srv doctor --probe-timeout' = @()
    'kms-srv doctor --authoritative' = @()
    'kms-srv doctor --profile' = @('win7', 'vista')
    'kms-srv doctor --probe' = @('tcp', 'rpc', 'none')
    'kms-srv doctor --client-reg' = @()
    'kms-srv doctor --color' = @('auto', 'always', 'never')
    'kms-srv completion --color' = @('auto', 'always', 'never')
    'kms-srv man --color' = @('auto', 'always', 'never')
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
