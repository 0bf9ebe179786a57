# bash completion for rekon(8), installed by `make install` into
# /usr/share/bash-completion/completions/rekon.
#
# Everything is read from `LC_ALL=C rekon help` (main.c's command table): the
# commands, each command's --options and words from its usage line, the
# kinds from import's summary; so it never falls behind the binary. It
# reads them in English (LC_ALL=C), whatever the shell's language.

_rekon_words() {	# the usage line's words: "run a|b|c --period P" -> a b c --period
	LC_ALL=C rekon help "$1" 2>/dev/null | sed -n '1s/^usage: rekon [^ ]* //p' |
	    tr ' |[]' '\n\n\n\n' | grep -E '^(--[a-z-]+|[a-z][a-z0-9_-]*)$' |
	    grep -vxE 'P|N|D|S|L|ID|FILE|NIK|NOKK|NAME|ROLE|DIR|KIND|COMMAND' |
	    grep -vx "$1" | awk '!seen[$0]++'
}

_rekon() {
	local cur cmd i
	cur=${COMP_WORDS[COMP_CWORD]}
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-c) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ ${COMP_WORDS[COMP_CWORD - 1]} == -c ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
		return
	fi
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "help $(LC_ALL=C rekon help 2>/dev/null |
		    sed -n '/^commands:/,$p' | awk 'NR > 1 { print $1 }')" -- "$cur"))
		return
	fi
	case $cmd in
	help)
		COMPREPLY=($(compgen -W "$(LC_ALL=C rekon help 2>/dev/null |
		    sed -n '/^commands:/,$p' | awk 'NR > 1 { print $1 }')" -- "$cur"))
		return ;;
	import)
		COMPREPLY=($(compgen -W "$(LC_ALL=C rekon help import 2>/dev/null |
		    sed -n 's/.*(kinds: \([^)]*\)).*/\1/p' | tr -d ,)
		    $(_rekon_words import)" -- "$cur") $(compgen -f -- "$cur"))
		return ;;
	esac
	COMPREPLY=($(compgen -W "$(_rekon_words "$cmd")" -- "$cur"))
	[[ ${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _rekon rekon
