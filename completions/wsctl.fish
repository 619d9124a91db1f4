# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_wsctl_global_optspecs
    string join \n region= profile= fleet= config= table= endpoint= dynamodb-endpoint= apigw-endpoint= other-endpoints= o/output= v/verbose q/quiet debug metrics= no-progress progress-interval= h/help V/version
end

function __fish_wsctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_wsctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_wsctl_using_subcommand
    set -l cmd (__fish_wsctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c wsctl -n "__fish_wsctl_needs_command" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_needs_command" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_needs_command" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_needs_command" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_needs_command" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_needs_command" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_needs_command" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_needs_command" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_needs_command" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_needs_command" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_needs_command" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_needs_command" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_needs_command" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_needs_command" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_needs_command" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_needs_command" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "connections" -d 'List, inspect, count and report on connection records'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "push" -d 'Send a payload to connections or to every connection of a user'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "broadcast" -d 'Send a payload to every connection of a group, or to everyone'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "disconnect" -d 'Close connections (DeleteConnection) and remove their records'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "sweep" -d 'Delete stale connection records, proven stale by GetConnection (410), age or TTL'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "provision" -d 'Create or converge the connections table and the WebSocket API'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "iam-policy" -d 'Print the least-privilege IAM policy the given commands need'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "local" -d 'The local fleet: gateway emulator, client swarm and demo'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "fleet" -d 'The config file\'s named fleets: list them, show one, pick the current one'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "man" -d 'Print a man page (roff), or write every command\'s page to a directory'
complete -c wsctl -n "__fish_wsctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -f -a "list" -d 'List connection records (streamed page by page)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -f -a "inspect" -d 'Show records and live GetConnection state of connection ids'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -f -a "count" -d 'Count rows, optionally by user or group'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -f -a "stats" -d 'Health report of the table: groups, users, ages, TTLs, stale rows'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -f -a "watch" -d 'Counts per group, connects per minute, rows past TTL and a stale estimate, refreshed like `top` until Ctrl-C; each refresh reads a sample of about --sample rows'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and not __fish_seen_subcommand_from list inspect count stats watch help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -s u -l user -d 'Only this user\'s connections' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -s g -l group -d 'Only this group\'s connections' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l older-than -d 'Only rows connected longer ago than DUR (e.g. 2h)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l limit -d 'Stop after N rows' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l concurrency -d 'Probes in flight at once' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l user-attr -d 'Attribute holding the user id [default: discovered, else userId]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l group-attr -d 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l user-index -d 'GSI whose hash key is the user attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l group-index -d 'GSI whose hash key is the group attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l group-prefix -d 'Prefix stored before group values, e.g. `room#` (seed 002)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l probe -d 'Add the live state from GetConnection (alive or gone, last active, idle time)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l include-expired -d 'Include rows whose TTL has passed (DynamoDB deletes them lazily)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l user-attr -d 'Attribute holding the user id [default: discovered, else userId]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l group-attr -d 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l user-index -d 'GSI whose hash key is the user attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l group-index -d 'GSI whose hash key is the group attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l group-prefix -d 'Prefix stored before group values, e.g. `room#` (seed 002)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l by -d 'Count per user, per group or per recorded endpoint (domainName/stage)' -r -f -a "user\t''
group\t''
endpoint\t'The API endpoint each row was recorded for (domainName/stage; `(none)` without them)'"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l top -d 'Show the N biggest (0 = all)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l track -d 'Distinct users (groups) counted exactly; past N, memory stays bounded and the counts become upper bounds with a stated error (about 100 bytes per key)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l user-attr -d 'Attribute holding the user id [default: discovered, else userId]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l group-attr -d 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l user-index -d 'GSI whose hash key is the user attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l group-index -d 'GSI whose hash key is the group attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l group-prefix -d 'Prefix stored before group values, e.g. `room#` (seed 002)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from count" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l top -d 'Show the N biggest groups and users' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l track -d 'Distinct users (groups) counted exactly; past N, memory stays bounded and the counts become upper bounds with a stated error (about 100 bytes per key)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l user-attr -d 'Attribute holding the user id [default: discovered, else userId]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l group-attr -d 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l user-index -d 'GSI whose hash key is the user attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l group-index -d 'GSI whose hash key is the group attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l group-prefix -d 'Prefix stored before group values, e.g. `room#` (seed 002)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l interval -d 'Time between refreshes' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l iterations -d 'Stop after N refreshes [default: until Ctrl-C]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l sample -d 'Rows read per refresh, about: a larger table is sampled and its counts scaled up. The read cost follows: 10,000 rows of ~150 bytes cost ~150 read capacity units a refresh, whether the table holds 100,000 or 1,000,000 rows' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l probes -d 'GetConnection calls per refresh for the stale estimate (0: no estimate)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l top -d 'Groups shown' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l user-attr -d 'Attribute holding the user id [default: discovered, else userId]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l group-attr -d 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l user-index -d 'GSI whose hash key is the user attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l group-index -d 'GSI whose hash key is the group attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l group-prefix -d 'Prefix stored before group values, e.g. `room#` (seed 002)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from watch" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "list" -d 'List connection records (streamed page by page)'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Show records and live GetConnection state of connection ids'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "count" -d 'Count rows, optionally by user or group'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Health report of the table: groups, users, ages, TTLs, stale rows'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "watch" -d 'Counts per group, connects per minute, rows past TTL and a stale estimate, refreshed like `top` until Ctrl-C; each refresh reads a sample of about --sample rows'
complete -c wsctl -n "__fish_wsctl_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -s c -l connection -d 'Connection id (repeatable; an id may begin with `-`)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -s u -l user -d 'Every live connection of this user' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l connection-file -d 'Ids one per line, or NDJSON with connectionId (e.g. a --failures file); `-` for stdin' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l messages -d 'NDJSON messages, each with its own recipient and payload: {"connectionId": ID, "data": ...} or {"userId": USER, "data": ...} (a string is sent as is, other JSON compact); `-` for stdin. A --failures file of such a run replays as is' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l data -d 'Payload text' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l data-file -d 'Read the payload from FILE (`-` for stdin)' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l concurrency -d 'Most calls in flight at once: the number in flight adapts below it (grows while throughput grows, shrinks on throttling or rising round trips) [default: 4096]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l rate -d 'Ceiling in calls per second (the pace also adapts down on throttling)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l max-attempts -d 'Attempts per connection for retryable errors (429, 5xx, timeouts, connection errors)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l failures -d 'Write failed ids and reasons as NDJSON (replay with --connection-file)' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l grace -d 'Keep the rows of connections younger than DUR even when they answer 410: API Gateway makes a connection live only once its $connect handler returns (up to 29 s later)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l user-attr -d 'Attribute holding the user id [default: discovered, else userId]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l group-attr -d 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l user-index -d 'GSI whose hash key is the user attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l group-index -d 'GSI whose hash key is the group attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l group-prefix -d 'Prefix stored before group values, e.g. `room#` (seed 002)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l dry-run -d 'Check the payload (every line of --messages), count and sample the recipients; send nothing'
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l json -d 'Require the payload to be valid JSON'
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l no-prune -d 'Keep the rows of connections found gone (410)'
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l allow-all-gone -d 'Delete even when every answer is 410 Gone (a fleet that really is all gone, after an outage); without it the endpoint guard stops such a run, deleting nothing (exit 8)'
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand push" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -s g -l group -d 'Every live connection of this group (room); the --group-prefix is added when missing' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l data -d 'Payload text' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l data-file -d 'Read the payload from FILE (`-` for stdin)' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l concurrency -d 'Most calls in flight at once: the number in flight adapts below it (grows while throughput grows, shrinks on throttling or rising round trips) [default: 4096]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l rate -d 'Ceiling in calls per second (the pace also adapts down on throttling)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l max-attempts -d 'Attempts per connection for retryable errors (429, 5xx, timeouts, connection errors)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l failures -d 'Write failed ids and reasons as NDJSON (replay with --connection-file)' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l grace -d 'Keep the rows of connections younger than DUR even when they answer 410: API Gateway makes a connection live only once its $connect handler returns (up to 29 s later)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l user-attr -d 'Attribute holding the user id [default: discovered, else userId]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l group-attr -d 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l user-index -d 'GSI whose hash key is the user attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l group-index -d 'GSI whose hash key is the group attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l group-prefix -d 'Prefix stored before group values, e.g. `room#` (seed 002)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l all -d 'Every live connection in the table (asks for confirmation; --yes when not on a terminal)'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l dry-run -d 'Count and sample the recipients; send nothing'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -s y -l yes -d 'Do not ask for confirmation'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l json -d 'Require the payload to be valid JSON'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l no-prune -d 'Keep the rows of connections found gone (410)'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l allow-all-gone -d 'Delete even when every answer is 410 Gone (a fleet that really is all gone, after an outage); without it the endpoint guard stops such a run, deleting nothing (exit 8)'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand broadcast" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -s c -l connection -d 'Connection id (repeatable; an id may begin with `-`)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -s u -l user -d 'Every connection of this user (asks for confirmation)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -s g -l group -d 'Every connection of this group (asks for confirmation)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l connection-file -d 'Ids one per line, or NDJSON with connectionId; `-` for stdin (asks for confirmation above 10 ids)' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l concurrency -d 'Most calls in flight at once: the number in flight adapts below it (grows while throughput grows, shrinks on throttling or rising round trips) [default: 4096]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l rate -d 'Ceiling in calls per second (the pace also adapts down on throttling)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l max-attempts -d 'Attempts per connection for retryable errors (429, 5xx, timeouts, connection errors)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l failures -d 'Write failed ids and reasons as NDJSON (replay with --connection-file)' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l grace -d 'Keep the rows of connections younger than DUR even when they answer 410: API Gateway makes a connection live only once its $connect handler returns (up to 29 s later)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l user-attr -d 'Attribute holding the user id [default: discovered, else userId]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l group-attr -d 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l user-index -d 'GSI whose hash key is the user attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l group-index -d 'GSI whose hash key is the group attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l group-prefix -d 'Prefix stored before group values, e.g. `room#` (seed 002)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l dry-run -d 'Count and sample the targets; disconnect nothing'
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -s y -l yes -d 'Do not ask for confirmation'
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l no-prune -d 'Keep the rows of connections found gone (410)'
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l allow-all-gone -d 'Delete even when every answer is 410 Gone (a fleet that really is all gone, after an outage); without it the endpoint guard stops such a run, deleting nothing (exit 8)'
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand disconnect" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l segments -d 'Parallel scan segments [default: from the table\'s size]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l max-age -d 'Rows connected longer ago than this are deleted without probing: API Gateway closes every connection after 2 h, the default adds a 15 min margin (`off` to always probe)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l idle-over -d 'Report live connections idle longer than DUR (lastActiveAt)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l checkpoint -d 'Keep each segment\'s position in FILE; a rerun with the same FILE continues from there' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l shard -d 'Work on shard K of N (segments s with s % N == K); `auto` reads AWS Batch / Kubernetes indexed-job variables' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l shard-count -d 'N for `--shard auto` with a Kubernetes Indexed Job (JOB_COMPLETION_INDEX gives K)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l concurrency -d 'Most probes in flight at once: the number in flight adapts below it (grows while throughput grows, shrinks on throttling or rising round trips) [default: 4096]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l rate -d 'Ceiling in GetConnection calls per second (adapts down on throttling)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l max-attempts -d 'Attempts per probe for retryable errors' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l failures -d 'Write the ids whose probe failed (NDJSON)' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l page-size -d 'Scan page size in items [default: 1000]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l grace -d 'Keep the rows of connections younger than DUR even when they answer 410: API Gateway makes a connection live only once its $connect handler returns (up to 29 s later)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l user-attr -d 'Attribute holding the user id [default: discovered, else userId]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l group-attr -d 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l user-index -d 'GSI whose hash key is the user attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l group-index -d 'GSI whose hash key is the group attribute [default: discovered]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l group-prefix -d 'Prefix stored before group values, e.g. `room#` (seed 002)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l expired -d 'Also delete rows whose TTL has passed, without probing'
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l disconnect-idle -d 'Disconnect (DeleteConnection) the live connections idle longer than --idle-over'
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l dry-run -d 'Show what would be deleted; delete nothing (probes are read-only and still run)'
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -s y -l yes -d 'Do not ask for confirmation'
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l allow-all-gone -d 'Delete even when every answer is 410 Gone (a fleet that really is all gone, after an outage); without it the endpoint guard stops such a run, deleting nothing (exit 8)'
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand sweep" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l spec -d 'TOML file declaring a [table] and/or an [api] section, applied together' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l env-file -d 'Append WSCTL_API_ID, WSCTL_WEBSOCKET_URL, WSCTL_ENDPOINT, WSCTL_STAGE (KEY=value lines) to FILE, e.g. "$GITHUB_ENV"' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l dry-run -d 'Print the plan (create / update / unchanged per resource) and change nothing'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l check -d 'Change nothing; exit 6 when anything differs from the declaration (drift detection for CI)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l prune -d 'Delete routes, integrations and authorizers of the API that are not declared (asks first)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -s y -l yes -d 'Do not ask before changing, re-pointing or deleting what exists (required off a terminal when the plan changes anything that exists; creating needs no confirmation)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -f -a "table" -d 'Create or converge the connections table (GSIs on userId and groupId, TTL on `ttl`)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -f -a "api" -d 'Find or create the WebSocket API: integration, routes, stage, deployment'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and not __fish_seen_subcommand_from table api help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l rcu -d 'Provisioned read capacity (with --wcu) [default: on-demand]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l wcu -d 'Provisioned write capacity (with --rcu) [default: on-demand]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l user-index -d 'Name of the GSI on userId' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l group-index -d 'Name of the GSI on groupId' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l dry-run -d 'Print the plan (create / update / unchanged per resource) and change nothing'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l check -d 'Change nothing; exit 6 when anything differs from the declaration (drift detection for CI)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -s y -l yes -d 'Do not ask before changing what exists (required off a terminal when the plan changes it)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from table" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l name -d 'Name of the WebSocket API (found by name, else created)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l stage -d 'Stage name' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l integration -d 'Integration target: a Lambda function ARN (AWS_PROXY) or an http(s) URL (HTTP_PROXY)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l route -d 'A custom route key (repeatable), besides $connect, $disconnect and $default' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l throttle-rate -d 'Default route throttling: steady-state requests per second' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l throttle-burst -d 'Default route throttling: burst' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l authorizer-function -d 'Lambda REQUEST authorizer of $connect: the function\'s ARN (with --identity-source)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l identity-source -d 'Where the authorizer reads the caller\'s identity, e.g. route.request.querystring.token (repeatable)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l access-log-destination -d 'Stage access logging: a CloudWatch Logs group ARN (with --access-log-format)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l access-log-format -d 'Stage access log format; must contain $context.requestId' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l detailed-metrics -d 'Detailed CloudWatch metrics for every route of the stage' -r -f -a "true\t''
false\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l stage-variable -d 'A stage variable (repeatable); the stage\'s variables are then exactly these' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l tag -d 'A tag of the API (repeatable); the API\'s tags are then exactly these' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l env-file -d 'Append WSCTL_API_ID, WSCTL_WEBSOCKET_URL, WSCTL_ENDPOINT, WSCTL_STAGE (KEY=value lines) to FILE, e.g. "$GITHUB_ENV"' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l auto-deploy -d 'Let the stage deploy every change itself (else wsctl creates a deployment when needed)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l dry-run -d 'Print the plan (create / update / unchanged per resource) and change nothing'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l check -d 'Change nothing; exit 6 when anything differs from the declaration (drift detection for CI)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l prune -d 'Delete routes, integrations and authorizers of the API that are not declared (asks first)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -s y -l yes -d 'Do not ask before changing, re-pointing or deleting what exists (required off a terminal when the plan changes anything that exists; creating needs no confirmation)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from api" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from help" -f -a "table" -d 'Create or converge the connections table (GSIs on userId and groupId, TTL on `ttl`)'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from help" -f -a "api" -d 'Find or create the WebSocket API: integration, routes, stage, deployment'
complete -c wsctl -n "__fish_wsctl_using_subcommand provision; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l account -d 'AWS account id in the resource ARNs [default: *]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l api-id -d 'WebSocket API id in the execute-api and apigateway ARNs [default: *]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l stage -d 'Stage in the execute-api ARNs [default: *]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand iam-policy" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -f -a "serve" -d 'Run the gateway emulator (WebSockets + Management API) on DynamoDB Local'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -f -a "demo" -d 'Run the whole tool on a local fleet, narrated (starts everything it needs)'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -f -a "swarm" -d 'Open N real WebSocket clients, count what each receives, report on exit'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and not __fish_seen_subcommand_from serve demo swarm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l port -d 'Port to listen on (0: any free port; see --ready-file)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l bind -d 'Address to bind (a non-loopback address needs --allow-remote)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l stage -d 'Stage name: clients connect to ws://HOST:PORT/{stage}' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l integration -d 'POST every $connect/$disconnect/message event to URL (Lambda-proxy event format) instead of recording connections in the table' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l idle-timeout -d 'Close connections idle this long (API Gateway: 10 min)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l max-duration -d 'Close connections after this long (API Gateway: 2 h)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l rate -d 'Management API throttle: requests per second (token bucket; off by default)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l burst -d 'Management API throttle: bucket size [default: the rate, at least 1]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l lose-disconnects -d 'Fault injection: this fraction (0..=1) of closes never reaches the $disconnect integration' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l ready-file -d 'Write {port, ws_url, endpoint, apigw_endpoint, dynamodb_endpoint, stage, table, pid} here once ready' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l client-buffer -d 'Frames queued per connection before PostToConnection answers 429 (slow consumer)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l ttl -d 'Lifetime of recorded connections (the `ttl` attribute: now + this)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l clock-ahead -d 'Model a service clock this far ahead of the machine\'s: Management API calls signed more than 5 min off it are refused (403 InvalidSignatureException, with the service\'s Date), as API Gateway refuses a host whose clock is wrong' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l expired-access-key -d 'Refuse Management API calls signed with this access key id as expired (403 ExpiredTokenException), as for keys revoked or expired mid-run' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l latency -d 'Network round trip to model: every Management API and control-plane answer is delayed this long (half before the call is handled, half after), e.g. 20ms in-region, 80ms cross-continent; a connection\'s first answer two more (the TCP and TLS handshakes that opened it on AWS)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l jitter -d 'Add a random extra delay of up to this much to each answer (with --latency)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l allow-remote -d 'Allow a non-loopback bind address or DynamoDB endpoint'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l no-default-route -d 'Start without a $default route: messages that match no route get the Forbidden frame'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l clients -d 'Live clients in the swarm' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l stale -d 'Clients whose connections drop without $disconnect (stale rows for the sweep)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l keep -d 'Keep the fleet running at the end until Ctrl-C'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from demo" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l url -d 'WebSocket URL of the API stage, e.g. ws://127.0.0.1:8080/local' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -s n -l clients -d 'Number of clients' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l users -d 'Distinct users: client i is user u{i % users} (default: one per client)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l groups -d 'Distinct groups: client i is in group g{i % groups}' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l param -d 'Extra query parameter NAME=TEMPLATE (repeatable); placeholders {i}, {user}, {group}' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l header -d 'Extra handshake header NAME:VALUE (repeatable)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l connect-rate -d 'New connections per second (API Gateway\'s default quota is 500)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l duration -d 'Exit after this long (e.g. 30s, 5m); default: until Ctrl-C / SIGTERM' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l report -d 'Write the final JSON report here (atomically)' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l ready-file -d 'Write {"clients","connected","failed"} here once every client connected or failed' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l reconnect -d 'When the server closes a connection or it drops, reconnect as a new connection'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from swarm" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Run the gateway emulator (WebSockets + Management API) on DynamoDB Local'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from help" -f -a "demo" -d 'Run the whole tool on a local fleet, narrated (starts everything it needs)'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from help" -f -a "swarm" -d 'Open N real WebSocket clients, count what each receives, report on exit'
complete -c wsctl -n "__fish_wsctl_using_subcommand local; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -f -a "list" -d 'List the config file\'s fleets; the current one is marked (`-o ids`: one name a line)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -f -a "show" -d 'Show a fleet\'s settings [default: the current fleet]'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -f -a "use" -d 'Make FLEET the current fleet: commands use it when no --fleet is given'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and not __fish_seen_subcommand_from list show use help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the config file\'s fleets; the current one is marked (`-o ids`: one name a line)'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a fleet\'s settings [default: the current fleet]'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "use" -d 'Make FLEET the current fleet: commands use it when no --fleet is given'
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l out-dir -d 'Write every page (wsctl.1, wsctl-sweep.1, wsctl-connections-list.1, ...) into DIR' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l region -d 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet\'s region, the profile\'s region)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l profile -d 'AWS profile (else AWS_PROFILE, the fleet\'s profile, the default credential chain)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l fleet -d 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]' -r -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l config -d 'Config file [default: ~/.config/wsctl/config.toml]' -r -F
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l table -d 'DynamoDB table of connections [default: ws-connections]' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l endpoint -l endpoint-url -d 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI\'s spelling, is the same option)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l dynamodb-endpoint -d 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l apigw-endpoint -d 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l other-endpoints -d 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint\'s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]' -r -f -a "skip\t'Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)'
include\t'Treat them as this endpoint\'s (a custom domain name of this same API)'
route\t'Send to (probe at, prune after a 410 from) the endpoint each row names, https://{domainName}/{stage}, signed for the region in its execute-api host'"
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -s o -l output -d 'Output format: table for people, json / ndjson for scripts, ids for one id a line' -r -f -a "table\t''
json\t''
ndjson\t''
ids\t''"
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l metrics -d 'Also write the run\'s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l progress-interval -d 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none' -r
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -s q -l quiet -d 'Only errors on stderr'
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l debug -d 'Debug logging on stderr, as the AWS CLI\'s --debug: the resolved settings and where each came from, wsctl\'s own debug log and the AWS SDK\'s (retries, timeouts; never payloads or signatures)'
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -l no-progress -d 'Never show progress: no bars on a terminal, no progress lines elsewhere'
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wsctl -n "__fish_wsctl_using_subcommand man" -s V -l version -d 'Print version'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "connections" -d 'List, inspect, count and report on connection records'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "push" -d 'Send a payload to connections or to every connection of a user'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "broadcast" -d 'Send a payload to every connection of a group, or to everyone'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "disconnect" -d 'Close connections (DeleteConnection) and remove their records'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "sweep" -d 'Delete stale connection records, proven stale by GetConnection (410), age or TTL'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "provision" -d 'Create or converge the connections table and the WebSocket API'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "iam-policy" -d 'Print the least-privilege IAM policy the given commands need'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "local" -d 'The local fleet: gateway emulator, client swarm and demo'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "fleet" -d 'The config file\'s named fleets: list them, show one, pick the current one'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "man" -d 'Print a man page (roff), or write every command\'s page to a directory'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and not __fish_seen_subcommand_from connections push broadcast disconnect sweep provision iam-policy local fleet completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "list" -d 'List connection records (streamed page by page)'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "inspect" -d 'Show records and live GetConnection state of connection ids'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "count" -d 'Count rows, optionally by user or group'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "stats" -d 'Health report of the table: groups, users, ages, TTLs, stale rows'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "watch" -d 'Counts per group, connects per minute, rows past TTL and a stale estimate, refreshed like `top` until Ctrl-C; each refresh reads a sample of about --sample rows'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from provision" -f -a "table" -d 'Create or converge the connections table (GSIs on userId and groupId, TTL on `ttl`)'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from provision" -f -a "api" -d 'Find or create the WebSocket API: integration, routes, stage, deployment'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from local" -f -a "serve" -d 'Run the gateway emulator (WebSockets + Management API) on DynamoDB Local'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from local" -f -a "demo" -d 'Run the whole tool on a local fleet, narrated (starts everything it needs)'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from local" -f -a "swarm" -d 'Open N real WebSocket clients, count what each receives, report on exit'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from fleet" -f -a "list" -d 'List the config file\'s fleets; the current one is marked (`-o ids`: one name a line)'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from fleet" -f -a "show" -d 'Show a fleet\'s settings [default: the current fleet]'
complete -c wsctl -n "__fish_wsctl_using_subcommand help; and __fish_seen_subcommand_from fleet" -f -a "use" -d 'Make FLEET the current fleet: commands use it when no --fleet is given'
complete -c wsctl -n 'test (commandline -opc)[-1] = --fleet' -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from use" -f -a "(wsctl fleet list -o ids)"
complete -c wsctl -n "__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from show" -f -a "(wsctl fleet list -o ids)"
