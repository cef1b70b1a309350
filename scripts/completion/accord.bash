# bash completion for accord: commands, their options, profiles and formats.
# Installed as share/bash-completion/completions/accord by `make install`.
_accord() {
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=${COMP_WORDS[1]}
    local commands="check lint fmt test verify sign compare diff doc summarize help"
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    case $prev in
    -f|--format)
        case $cmd in
        check) COMPREPLY=($(compgen -W "xml junit text html json sarif oscal" -- "$cur")) ;;
        compare) COMPREPLY=($(compgen -W "xml text html json" -- "$cur")) ;;
        diff) COMPREPLY=($(compgen -W "text xml json" -- "$cur")) ;;
        doc) COMPREPLY=($(compgen -W "html markdown" -- "$cur")) ;;
        summarize) COMPREPLY=($(compgen -W "text csv xml html json" -- "$cur")) ;;
        esac
        return ;;
    -e|--evidence) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -p|--profile)
        # the profiles of the standard already on the line
        local w std=""
        for w in "${COMP_WORDS[@]}"; do case $w in *.accord) std=$w ;; esac; done
        [ -n "$std" ] && [ -r "$std" ] &&
            COMPREPLY=($(compgen -W "$(sed -n 's/^profile \([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$std")" -- "$cur"))
        return ;;
    help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then
        local opts
        case $cmd in
        check) opts="-e --evidence -p --profile -w --waivers --as-of -o --output -f --format --set -j --jobs --max-file-size --max-depth --xpath-budget --max-records --max-values --max-message --max-value-length --max-steps --max-nodes --help" ;;
        lint) opts="--werror --help" ;;
        fmt) opts="-w --write --check --help" ;;
        test) opts="--as-of --help" ;;
        verify) opts="-e --evidence --standard -w --waivers --trust --threshold --help" ;;
        sign) opts="--key -o --output --add --help" ;;
        compare) opts="-p --profile -e --evidence --as-of -w --waivers --set -o --output -f --format --help" ;;
        diff) opts="-e --evidence --as-of -f --format -o --output --help" ;;
        doc) opts="-p --profile -f --format -o --output --help" ;;
        summarize) opts="-f --format -o --output --help" ;;
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _accord accord
