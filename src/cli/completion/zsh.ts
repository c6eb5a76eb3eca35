// zsh completion: the same tables as bash (zsh associative arrays) walked the same way, with
// descriptions for commands and options.
import { shellQuote, type CommandSpec } from './model.js';

const key = (spec: CommandSpec) => ['kms-srv', ...spec.path].join(' ');
/** "name:description" as _describe takes it; a colon in the name is escaped. */
const described = (name: string, description: string) => shellQuote(`${name.replace(/:/g, '\\:')}:${description.replace(/\s+/g, ' ')}`);

export function zshCompletion(specs: readonly CommandSpec[]): string {
  const byPath = new Map(specs.map((s) => [key(s), s]));
  const subs: string[] = [];
  const opts: string[] = [];
  const valued: string[] = [];
  const choices: string[] = [];
  for (const spec of specs) {
    if (spec.argumentChoices.length > 0) choices.push(`  ${shellQuote(key(spec))} ${shellQuote(spec.argumentChoices.join(' '))}`);
    if (spec.subcommands.length > 0) {
      const items = spec.subcommands.map((name) => described(name, byPath.get(`${key(spec)} ${name}`)?.description ?? ''));
      subs.push(`  ${shellQuote(key(spec))} ${shellQuote(items.join('\n'))}`);
    }
    opts.push(`  ${shellQuote(key(spec))} ${shellQuote(spec.options.flatMap((o) => o.names.map((n) => `${n.replace(/:/g, '\\:')}:${o.description.replace(/\s+/g, ' ')}`)).join('\n'))}`);
    for (const option of spec.options.filter((o) => o.takesValue)) {
      for (const name of option.names) {
        valued.push(`  ${shellQuote(`${key(spec)} ${name}`)} 1`);
        if (option.choices.length > 0) choices.push(`  ${shellQuote(`${key(spec)} ${name}`)} ${shellQuote(option.choices.join(' '))}`);
      }
    }
  }
  return `#compdef kms-srv
# zsh completion for kms-srv, generated from its commands by \`kms-srv completion zsh\`.
# Install: kms-srv completion zsh > "\${fpath[1]}/_kms-srv", then start a new shell.
typeset -gA _kms_srv_subs _kms_srv_opts _kms_srv_valued _kms_srv_choices
_kms_srv_subs=(
${subs.join('\n')}
)
_kms_srv_opts=(
${opts.join('\n')}
)
_kms_srv_valued=(
${valued.join('\n')}
)
_kms_srv_choices=(
${choices.join('\n')}
)

_kms_srv() {
  local path=kms-srv i w cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}"
  local -a items
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    if [[ "$w" == -* ]]; then
      (( \${+_kms_srv_valued[$path $w]} )) && ((i++))
      continue
    fi
    if (( \${\${(f)_kms_srv_subs[$path]}[(I)\${(b)w}:*]} )); then
      path="$path $w"
    else
      break
    fi
  done
  if (( \${+_kms_srv_valued[$path $prev]} )); then
    if (( \${+_kms_srv_choices[$path $prev]} )); then
      compadd -- \${=_kms_srv_choices[$path $prev]}
    else
      _files
    fi
  elif [[ "$cur" == -* ]]; then
    items=("\${(@f)_kms_srv_opts[$path]}")
    _describe -t options option items
  elif (( \${+_kms_srv_subs[$path]} )); then
    items=("\${(@f)_kms_srv_subs[$path]}")
    _describe -t commands command items
  elif (( \${+_kms_srv_choices[$path]} )); then
    compadd -- \${=_kms_srv_choices[$path]}
  else
    _files
  fi
}

if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _kms_srv "$@"
else
  compdef _kms_srv kms-srv
fi
`;
}
