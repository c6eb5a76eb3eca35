// bash completion: the program's tables as associative arrays and one function that walks the words
// typed so far (command path, then whether the cursor is on an option, an option's value or a file).
import { shellQuote, type CommandSpec } from './model.js';

/** Table keys: the command path from "kms-srv" ("kms-srv avma key"), and that path plus an option. */
const key = (spec: CommandSpec) => ['kms-srv', ...spec.path].join(' ');

export function bashCompletion(specs: readonly CommandSpec[]): string {
  const subs: string[] = [];
  const opts: string[] = [];
  const valued: string[] = [];
  const choices: string[] = [];
  for (const spec of specs) {
    // A first argument with fixed values is completed like an option value, keyed by the path alone.
    if (spec.argumentChoices.length > 0) choices.push(`  [${shellQuote(key(spec))}]=${shellQuote(spec.argumentChoices.join(' '))}`);
    if (spec.subcommands.length > 0) subs.push(`  [${shellQuote(key(spec))}]=${shellQuote(spec.subcommands.join(' '))}`);
    opts.push(`  [${shellQuote(key(spec))}]=${shellQuote(spec.options.flatMap((o) => o.names).join(' '))}`);
    for (const option of spec.options.filter((o) => o.takesValue)) {
      for (const name of option.names) {
        valued.push(`  [${shellQuote(`${key(spec)} ${name}`)}]=1`);
        if (option.choices.length > 0) choices.push(`  [${shellQuote(`${key(spec)} ${name}`)}]=${shellQuote(option.choices.join(' '))}`);
      }
    }
  }
  return `# bash completion for kms-srv, generated from its commands by \`kms-srv completion bash\`.
# Install: kms-srv completion bash > ~/.local/share/bash-completion/completions/kms-srv
declare -gA _kms_srv_subs=(
${subs.join('\n')}
)
declare -gA _kms_srv_opts=(
${opts.join('\n')}
)
declare -gA _kms_srv_valued=(
${valued.join('\n')}
)
declare -gA _kms_srv_choices=(
${choices.join('\n')}
)

_kms_srv() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local path=kms-srv i w
  # The command path: words that name a subcommand, skipping options and the values they take.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ "$w" == -* ]]; then
      [[ -n "\${_kms_srv_valued["$path $w"]+x}" ]] && ((i++))
      continue
    fi
    if [[ " \${_kms_srv_subs["$path"]} " == *" $w "* ]]; then path="$path $w"; else break; fi
  done
  if [[ -n "\${_kms_srv_valued["$path $prev"]+x}" ]]; then
    if [[ -n "\${_kms_srv_choices["$path $prev"]+x}" ]]; then
      mapfile -t COMPREPLY < <(compgen -W "\${_kms_srv_choices["$path $prev"]}" -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
  elif [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "\${_kms_srv_opts["$path"]}" -- "$cur")
  elif [[ -n "\${_kms_srv_subs["$path"]+x}" ]]; then
    mapfile -t COMPREPLY < <(compgen -W "\${_kms_srv_subs["$path"]}" -- "$cur")
  elif [[ -n "\${_kms_srv_choices["$path"]+x}" ]]; then
    mapfile -t COMPREPLY < <(compgen -W "\${_kms_srv_choices["$path"]}" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}
complete -o filenames -F _kms_srv kms-srv
`;
}
