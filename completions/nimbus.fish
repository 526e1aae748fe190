# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_nimbus_global_optspecs
    string join \n o/output= no-headers jq= context= url= token= tenant= color= q/quiet h/help V/version
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
complete -c nimbus -n "__fish_nimbus_needs_command" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "auth" -d 'Credentials, sessions and permission checks'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "tenant" -d 'Tenants: the tenant in effect and its sub-tenants'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "compartment" -d 'Compartments: nested scopes inside the tenant'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "user" -d 'Users of the tenant'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "group" -d 'Groups of users and groups'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "role" -d 'Roles and role assignments'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "perm" -d 'The permission catalogue'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "invite" -d 'Invitations to join the tenant with a role'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "apikey" -d 'API keys: credentials for scripts, limited to some of your permissions'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "audit" -d 'The audit log: query, live tail, verification, proofs, exports, settings'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "workflow" -d 'Durable workflow runs: list, show, history, signal, cancel, retry'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "schedule" -d 'Workflow schedules (cron): list, show, pause, resume, trigger'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "approval" -d 'Approval requests: list, show, approve, reject, delegate, cancel, request; and policies'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "semantic" -d 'The semantic layer: types, relationship kinds, provider mappings'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "class" -d 'CI classes: system classes and the tenant\'s custom classes'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "ci" -d 'Configuration items: create, show (now or as of a time), change, history, diff, graph'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "rel" -d 'Relationships between configuration items'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "catalog" -d 'The service catalog: offerings, price lists and their versions, pins, cost estimates'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "search" -d 'Search configuration items; save and run searches'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "notification" -d 'Your notifications and preferences; the tenant\'s channels, templates and dead letters'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "session" -d 'Your sessions on the daemon'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "context" -d 'Named daemons to talk to'
complete -c nimbus -n "__fish_nimbus_needs_command" -f -a "tui" -d 'The live dashboard: audit tail, tenants, contexts, approvals, workflows, schedules, CMDB'
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
complete -c nimbus -n "__fish_nimbus_using_subcommand login" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand logout" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand whoami" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -f -a "status" -d 'Where credentials are stored and whether they are still valid'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and not __fish_seen_subcommand_from status check" -f -a "check" -d 'Whether a user may do something in the tenant, and why. Exits 0 when allowed, 7 when denied'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l offline -d 'Do not ask the daemon whether the token is still accepted'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -l user -d 'The user (id or email)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -l permission -d 'The permission, e.g. `cmdb:ci:create:virtualmachine` (see `nimbus perm list`)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -l resource -d 'Check in this compartment (and what it inherits) instead of the whole tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -l attr -d 'An attribute for policies: `ip`, `mfa` and `time` describe the request, anything else (`kind`, `class`, `tag.NAME`) the resource. Repeatable' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand auth; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -f -a "list" -d 'The tenant in effect and its sub-tenants'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -f -a "show" -d 'One tenant'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -f -a "create" -d 'Create a sub-tenant of the tenant in effect'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -f -a "update" -d 'Change a tenant; what is not given stays as it is'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -f -a "delete" -d 'Delete a tenant (soft: `nimbus tenant restore` brings it back until it is purged)'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -f -a "restore" -d 'Restore a deleted tenant'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and not __fish_seen_subcommand_from list show create update delete restore purge" -f -a "purge" -d 'Erase a deleted tenant\'s data once `tenancy.purge_after` has passed (irreversible; audit records stay)'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from list" -l include-deleted -d 'Include soft-deleted tenants'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from show" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from show" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from show" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from show" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from show" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l slug -d 'Short URL-safe name (derived from the name when omitted)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l contact-email -d 'Contact email' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l domain -d 'Email domain whose users sign in to this tenant. Repeatable' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l tag -d 'A tag. Repeatable' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l setting -d 'A setting. Repeatable' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l name -d 'New display name' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l contact-email -d 'New contact email' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l domain -d 'Replace the email domains with these. Repeatable' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l tag -d 'Replace the tags with these. Repeatable' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l setting -d 'Replace the settings with these. Repeatable' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l clear-domains -d 'Remove every email domain'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l clear-tags -d 'Remove every tag'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l clear-settings -d 'Remove every setting'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from restore" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from restore" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from purge" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from purge" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from purge" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from purge" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from purge" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from purge" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from purge" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from purge" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from purge" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from purge" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand tenant; and __fish_seen_subcommand_from purge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -f -a "list" -d 'Compartments of the tenant, by path'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -f -a "show" -d 'One compartment'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -f -a "create" -d 'Create a compartment'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -f -a "update" -d 'Rename or re-describe a compartment'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -f -a "move" -d 'Move a compartment under another, or to the top of the tenant'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and not __fish_seen_subcommand_from list show create update move delete" -f -a "delete" -d 'Delete a compartment'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from show" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from show" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from show" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from show" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from show" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -l parent -d 'Parent compartment (top level when omitted)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -l description -d 'Description' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -l name -d 'New name' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -l description -d 'New description' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -l parent -d 'New parent compartment' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -l top -d 'Move it to the top of the tenant'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from move" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand compartment; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -f -a "list" -d 'Users of the tenant, by email'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -f -a "show" -d 'One user'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -f -a "create" -d 'Create a user in the tenant, or add an existing user (by email) as a member'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -f -a "update" -d 'Change a user\'s display name, status or policy attributes'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -f -a "disable" -d 'Stop a user from signing in (status `disabled`)'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -f -a "enable" -d 'Let a user sign in again (status `active`)'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and not __fish_seen_subcommand_from list show create update disable enable delete" -f -a "delete" -d 'Delete a user'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from list" -l search -d 'Only users whose email or name contains this text' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from show" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from show" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from show" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from show" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from show" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -l display-name -d 'Display name (the email\'s local part when omitted)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -l password-stdin -d 'Read an initial password from the first line of standard input (without one the user signs in through SSO or an invitation)'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -l display-name -d 'New display name' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -l status -d 'New status' -r -f -a "active\t'May sign in'
disabled\t'May not sign in'
locked\t'Locked out (for example after failed logins)'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -l attr -d 'An attribute for policy conditions (`principal.attrs.NAME`), e.g. `department=network`; repeatable, and the given set replaces the user\'s attributes' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from disable" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from disable" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from disable" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from disable" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from disable" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from disable" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from disable" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from disable" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from enable" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from enable" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from enable" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from enable" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from enable" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from enable" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from enable" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from enable" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand user; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -f -a "list" -d 'Groups of the tenant, by name'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -f -a "show" -d 'One group and its direct members'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -f -a "create" -d 'Create a group'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -f -a "delete" -d 'Delete a group'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -f -a "add-member" -d 'Add a user, or nest a group, in a group'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and not __fish_seen_subcommand_from list show create delete add-member remove-member" -f -a "remove-member" -d 'Remove a user or group from a group'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from show" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from show" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from show" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from show" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from show" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from create" -l description -d 'Description' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from create" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from create" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from create" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from create" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from create" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -l user -d 'A user' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -l group -d 'A group' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from add-member" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from remove-member" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from remove-member" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand group; and __fish_seen_subcommand_from remove-member" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -f -a "list" -d 'System roles, then the tenant\'s own roles'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -f -a "show" -d 'One role'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -f -a "create" -d 'Create a custom role'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -f -a "update" -d 'Change a custom role; what is not given stays as it is'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -f -a "delete" -d 'Delete a custom role'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -f -a "assign" -d 'Grant a role to a user or group, at the tenant or at a compartment'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -f -a "assignments" -d 'Role assignments of the tenant, oldest first'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and not __fish_seen_subcommand_from list show create update delete assign assignments unassign" -f -a "unassign" -d 'Remove a role assignment'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from show" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from show" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from show" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from show" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from show" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l parent -d 'Role to inherit permissions from' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l tier -d 'Tier [default: user]' -r -f -a "provider\t''
tenant_admin\t''
user\t''
read_only\t''"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l allow -d 'Allowed permission pattern. Repeatable' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l deny -d 'Denied permission pattern (a deny beats every allow). Repeatable' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l description -d 'Description' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l name -d 'New name' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l description -d 'New description' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l allow -d 'Replace the allowed patterns with these. Repeatable' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l deny -d 'Replace the denied patterns with these. Repeatable' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l clear-allow -d 'Remove every allowed pattern'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l clear-deny -d 'Remove every denied pattern'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -l user -d 'A user' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -l group -d 'A group' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -l compartment -d 'Grant it at this compartment (and below) instead of the whole tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -l expires -d 'When the grant stops: RFC 3339 with an offset, e.g. 2026-12-31T18:00:00+01:00' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assignments" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assignments" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assignments" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assignments" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assignments" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assignments" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assignments" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assignments" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assignments" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from assignments" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from unassign" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from unassign" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from unassign" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from unassign" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from unassign" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from unassign" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from unassign" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from unassign" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from unassign" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from unassign" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand role; and __fish_seen_subcommand_from unassign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and not __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and not __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and not __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and not __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and not __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and not __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and not __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and not __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and not __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and not __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and not __fish_seen_subcommand_from list" -f -a "list" -d 'Every permission the daemon checks'
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand perm; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -f -a "list" -d 'The tenant\'s invitations, newest first'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -f -a "create" -d 'Invite an email address with a role; prints the acceptance token once and emails it to the invitee when the tenant (or an ancestor) has an email channel. Inviting again re-sends the pending invitation with a new token'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -f -a "revoke" -d 'Revoke a pending invitation'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -f -a "verify" -d 'What a token invites to (no sign-in needed)'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and not __fish_seen_subcommand_from list create revoke verify accept" -f -a "accept" -d 'Accept an invitation (no sign-in needed): creates your account, or adds your existing one'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -l role -d 'Role (id) to grant on acceptance' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -l expires-in-hours -d 'Hours until it expires (default 168)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from revoke" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from verify" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from verify" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from verify" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from verify" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from verify" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from verify" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from accept" -l display-name -d 'Display name of the new account' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from accept" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from accept" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from accept" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from accept" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from accept" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from accept" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from accept" -l password-stdin -d 'Read the new account\'s password from the first line of standard input'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from accept" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from accept" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand invite; and __fish_seen_subcommand_from accept" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -f -a "list" -d 'The tenant\'s API keys (never their secrets), newest first'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -f -a "create" -d 'Create a key for yourself; its secret is printed once'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -f -a "revoke" -d 'Revoke a key: it stops working at once'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and not __fish_seen_subcommand_from list create revoke rotate" -f -a "rotate" -d 'Replace a key\'s secret; the new one is printed once and the old one stops working'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -l permission -d 'A permission pattern the key may use (repeatable; each must be yours to give)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -l compartment -d 'Limit the key to this compartment (and below) instead of the whole tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -l expires -d 'Expiry: an RFC 3339 time with an offset (`2027-01-31T18:00:00+01:00`)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from revoke" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from revoke" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from revoke" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from revoke" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from revoke" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from revoke" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from revoke" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from revoke" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from rotate" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from rotate" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from rotate" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from rotate" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from rotate" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from rotate" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from rotate" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from rotate" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand apikey; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -f -a "query" -d 'Search the log, newest first'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -f -a "tail" -d 'Print recent records; with -f, follow new ones as they are written (JSON Lines with -o json)'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -f -a "verify" -d 'Verify the log against its signed checkpoints (exit 0 intact, 8 when a problem is found); with --file, verify an export offline'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -f -a "export" -d 'Stream an export (NDJSON by default) to standard output or a file'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -f -a "checkpoints" -d 'Signed checkpoints of the log, by size'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -f -a "proof" -d 'Inclusion and consistency proofs, checked here against the signing key'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -f -a "public-key" -d 'The key checkpoints are signed with'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -f -a "taxonomy" -d 'The documented event types'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -f -a "settings" -d 'The tenant\'s audit settings'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -f -a "saved" -d 'Saved queries'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and not __fish_seen_subcommand_from query tail verify export checkpoints proof public-key taxonomy settings saved archive" -f -a "archive" -d 'Archived segments: run archival now, list segments, fetch one'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l since -d 'Records at or after this time (RFC 3339, e.g. 2026-11-01T00:00:00Z)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l until -d 'Records before this time (RFC 3339)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l actor -d 'Actor id, or a glob over the actor\'s name (`*@example.com`)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l action -d 'Permission glob (`tenant:*`)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l event -d 'Event type glob (`auth.login.*`; `nimbus audit taxonomy` lists them)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l category -d 'Category (api, auth, data, permission, system, security, tenant, user)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l min-priority -d 'Lowest priority (debug, info, warn, err, critical)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l resource-type -d 'Resource type' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l resource-id -d 'Resource id' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l result -d 'Result: success, denied or failed' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l trace-id -d 'Trace id' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -s s -l search -d 'Full-text search: words that must all appear' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l limit -d 'Records per page (at most 1000)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l cursor -d 'Continue after this cursor (printed as NEXT by the previous page)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l saved -d 'Run a saved query (by name) instead of filters given here' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l subtree -d 'Include sub-tenants you may read'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from query" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -s n -l lines -d 'Records to show first' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -l event -d 'Only these event types (glob over the event type, e.g. `auth.*`)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -s f -l follow -d 'Keep following'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -l subtree -d 'Include sub-tenants you may read'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -l from -d 'First record (online)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -l to -d 'Last record (online)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -l file -d 'An NDJSON export to verify offline, without the daemon' -r -F
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -l public-key -d 'The verifier key you trust (`nimbus audit public-key`); required with --file' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -l format -d 'Format' -r -f -a "ndjson\t'One JSON object per line, with checkpoints; verifiable offline'
json\t'One JSON document'
csv\t'Comma-separated values'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -l from -d 'First record' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -l to -d 'Last record (default: the newest checkpoint)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -l out -d 'Write here instead of standard output' -r -F
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -l from -d 'Smallest size' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -l limit -d 'At most this many' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from checkpoints" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -f -a "inclusion" -d 'Prove that a record is in the log'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from proof" -f -a "consistency" -d 'Prove that an older checkpoint\'s log is a prefix of a newer one\'s'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from public-key" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from public-key" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from public-key" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from public-key" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from public-key" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from public-key" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from public-key" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from public-key" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from public-key" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from public-key" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from taxonomy" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from taxonomy" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from taxonomy" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from taxonomy" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from taxonomy" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from taxonomy" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from taxonomy" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from taxonomy" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from taxonomy" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from taxonomy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -f -a "show" -d 'Show them'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from settings" -f -a "set" -d 'Change them; omitted options stay as they are'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -f -a "list" -d 'Your saved queries and the shared ones'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -f -a "save" -d 'Save the filters under a name (replacing your query of that name)'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from saved" -f -a "delete" -d 'Delete one of your saved queries'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -f -a "run" -d 'Move records past the retention window (`nimbus audit settings`) into the archive now'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -f -a "list" -d 'The archived segments, oldest first'
complete -c nimbus -n "__fish_nimbus_using_subcommand audit; and __fish_seen_subcommand_from archive" -f -a "fetch" -d 'Download one segment (gzip-compressed NDJSON) as stored'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -f -a "list" -d 'Runs of the tenant, newest first'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -f -a "show" -d 'One run: status, input, output, error and the state it publishes'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -f -a "history" -d 'A run\'s journal (steps, timers, signals, children) and the signals sent to it'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -f -a "signal" -d 'Send a signal to a run (e.g. `approve`); a run waiting for it wakes'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -f -a "cancel" -d 'Ask a run to cancel: it undoes its completed steps, then ends cancelled'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and not __fish_seen_subcommand_from list show history signal cancel retry" -f -a "retry" -d 'Put a failed or cancelled run back in the queue from its first failed step'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l status -d 'Only runs in this status (enqueued, running, waiting, succeeded, failed, cancelled, compensating)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l workflow -d 'Only runs of this workflow' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l tag -d 'Only runs carrying this tag (`key=value`)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l limit -d 'Page size (at most 500)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l before -d 'Runs older than this one (the previous page\'s `next`)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from show" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from show" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from show" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from show" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from show" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from history" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from history" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from history" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from history" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from history" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from history" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from history" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from signal" -l payload -d 'JSON payload' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from signal" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from signal" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from signal" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from signal" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from signal" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from signal" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from signal" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from signal" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from signal" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from signal" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -l terminate -d 'End it at once, without compensation'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from retry" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from retry" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from retry" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from retry" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from retry" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from retry" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from retry" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from retry" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from retry" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand workflow; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -f -a "list" -d 'Schedules of the tenant, by name'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -f -a "show" -d 'One schedule (id or name)'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -f -a "pause" -d 'Stop a schedule firing'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -f -a "resume" -d 'Let a paused schedule fire again, from its next fire time after now'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and not __fish_seen_subcommand_from list show pause resume trigger" -f -a "trigger" -d 'Start the schedule\'s workflow now'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from show" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from show" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from show" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from show" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from show" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from trigger" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from trigger" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from trigger" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from trigger" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from trigger" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from trigger" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from trigger" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from trigger" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from trigger" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand schedule; and __fish_seen_subcommand_from trigger" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -f -a "list" -d 'Approval requests of the tenant, newest first'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -f -a "show" -d 'One request: its chain, approvers, timeouts and history'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -f -a "approve" -d 'Approve the step of the request that waits for you'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -f -a "reject" -d 'Reject the request'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -f -a "delegate" -d 'Hand your part of the open step to another user of the tenant'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -f -a "cancel" -d 'Cancel a pending request (your own, or any with approval:request:cancel)'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -f -a "request" -d 'Ask for approval; the tenant\'s policy for the operation applies'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and not __fish_seen_subcommand_from list show approve reject delegate cancel request policy" -f -a "policy" -d 'Approval policies: chain mode and approvers per operation type'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -l status -d 'Only requests in this status (pending, approved, rejected, expired, cancelled)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -l limit -d 'Page size (at most 500)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -l cursor -d 'The previous page\'s `next_cursor`' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -l mine -d 'Only requests waiting for you (directly, via a group or a role)'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from show" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from show" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from show" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from show" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from show" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -l reason -d 'Why (recorded in the history and the audit log)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from approve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -l reason -d 'Why (recorded in the history and the audit log)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from reject" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -l to -d 'The user\'s email or id' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -l reason -d 'Why' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from delegate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -l reason -d 'Why' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l operation -d 'Operation type, e.g. `deploy`' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l title -d 'One line saying what is to be approved' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l resource-type -d 'Kind of the resource concerned' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l resource-id -d 'The resource concerned' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l payload -d 'The change itself, JSON' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l policy -d 'Policy id or name (default: the policy for the operation)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from request" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -f -a "list" -d 'Policies of the tenant, by name'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -f -a "show" -d 'One policy (id or name)'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -f -a "create" -d 'Create a policy from a JSON document (`-` reads stdin), e.g. `{"name":"deploys","operation":"deploy","mode":"sequential","steps":[{"approvers":[{"kind":"group","id":"ops"}],"timeout_secs":3600,"escalation":[{"kind":"user","id":"lead@example.com"}]}],"expiry_secs":86400}`'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -f -a "update" -d 'Replace a policy (requests already made keep their chain)'
complete -c nimbus -n "__fish_nimbus_using_subcommand approval; and __fish_seen_subcommand_from policy" -f -a "delete" -d 'Delete a policy'
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -f -a "types" -d 'Semantic types with their typed properties, and the relationship kinds'
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and not __fish_seen_subcommand_from types mappings" -f -a "mappings" -d 'How provider resource kinds and tenancy concepts map to semantic types'
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from types" -l category -d 'Only this category (compute, network, storage, database, security, monitoring, application, tenancy)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from types" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from types" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from types" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from types" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from types" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from types" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from types" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from types" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from types" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from types" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from mappings" -l provider -d 'Only this provider (proxmox, aws, azure, gcp, oci)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from mappings" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from mappings" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from mappings" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from mappings" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from mappings" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from mappings" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from mappings" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from mappings" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from mappings" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand semantic; and __fish_seen_subcommand_from mappings" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -f -a "list" -d 'System classes, then the tenant\'s custom classes'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -f -a "show" -d 'One class with its attribute schema'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -f -a "create" -d 'Create a custom class'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and not __fish_seen_subcommand_from list show create delete" -f -a "delete" -d 'Delete an unused custom class'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from show" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from show" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from show" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from show" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from show" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -l name -d 'Display name' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -l description -d 'Description' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -l semantic-type -d 'A semantic type to build on (its properties join the schema)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -l schema -d 'JSON Schema of the attributes, inline or `@FILE`' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand class; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "list" -d 'CIs matching a search (the same language as `nimbus search`)'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "show" -d 'One CI, now or as it was at a time'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "create" -d 'Create a CI'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "update" -d 'Change a CI (each change writes a version)'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "delete" -d 'Soft-delete a CI and its relationships (history stays)'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "history" -d 'Every version of a CI, newest first'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "diff" -d 'What changed between two versions (default: the last change). Exits 0 when nothing changed, 1 when something did'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "graph" -d 'CIs reachable from a CI'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "impact" -d 'What is impacted, transitively, if a CI fails or goes away'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "path" -d 'A shortest path between two CIs'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "import" -d 'Import CIs and relationships from a JSON Lines or CSV file (`-` for standard input), idempotent by external id'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "export" -d 'Export CIs (JSON Lines or CSV) to standard output'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and not __fish_seen_subcommand_from list show create update delete history diff graph impact path import export template" -f -a "template" -d 'CI templates: blueprints of related CIs, instantiated in one transaction'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -l limit -d 'Page size' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -l cursor -d '`next_cursor` of the previous page' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from show" -l at -d 'RFC 3339 time with an offset: show the CI as it was then' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from show" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from show" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from show" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from show" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from show" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l class -d 'Class key (`nimbus class list`)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l state -d 'Initial state: planned (default), active or maintenance' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l compartment -d 'Compartment id' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l attributes -d 'Attributes as a JSON object, inline or `@FILE`' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l tag -d 'A tag (repeatable)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l external-id -d 'The provider\'s id of the resource' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l provider -d 'Provider' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l urn -d 'Pulumi URN' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l name -d 'New name' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l state -d 'New state (planned → active | deleted; active → maintenance | retired; maintenance → active | retired)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l attributes -d 'Attributes to set, merged over the current ones (`null` removes one)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l tag -d 'Replace the tags (repeatable)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l compartment -d 'Move to this compartment' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l urn -d 'Pulumi URN' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from history" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from history" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from history" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from history" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from history" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from history" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from history" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from diff" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from diff" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from diff" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from diff" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from diff" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from diff" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from diff" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from diff" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -l direction -d 'out, in or both (graph and path)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -l kinds -d 'Only these relationship kinds (comma-separated)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -l depth -d 'Largest number of hops (default 3)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -l limit -d 'Largest number of CIs (default 1000)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from graph" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -l direction -d 'out, in or both (graph and path)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -l kinds -d 'Only these relationship kinds (comma-separated)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -l depth -d 'Largest number of hops (default 3)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -l limit -d 'Largest number of CIs (default 1000)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from impact" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -l direction -d 'out, in or both (graph and path)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -l kinds -d 'Only these relationship kinds (comma-separated)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -l depth -d 'Largest number of hops (default 3)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -l limit -d 'Largest number of CIs (default 1000)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from import" -l format -d 'json (JSON Lines) or csv; by default from the file name' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from import" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from import" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from import" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from import" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from import" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from import" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from import" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from import" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from export" -l format -d 'json (JSON Lines) or csv' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from export" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from export" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from export" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from export" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from export" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from export" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from export" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -f -a "list" -d 'The tenant\'s templates'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -f -a "show" -d 'One template'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -f -a "create" -d 'Create a template from a JSON file (`name`, `parameters`, `items`, `relationships`)'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -f -a "delete" -d 'Delete a template (CIs made from it stay)'
complete -c nimbus -n "__fish_nimbus_using_subcommand ci; and __fish_seen_subcommand_from template" -f -a "instantiate" -d 'Create a template\'s CIs and relationships, all in one transaction'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -f -a "list" -d 'Relationships of a CI, both directions'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -f -a "create" -d 'Relate two CIs: `nimbus rel create SOURCE depends_on TARGET` (inverse kinds such as `depended_on_by` are stored turned around)'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and not __fish_seen_subcommand_from list create delete" -f -a "delete" -d 'Remove a relationship'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from create" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from create" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from create" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from create" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from create" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand rel; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -f -a "offering" -d 'Service offerings: what is sold, by the CI classes it covers'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -f -a "price-list" -d 'Price lists and their versions (draft → published → archived)'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -f -a "pin" -d 'Pins: from a time on, estimates use a chosen price-list version'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and not __fish_seen_subcommand_from offering price-list pin estimate" -f -a "estimate" -d 'What the CIs matching a search cost under the version in force at a time'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -f -a "list" -d 'The tenant\'s offerings'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -f -a "show" -d 'One offering'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -f -a "create" -d 'Create an offering'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from offering" -f -a "delete" -d 'Delete an offering no price list prices'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -f -a "list" -d 'The tenant\'s price lists'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -f -a "show" -d 'One price list with every version and its prices'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -f -a "create" -d 'Create a price list'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -f -a "draft" -d 'Set the draft version\'s prices (a new draft if there is none)'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -f -a "publish" -d 'Publish a draft version (the published one is archived)'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from price-list" -f -a "archive" -d 'Archive a version'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -f -a "list" -d 'The tenant\'s pins'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -f -a "create" -d 'Pin a published or archived version from a time on'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from pin" -f -a "delete" -d 'Remove a pin'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -l at -d 'RFC 3339 time with an offset (default now)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -l price-list -d 'Price list name or id' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand catalog; and __fish_seen_subcommand_from estimate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -l saved -d 'Run the saved search of this name instead' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -l limit -d 'Page size' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -l cursor -d '`next_cursor` of the previous page' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -a "save" -d 'Save a search under a name'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -a "list" -d 'Your saved searches'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and not __fish_seen_subcommand_from save list delete" -a "delete" -d 'Delete a saved search'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from save" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from save" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from save" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from save" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from save" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from save" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from save" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from save" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from save" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from save" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from delete" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from delete" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from delete" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from delete" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from delete" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand search; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -f -a "list" -d 'Your notifications, newest first'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -f -a "read" -d 'Mark one of your notifications read'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -f -a "read-all" -d 'Mark all your notifications read'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -f -a "prefs" -d 'Your preferences: how each category reaches you (in_app, email: on | off | digest)'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -f -a "channel" -d 'The tenant\'s channels: SMTP servers and webhooks'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -f -a "template" -d 'Templates: the tenant\'s own, global ones and the built-in defaults'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -f -a "dlq" -d 'Deliveries that ran out of attempts (dead letters), and retrying them'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -f -a "deliveries" -d 'The tenant\'s deliveries, newest first'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and not __fish_seen_subcommand_from list read read-all prefs channel template dlq deliveries send" -f -a "send" -d 'Send a notification to users of the tenant and its webhooks'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -l limit -d 'At most this many (default 100)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -l unread -d 'Only unread ones'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read-all" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read-all" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read-all" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read-all" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read-all" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read-all" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read-all" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read-all" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read-all" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from read-all" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -f -a "list" -d 'Every category × channel with its mode'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from prefs" -f -a "set" -d 'Set how a category reaches you on a channel'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -f -a "list" -d 'The tenant\'s channels (never their secrets)'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -f -a "create" -d 'Add an SMTP server or a webhook'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -f -a "update" -d 'Change a channel'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from channel" -f -a "delete" -d 'Delete a channel and its deliveries'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -f -a "list" -d 'Templates that apply to the tenant'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -f -a "set" -d 'Set a template (checked in the sandbox before it is stored)'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from template" -f -a "delete" -d 'Delete a template'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -f -a "list" -d 'Dead letters, newest first'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from dlq" -f -a "retry" -d 'Queue a dead letter again with a fresh set of attempts'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from deliveries" -l status -d 'Only this status: pending, delivered, dead, held, digested' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from deliveries" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from deliveries" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from deliveries" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from deliveries" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from deliveries" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from deliveries" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from deliveries" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from deliveries" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from deliveries" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from deliveries" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -l category -d 'Category: approval, security, system, audit, drift, workflow, user' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -l user -d 'A user to notify (repeatable)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -l data -d 'Data for the templates, as a JSON object (`{"title": "…", "message": "…"}`)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand notification; and __fish_seen_subcommand_from send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and not __fish_seen_subcommand_from list revoke" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand session; and __fish_seen_subcommand_from revoke" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and not __fish_seen_subcommand_from add use list remove current" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from add" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from use" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand context; and __fish_seen_subcommand_from current" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -l view -d 'The view shown first' -r -f -a "approvals\t'Approvals inbox'
workflows\t'Workflow runs'
schedules\t'Schedules'
audit\t'Audit live tail'
cmdb\t'CMDB browser'
tenants\t'Tenants'
ctx\t'Contexts'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -l readonly -d 'Refuse every action that changes something (approve, cancel, pause, …)'
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -l mouse -d 'Scroll lists with the mouse wheel (off by default so the terminal\'s own text selection works)'
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand tui" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -s o -l output -d 'Output format [default: table]' -r -f -a "table\t'Aligned columns'
json\t'JSON (stable field names)'
yaml\t'YAML'"
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -l jq -d 'Filter JSON output with a jq expression (implies -o json); strings print raw' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -l context -d 'Context (daemon) to use instead of the current one' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -l url -d 'Daemon URL, overriding the context\'s' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -l token -d 'Access token to use instead of stored credentials (no refresh)' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand completions" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
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
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -l tenant -d 'Tenant (id or slug) to act in, overriding the context\'s default tenant; without either, your own tenant. With `context add`, the context\'s default tenant' -r
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -l color -d 'When to use color' -r -f -a "auto\t'Color on terminals unless NO_COLOR or CLICOLOR=0'
always\t'Always'
never\t'Never'"
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -l no-headers -d 'Omit table headers'
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -s q -l quiet -d 'Print less on stderr'
complete -c nimbus -n "__fish_nimbus_using_subcommand help" -s h -l help -d 'Print help (see more with \'--help\')'
