# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_nimbus_global_optspecs
    string join \n o/output= no-headers jq= context= url= token= color= q/quiet h/help V/version
end

function __fish_nimbus_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_nimbus_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_nimbus_using_subcommand
    set -l cmd (__fish_nimbus_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c nimbus -n "__fish_nimbus_needs_command" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_needs_command" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_needs_command" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_needs_command" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_needs_command" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_needs_command" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_needs_command" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_needs_command" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_needs_command" -s V -l version -d 'Print version'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "login" -d 'Sign in to the daemon of the current context'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "logout" -d 'Sign out: end the session on the daemon and forget the stored credentials'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "whoami" -d 'Show who you are signed in as'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "status" -d 'Check whether the daemon is reachable, its version and backend, and who you are'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "auth" -d 'Credentials and sessions'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "session" -d 'Your sessions on the daemon'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "context" -d 'Named daemons to talk to'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "help" -d 'Help on a command, or a topic: environment, exit-codes'
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -l email -d 'Account email (asked for in a terminal when omitted)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand logout" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand logout" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand logout" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand logout" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand logout" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand logout" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand logout" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand logout" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand whoami" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand whoami" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand whoami" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand whoami" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand whoami" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand whoami" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand whoami" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand whoami" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand whoami" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status" -f -a "status" -d 'Where credentials are stored and whether they are still valid'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l offline -d 'Do not ask the daemon whether the token is still accepted'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -f -a "list" -d 'List your active sessions'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -f -a "revoke" -d 'End one of your sessions'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from revoke" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from revoke" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from revoke" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from revoke" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from revoke" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from revoke" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from revoke" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -f -a "add" -d 'Add (or update) a context'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -f -a "use" -d 'Switch the current context'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -f -a "list" -d 'List contexts'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -f -a "remove" -d 'Remove a context and its stored credentials'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -f -a "current" -d 'Show the context in effect'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -l url -d 'Daemon URL, e.g. https://nimbus.example.com:7460' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -l ca-file -d 'Extra CA certificate (PEM) to trust for this daemon' -r -F
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -l use -d 'Make it the current context'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from use" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from use" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from use" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from use" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from use" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from use" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from use" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from use" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -s h -l help -d 'Print help (see more with \'--help\')'
