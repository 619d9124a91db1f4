
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'wsctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'wsctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $previous = @($commandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition })[-1]
    $afterFleetOption = $null -ne $previous -and $previous.Extent.Text -eq '--fleet'
    $fleetNames = @()
    if ($afterFleetOption -or $command -in 'wsctl;fleet;use', 'wsctl;fleet;show') {
        $listed = try { @(wsctl fleet list -o ids 2>$null) } catch { @() }
        $fleetNames = @($listed | Where-Object { $_ } | ForEach-Object {
            $text = if ($_ -match '[\s''"`$;,(){}@#|&<>]') { "'" + ($_ -replace "'", "''") + "'" } else { $_ }
            [CompletionResult]::new($text, $_, [CompletionResultType]::ParameterValue, "fleet $_")
        })
    }

    $completions = @(switch ($command) {
        'wsctl' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'List, inspect, count and report on connection records')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Send a payload to connections or to every connection of a user')
            [CompletionResult]::new('broadcast', 'broadcast', [CompletionResultType]::ParameterValue, 'Send a payload to every connection of a group, or to everyone')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Close connections (DeleteConnection) and remove their records')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Delete stale connection records, proven stale by GetConnection (410), age or TTL')
            [CompletionResult]::new('provision', 'provision', [CompletionResultType]::ParameterValue, 'Create or converge the connections table and the WebSocket API')
            [CompletionResult]::new('iam-policy', 'iam-policy', [CompletionResultType]::ParameterValue, 'Print the least-privilege IAM policy the given commands need')
            [CompletionResult]::new('local', 'local', [CompletionResultType]::ParameterValue, 'The local fleet: gateway emulator, client swarm and demo')
            [CompletionResult]::new('fleet', 'fleet', [CompletionResultType]::ParameterValue, 'The config file''s named fleets: list them, show one, pick the current one')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff), or write every command''s page to a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wsctl;connections' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List connection records (streamed page by page)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show records and live GetConnection state of connection ids')
            [CompletionResult]::new('count', 'count', [CompletionResultType]::ParameterValue, 'Count rows, optionally by user or group')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Health report of the table: groups, users, ages, TTLs, stale rows')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Counts per group, connects per minute, rows past TTL and a stale estimate, refreshed like `top` until Ctrl-C; each refresh reads a sample of about --sample rows')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wsctl;connections;list' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Only this user''s connections')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Only this user''s connections')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Only this group''s connections')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only this group''s connections')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only rows connected longer ago than DUR (e.g. 2h)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Stop after N rows')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Probes in flight at once')
            [CompletionResult]::new('--user-attr', '--user-attr', [CompletionResultType]::ParameterName, 'Attribute holding the user id [default: discovered, else userId]')
            [CompletionResult]::new('--group-attr', '--group-attr', [CompletionResultType]::ParameterName, 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]')
            [CompletionResult]::new('--user-index', '--user-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the user attribute [default: discovered]')
            [CompletionResult]::new('--group-index', '--group-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the group attribute [default: discovered]')
            [CompletionResult]::new('--group-prefix', '--group-prefix', [CompletionResultType]::ParameterName, 'Prefix stored before group values, e.g. `room#` (seed 002)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Add the live state from GetConnection (alive or gone, last active, idle time)')
            [CompletionResult]::new('--include-expired', '--include-expired', [CompletionResultType]::ParameterName, 'Include rows whose TTL has passed (DynamoDB deletes them lazily)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;connections;inspect' {
            [CompletionResult]::new('--user-attr', '--user-attr', [CompletionResultType]::ParameterName, 'Attribute holding the user id [default: discovered, else userId]')
            [CompletionResult]::new('--group-attr', '--group-attr', [CompletionResultType]::ParameterName, 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]')
            [CompletionResult]::new('--user-index', '--user-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the user attribute [default: discovered]')
            [CompletionResult]::new('--group-index', '--group-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the group attribute [default: discovered]')
            [CompletionResult]::new('--group-prefix', '--group-prefix', [CompletionResultType]::ParameterName, 'Prefix stored before group values, e.g. `room#` (seed 002)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;connections;count' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Count per user, per group or per recorded endpoint (domainName/stage)')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show the N biggest (0 = all)')
            [CompletionResult]::new('--track', '--track', [CompletionResultType]::ParameterName, 'Distinct users (groups) counted exactly; past N, memory stays bounded and the counts become upper bounds with a stated error (about 100 bytes per key)')
            [CompletionResult]::new('--user-attr', '--user-attr', [CompletionResultType]::ParameterName, 'Attribute holding the user id [default: discovered, else userId]')
            [CompletionResult]::new('--group-attr', '--group-attr', [CompletionResultType]::ParameterName, 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]')
            [CompletionResult]::new('--user-index', '--user-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the user attribute [default: discovered]')
            [CompletionResult]::new('--group-index', '--group-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the group attribute [default: discovered]')
            [CompletionResult]::new('--group-prefix', '--group-prefix', [CompletionResultType]::ParameterName, 'Prefix stored before group values, e.g. `room#` (seed 002)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;connections;stats' {
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show the N biggest groups and users')
            [CompletionResult]::new('--track', '--track', [CompletionResultType]::ParameterName, 'Distinct users (groups) counted exactly; past N, memory stays bounded and the counts become upper bounds with a stated error (about 100 bytes per key)')
            [CompletionResult]::new('--user-attr', '--user-attr', [CompletionResultType]::ParameterName, 'Attribute holding the user id [default: discovered, else userId]')
            [CompletionResult]::new('--group-attr', '--group-attr', [CompletionResultType]::ParameterName, 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]')
            [CompletionResult]::new('--user-index', '--user-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the user attribute [default: discovered]')
            [CompletionResult]::new('--group-index', '--group-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the group attribute [default: discovered]')
            [CompletionResult]::new('--group-prefix', '--group-prefix', [CompletionResultType]::ParameterName, 'Prefix stored before group values, e.g. `room#` (seed 002)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;connections;watch' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between refreshes')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'Stop after N refreshes [default: until Ctrl-C]')
            [CompletionResult]::new('--sample', '--sample', [CompletionResultType]::ParameterName, 'Rows read per refresh, about: a larger table is sampled and its counts scaled up. The read cost follows: 10,000 rows of ~150 bytes cost ~150 read capacity units a refresh, whether the table holds 100,000 or 1,000,000 rows')
            [CompletionResult]::new('--probes', '--probes', [CompletionResultType]::ParameterName, 'GetConnection calls per refresh for the stale estimate (0: no estimate)')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Groups shown')
            [CompletionResult]::new('--user-attr', '--user-attr', [CompletionResultType]::ParameterName, 'Attribute holding the user id [default: discovered, else userId]')
            [CompletionResult]::new('--group-attr', '--group-attr', [CompletionResultType]::ParameterName, 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]')
            [CompletionResult]::new('--user-index', '--user-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the user attribute [default: discovered]')
            [CompletionResult]::new('--group-index', '--group-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the group attribute [default: discovered]')
            [CompletionResult]::new('--group-prefix', '--group-prefix', [CompletionResultType]::ParameterName, 'Prefix stored before group values, e.g. `room#` (seed 002)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;connections;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List connection records (streamed page by page)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show records and live GetConnection state of connection ids')
            [CompletionResult]::new('count', 'count', [CompletionResultType]::ParameterValue, 'Count rows, optionally by user or group')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Health report of the table: groups, users, ages, TTLs, stale rows')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Counts per group, connects per minute, rows past TTL and a stale estimate, refreshed like `top` until Ctrl-C; each refresh reads a sample of about --sample rows')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wsctl;connections;help;list' {
            break
        }
        'wsctl;connections;help;inspect' {
            break
        }
        'wsctl;connections;help;count' {
            break
        }
        'wsctl;connections;help;stats' {
            break
        }
        'wsctl;connections;help;watch' {
            break
        }
        'wsctl;connections;help;help' {
            break
        }
        'wsctl;push' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Connection id (repeatable; an id may begin with `-`)')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Connection id (repeatable; an id may begin with `-`)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Every live connection of this user')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Every live connection of this user')
            [CompletionResult]::new('--connection-file', '--connection-file', [CompletionResultType]::ParameterName, 'Ids one per line, or NDJSON with connectionId (e.g. a --failures file); `-` for stdin')
            [CompletionResult]::new('--messages', '--messages', [CompletionResultType]::ParameterName, 'NDJSON messages, each with its own recipient and payload: {"connectionId": ID, "data": ...} or {"userId": USER, "data": ...} (a string is sent as is, other JSON compact); `-` for stdin. A --failures file of such a run replays as is')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Payload text')
            [CompletionResult]::new('--data-file', '--data-file', [CompletionResultType]::ParameterName, 'Read the payload from FILE (`-` for stdin)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most calls in flight at once: the number in flight adapts below it (grows while throughput grows, shrinks on throttling or rising round trips) [default: 4096]')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Ceiling in calls per second (the pace also adapts down on throttling)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per connection for retryable errors (429, 5xx, timeouts, connection errors)')
            [CompletionResult]::new('--failures', '--failures', [CompletionResultType]::ParameterName, 'Write failed ids and reasons as NDJSON (replay with --connection-file)')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Keep the rows of connections younger than DUR even when they answer 410: API Gateway makes a connection live only once its $connect handler returns (up to 29 s later)')
            [CompletionResult]::new('--user-attr', '--user-attr', [CompletionResultType]::ParameterName, 'Attribute holding the user id [default: discovered, else userId]')
            [CompletionResult]::new('--group-attr', '--group-attr', [CompletionResultType]::ParameterName, 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]')
            [CompletionResult]::new('--user-index', '--user-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the user attribute [default: discovered]')
            [CompletionResult]::new('--group-index', '--group-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the group attribute [default: discovered]')
            [CompletionResult]::new('--group-prefix', '--group-prefix', [CompletionResultType]::ParameterName, 'Prefix stored before group values, e.g. `room#` (seed 002)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check the payload (every line of --messages), count and sample the recipients; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Require the payload to be valid JSON')
            [CompletionResult]::new('--no-prune', '--no-prune', [CompletionResultType]::ParameterName, 'Keep the rows of connections found gone (410)')
            [CompletionResult]::new('--allow-all-gone', '--allow-all-gone', [CompletionResultType]::ParameterName, 'Delete even when every answer is 410 Gone (a fleet that really is all gone, after an outage); without it the endpoint guard stops such a run, deleting nothing (exit 8)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;broadcast' {
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Every live connection of this group (room); the --group-prefix is added when missing')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Every live connection of this group (room); the --group-prefix is added when missing')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Payload text')
            [CompletionResult]::new('--data-file', '--data-file', [CompletionResultType]::ParameterName, 'Read the payload from FILE (`-` for stdin)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most calls in flight at once: the number in flight adapts below it (grows while throughput grows, shrinks on throttling or rising round trips) [default: 4096]')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Ceiling in calls per second (the pace also adapts down on throttling)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per connection for retryable errors (429, 5xx, timeouts, connection errors)')
            [CompletionResult]::new('--failures', '--failures', [CompletionResultType]::ParameterName, 'Write failed ids and reasons as NDJSON (replay with --connection-file)')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Keep the rows of connections younger than DUR even when they answer 410: API Gateway makes a connection live only once its $connect handler returns (up to 29 s later)')
            [CompletionResult]::new('--user-attr', '--user-attr', [CompletionResultType]::ParameterName, 'Attribute holding the user id [default: discovered, else userId]')
            [CompletionResult]::new('--group-attr', '--group-attr', [CompletionResultType]::ParameterName, 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]')
            [CompletionResult]::new('--user-index', '--user-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the user attribute [default: discovered]')
            [CompletionResult]::new('--group-index', '--group-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the group attribute [default: discovered]')
            [CompletionResult]::new('--group-prefix', '--group-prefix', [CompletionResultType]::ParameterName, 'Prefix stored before group values, e.g. `room#` (seed 002)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every live connection in the table (asks for confirmation; --yes when not on a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Count and sample the recipients; send nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Require the payload to be valid JSON')
            [CompletionResult]::new('--no-prune', '--no-prune', [CompletionResultType]::ParameterName, 'Keep the rows of connections found gone (410)')
            [CompletionResult]::new('--allow-all-gone', '--allow-all-gone', [CompletionResultType]::ParameterName, 'Delete even when every answer is 410 Gone (a fleet that really is all gone, after an outage); without it the endpoint guard stops such a run, deleting nothing (exit 8)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;disconnect' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Connection id (repeatable; an id may begin with `-`)')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Connection id (repeatable; an id may begin with `-`)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Every connection of this user (asks for confirmation)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Every connection of this user (asks for confirmation)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Every connection of this group (asks for confirmation)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Every connection of this group (asks for confirmation)')
            [CompletionResult]::new('--connection-file', '--connection-file', [CompletionResultType]::ParameterName, 'Ids one per line, or NDJSON with connectionId; `-` for stdin (asks for confirmation above 10 ids)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most calls in flight at once: the number in flight adapts below it (grows while throughput grows, shrinks on throttling or rising round trips) [default: 4096]')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Ceiling in calls per second (the pace also adapts down on throttling)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per connection for retryable errors (429, 5xx, timeouts, connection errors)')
            [CompletionResult]::new('--failures', '--failures', [CompletionResultType]::ParameterName, 'Write failed ids and reasons as NDJSON (replay with --connection-file)')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Keep the rows of connections younger than DUR even when they answer 410: API Gateway makes a connection live only once its $connect handler returns (up to 29 s later)')
            [CompletionResult]::new('--user-attr', '--user-attr', [CompletionResultType]::ParameterName, 'Attribute holding the user id [default: discovered, else userId]')
            [CompletionResult]::new('--group-attr', '--group-attr', [CompletionResultType]::ParameterName, 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]')
            [CompletionResult]::new('--user-index', '--user-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the user attribute [default: discovered]')
            [CompletionResult]::new('--group-index', '--group-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the group attribute [default: discovered]')
            [CompletionResult]::new('--group-prefix', '--group-prefix', [CompletionResultType]::ParameterName, 'Prefix stored before group values, e.g. `room#` (seed 002)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Count and sample the targets; disconnect nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-prune', '--no-prune', [CompletionResultType]::ParameterName, 'Keep the rows of connections found gone (410)')
            [CompletionResult]::new('--allow-all-gone', '--allow-all-gone', [CompletionResultType]::ParameterName, 'Delete even when every answer is 410 Gone (a fleet that really is all gone, after an outage); without it the endpoint guard stops such a run, deleting nothing (exit 8)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;sweep' {
            [CompletionResult]::new('--segments', '--segments', [CompletionResultType]::ParameterName, 'Parallel scan segments [default: from the table''s size]')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Rows connected longer ago than this are deleted without probing: API Gateway closes every connection after 2 h, the default adds a 15 min margin (`off` to always probe)')
            [CompletionResult]::new('--idle-over', '--idle-over', [CompletionResultType]::ParameterName, 'Report live connections idle longer than DUR (lastActiveAt)')
            [CompletionResult]::new('--checkpoint', '--checkpoint', [CompletionResultType]::ParameterName, 'Keep each segment''s position in FILE; a rerun with the same FILE continues from there')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Work on shard K of N (segments s with s % N == K); `auto` reads AWS Batch / Kubernetes indexed-job variables')
            [CompletionResult]::new('--shard-count', '--shard-count', [CompletionResultType]::ParameterName, 'N for `--shard auto` with a Kubernetes Indexed Job (JOB_COMPLETION_INDEX gives K)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most probes in flight at once: the number in flight adapts below it (grows while throughput grows, shrinks on throttling or rising round trips) [default: 4096]')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Ceiling in GetConnection calls per second (adapts down on throttling)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per probe for retryable errors')
            [CompletionResult]::new('--failures', '--failures', [CompletionResultType]::ParameterName, 'Write the ids whose probe failed (NDJSON)')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Scan page size in items [default: 1000]')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Keep the rows of connections younger than DUR even when they answer 410: API Gateway makes a connection live only once its $connect handler returns (up to 29 s later)')
            [CompletionResult]::new('--user-attr', '--user-attr', [CompletionResultType]::ParameterName, 'Attribute holding the user id [default: discovered, else userId]')
            [CompletionResult]::new('--group-attr', '--group-attr', [CompletionResultType]::ParameterName, 'Attribute holding the group / room [default: discovered (groupId, roomId, ...)]')
            [CompletionResult]::new('--user-index', '--user-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the user attribute [default: discovered]')
            [CompletionResult]::new('--group-index', '--group-index', [CompletionResultType]::ParameterName, 'GSI whose hash key is the group attribute [default: discovered]')
            [CompletionResult]::new('--group-prefix', '--group-prefix', [CompletionResultType]::ParameterName, 'Prefix stored before group values, e.g. `room#` (seed 002)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('--expired', '--expired', [CompletionResultType]::ParameterName, 'Also delete rows whose TTL has passed, without probing')
            [CompletionResult]::new('--disconnect-idle', '--disconnect-idle', [CompletionResultType]::ParameterName, 'Disconnect (DeleteConnection) the live connections idle longer than --idle-over')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be deleted; delete nothing (probes are read-only and still run)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--allow-all-gone', '--allow-all-gone', [CompletionResultType]::ParameterName, 'Delete even when every answer is 410 Gone (a fleet that really is all gone, after an outage); without it the endpoint guard stops such a run, deleting nothing (exit 8)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;provision' {
            [CompletionResult]::new('--spec', '--spec', [CompletionResultType]::ParameterName, 'TOML file declaring a [table] and/or an [api] section, applied together')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Append WSCTL_API_ID, WSCTL_WEBSOCKET_URL, WSCTL_ENDPOINT, WSCTL_STAGE (KEY=value lines) to FILE, e.g. "$GITHUB_ENV"')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan (create / update / unchanged per resource) and change nothing')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Change nothing; exit 6 when anything differs from the declaration (drift detection for CI)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Delete routes, integrations and authorizers of the API that are not declared (asks first)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before changing, re-pointing or deleting what exists (required off a terminal when the plan changes anything that exists; creating needs no confirmation)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before changing, re-pointing or deleting what exists (required off a terminal when the plan changes anything that exists; creating needs no confirmation)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('table', 'table', [CompletionResultType]::ParameterValue, 'Create or converge the connections table (GSIs on userId and groupId, TTL on `ttl`)')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Find or create the WebSocket API: integration, routes, stage, deployment')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wsctl;provision;table' {
            [CompletionResult]::new('--rcu', '--rcu', [CompletionResultType]::ParameterName, 'Provisioned read capacity (with --wcu) [default: on-demand]')
            [CompletionResult]::new('--wcu', '--wcu', [CompletionResultType]::ParameterName, 'Provisioned write capacity (with --rcu) [default: on-demand]')
            [CompletionResult]::new('--user-index', '--user-index', [CompletionResultType]::ParameterName, 'Name of the GSI on userId')
            [CompletionResult]::new('--group-index', '--group-index', [CompletionResultType]::ParameterName, 'Name of the GSI on groupId')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan (create / update / unchanged per resource) and change nothing')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Change nothing; exit 6 when anything differs from the declaration (drift detection for CI)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before changing what exists (required off a terminal when the plan changes it)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before changing what exists (required off a terminal when the plan changes it)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;provision;api' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the WebSocket API (found by name, else created)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage name')
            [CompletionResult]::new('--integration', '--integration', [CompletionResultType]::ParameterName, 'Integration target: a Lambda function ARN (AWS_PROXY) or an http(s) URL (HTTP_PROXY)')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'A custom route key (repeatable), besides $connect, $disconnect and $default')
            [CompletionResult]::new('--throttle-rate', '--throttle-rate', [CompletionResultType]::ParameterName, 'Default route throttling: steady-state requests per second')
            [CompletionResult]::new('--throttle-burst', '--throttle-burst', [CompletionResultType]::ParameterName, 'Default route throttling: burst')
            [CompletionResult]::new('--authorizer-function', '--authorizer-function', [CompletionResultType]::ParameterName, 'Lambda REQUEST authorizer of $connect: the function''s ARN (with --identity-source)')
            [CompletionResult]::new('--identity-source', '--identity-source', [CompletionResultType]::ParameterName, 'Where the authorizer reads the caller''s identity, e.g. route.request.querystring.token (repeatable)')
            [CompletionResult]::new('--access-log-destination', '--access-log-destination', [CompletionResultType]::ParameterName, 'Stage access logging: a CloudWatch Logs group ARN (with --access-log-format)')
            [CompletionResult]::new('--access-log-format', '--access-log-format', [CompletionResultType]::ParameterName, 'Stage access log format; must contain $context.requestId')
            [CompletionResult]::new('--detailed-metrics', '--detailed-metrics', [CompletionResultType]::ParameterName, 'Detailed CloudWatch metrics for every route of the stage')
            [CompletionResult]::new('--stage-variable', '--stage-variable', [CompletionResultType]::ParameterName, 'A stage variable (repeatable); the stage''s variables are then exactly these')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag of the API (repeatable); the API''s tags are then exactly these')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Append WSCTL_API_ID, WSCTL_WEBSOCKET_URL, WSCTL_ENDPOINT, WSCTL_STAGE (KEY=value lines) to FILE, e.g. "$GITHUB_ENV"')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('--auto-deploy', '--auto-deploy', [CompletionResultType]::ParameterName, 'Let the stage deploy every change itself (else wsctl creates a deployment when needed)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan (create / update / unchanged per resource) and change nothing')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Change nothing; exit 6 when anything differs from the declaration (drift detection for CI)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Delete routes, integrations and authorizers of the API that are not declared (asks first)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before changing, re-pointing or deleting what exists (required off a terminal when the plan changes anything that exists; creating needs no confirmation)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before changing, re-pointing or deleting what exists (required off a terminal when the plan changes anything that exists; creating needs no confirmation)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;provision;help' {
            [CompletionResult]::new('table', 'table', [CompletionResultType]::ParameterValue, 'Create or converge the connections table (GSIs on userId and groupId, TTL on `ttl`)')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Find or create the WebSocket API: integration, routes, stage, deployment')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wsctl;provision;help;table' {
            break
        }
        'wsctl;provision;help;api' {
            break
        }
        'wsctl;provision;help;help' {
            break
        }
        'wsctl;iam-policy' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'AWS account id in the resource ARNs [default: *]')
            [CompletionResult]::new('--api-id', '--api-id', [CompletionResultType]::ParameterName, 'WebSocket API id in the execute-api and apigateway ARNs [default: *]')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage in the execute-api ARNs [default: *]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;local' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the gateway emulator (WebSockets + Management API) on DynamoDB Local')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the whole tool on a local fleet, narrated (starts everything it needs)')
            [CompletionResult]::new('swarm', 'swarm', [CompletionResultType]::ParameterValue, 'Open N real WebSocket clients, count what each receives, report on exit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wsctl;local;serve' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on (0: any free port; see --ready-file)')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to bind (a non-loopback address needs --allow-remote)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage name: clients connect to ws://HOST:PORT/{stage}')
            [CompletionResult]::new('--integration', '--integration', [CompletionResultType]::ParameterName, 'POST every $connect/$disconnect/message event to URL (Lambda-proxy event format) instead of recording connections in the table')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'Close connections idle this long (API Gateway: 10 min)')
            [CompletionResult]::new('--max-duration', '--max-duration', [CompletionResultType]::ParameterName, 'Close connections after this long (API Gateway: 2 h)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Management API throttle: requests per second (token bucket; off by default)')
            [CompletionResult]::new('--burst', '--burst', [CompletionResultType]::ParameterName, 'Management API throttle: bucket size [default: the rate, at least 1]')
            [CompletionResult]::new('--lose-disconnects', '--lose-disconnects', [CompletionResultType]::ParameterName, 'Fault injection: this fraction (0..=1) of closes never reaches the $disconnect integration')
            [CompletionResult]::new('--ready-file', '--ready-file', [CompletionResultType]::ParameterName, 'Write {port, ws_url, endpoint, apigw_endpoint, dynamodb_endpoint, stage, table, pid} here once ready')
            [CompletionResult]::new('--client-buffer', '--client-buffer', [CompletionResultType]::ParameterName, 'Frames queued per connection before PostToConnection answers 429 (slow consumer)')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'Lifetime of recorded connections (the `ttl` attribute: now + this)')
            [CompletionResult]::new('--clock-ahead', '--clock-ahead', [CompletionResultType]::ParameterName, 'Model a service clock this far ahead of the machine''s: Management API calls signed more than 5 min off it are refused (403 InvalidSignatureException, with the service''s Date), as API Gateway refuses a host whose clock is wrong')
            [CompletionResult]::new('--expired-access-key', '--expired-access-key', [CompletionResultType]::ParameterName, 'Refuse Management API calls signed with this access key id as expired (403 ExpiredTokenException), as for keys revoked or expired mid-run')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Network round trip to model: every Management API and control-plane answer is delayed this long (half before the call is handled, half after), e.g. 20ms in-region, 80ms cross-continent; a connection''s first answer two more (the TCP and TLS handshakes that opened it on AWS)')
            [CompletionResult]::new('--jitter', '--jitter', [CompletionResultType]::ParameterName, 'Add a random extra delay of up to this much to each answer (with --latency)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('--allow-remote', '--allow-remote', [CompletionResultType]::ParameterName, 'Allow a non-loopback bind address or DynamoDB endpoint')
            [CompletionResult]::new('--no-default-route', '--no-default-route', [CompletionResultType]::ParameterName, 'Start without a $default route: messages that match no route get the Forbidden frame')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;local;demo' {
            [CompletionResult]::new('--clients', '--clients', [CompletionResultType]::ParameterName, 'Live clients in the swarm')
            [CompletionResult]::new('--stale', '--stale', [CompletionResultType]::ParameterName, 'Clients whose connections drop without $disconnect (stale rows for the sweep)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the fleet running at the end until Ctrl-C')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;local;swarm' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'WebSocket URL of the API stage, e.g. ws://127.0.0.1:8080/local')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Number of clients')
            [CompletionResult]::new('--clients', '--clients', [CompletionResultType]::ParameterName, 'Number of clients')
            [CompletionResult]::new('--users', '--users', [CompletionResultType]::ParameterName, 'Distinct users: client i is user u{i % users} (default: one per client)')
            [CompletionResult]::new('--groups', '--groups', [CompletionResultType]::ParameterName, 'Distinct groups: client i is in group g{i % groups}')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra query parameter NAME=TEMPLATE (repeatable); placeholders {i}, {user}, {group}')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra handshake header NAME:VALUE (repeatable)')
            [CompletionResult]::new('--connect-rate', '--connect-rate', [CompletionResultType]::ParameterName, 'New connections per second (API Gateway''s default quota is 500)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Exit after this long (e.g. 30s, 5m); default: until Ctrl-C / SIGTERM')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write the final JSON report here (atomically)')
            [CompletionResult]::new('--ready-file', '--ready-file', [CompletionResultType]::ParameterName, 'Write {"clients","connected","failed"} here once every client connected or failed')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('--reconnect', '--reconnect', [CompletionResultType]::ParameterName, 'When the server closes a connection or it drops, reconnect as a new connection')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;local;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the gateway emulator (WebSockets + Management API) on DynamoDB Local')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the whole tool on a local fleet, narrated (starts everything it needs)')
            [CompletionResult]::new('swarm', 'swarm', [CompletionResultType]::ParameterValue, 'Open N real WebSocket clients, count what each receives, report on exit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wsctl;local;help;serve' {
            break
        }
        'wsctl;local;help;demo' {
            break
        }
        'wsctl;local;help;swarm' {
            break
        }
        'wsctl;local;help;help' {
            break
        }
        'wsctl;fleet' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the config file''s fleets; the current one is marked (`-o ids`: one name a line)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a fleet''s settings [default: the current fleet]')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make FLEET the current fleet: commands use it when no --fleet is given')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wsctl;fleet;list' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;fleet;show' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;fleet;use' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;fleet;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the config file''s fleets; the current one is marked (`-o ids`: one name a line)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a fleet''s settings [default: the current fleet]')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make FLEET the current fleet: commands use it when no --fleet is given')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wsctl;fleet;help;list' {
            break
        }
        'wsctl;fleet;help;show' {
            break
        }
        'wsctl;fleet;help;use' {
            break
        }
        'wsctl;fleet;help;help' {
            break
        }
        'wsctl;completions' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write every page (wsctl.1, wsctl-sweep.1, wsctl-connections-list.1, ...) into DIR')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet''s region, the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (else AWS_PROFILE, the fleet''s profile, the default credential chain)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'A named fleet from the config file (table, endpoint, region, layout) [default: the current fleet, see `wsctl fleet use`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ~/.config/wsctl/config.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DynamoDB table of connections [default: ws-connections]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (`--endpoint-url`, the AWS CLI''s spelling, is the same option)')
            [CompletionResult]::new('--dynamodb-endpoint', '--dynamodb-endpoint', [CompletionResultType]::ParameterName, 'DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback one counts as local)')
            [CompletionResult]::new('--apigw-endpoint', '--apigw-endpoint', [CompletionResultType]::ParameterName, 'API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)')
            [CompletionResult]::new('--other-endpoints', '--other-endpoints', [CompletionResultType]::ParameterName, 'Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them alone, since a 410 from this endpoint proves nothing about them; include treats them as this endpoint''s (a custom domain name of the same API); route sends each to the endpoint it names (execute-api hosts only) [default: skip]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json / ndjson for scripts, ids for one id a line')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Also write the run''s summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during a long run (sweeps, fan-outs, table scans); `off` for none')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging on stderr, as the AWS CLI''s --debug: the resolved settings and where each came from, wsctl''s own debug log and the AWS SDK''s (retries, timeouts; never payloads or signatures)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress: no bars on a terminal, no progress lines elsewhere')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wsctl;help' {
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'List, inspect, count and report on connection records')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Send a payload to connections or to every connection of a user')
            [CompletionResult]::new('broadcast', 'broadcast', [CompletionResultType]::ParameterValue, 'Send a payload to every connection of a group, or to everyone')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Close connections (DeleteConnection) and remove their records')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Delete stale connection records, proven stale by GetConnection (410), age or TTL')
            [CompletionResult]::new('provision', 'provision', [CompletionResultType]::ParameterValue, 'Create or converge the connections table and the WebSocket API')
            [CompletionResult]::new('iam-policy', 'iam-policy', [CompletionResultType]::ParameterValue, 'Print the least-privilege IAM policy the given commands need')
            [CompletionResult]::new('local', 'local', [CompletionResultType]::ParameterValue, 'The local fleet: gateway emulator, client swarm and demo')
            [CompletionResult]::new('fleet', 'fleet', [CompletionResultType]::ParameterValue, 'The config file''s named fleets: list them, show one, pick the current one')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff), or write every command''s page to a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wsctl;help;connections' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List connection records (streamed page by page)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show records and live GetConnection state of connection ids')
            [CompletionResult]::new('count', 'count', [CompletionResultType]::ParameterValue, 'Count rows, optionally by user or group')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Health report of the table: groups, users, ages, TTLs, stale rows')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Counts per group, connects per minute, rows past TTL and a stale estimate, refreshed like `top` until Ctrl-C; each refresh reads a sample of about --sample rows')
            break
        }
        'wsctl;help;connections;list' {
            break
        }
        'wsctl;help;connections;inspect' {
            break
        }
        'wsctl;help;connections;count' {
            break
        }
        'wsctl;help;connections;stats' {
            break
        }
        'wsctl;help;connections;watch' {
            break
        }
        'wsctl;help;push' {
            break
        }
        'wsctl;help;broadcast' {
            break
        }
        'wsctl;help;disconnect' {
            break
        }
        'wsctl;help;sweep' {
            break
        }
        'wsctl;help;provision' {
            [CompletionResult]::new('table', 'table', [CompletionResultType]::ParameterValue, 'Create or converge the connections table (GSIs on userId and groupId, TTL on `ttl`)')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Find or create the WebSocket API: integration, routes, stage, deployment')
            break
        }
        'wsctl;help;provision;table' {
            break
        }
        'wsctl;help;provision;api' {
            break
        }
        'wsctl;help;iam-policy' {
            break
        }
        'wsctl;help;local' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the gateway emulator (WebSockets + Management API) on DynamoDB Local')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the whole tool on a local fleet, narrated (starts everything it needs)')
            [CompletionResult]::new('swarm', 'swarm', [CompletionResultType]::ParameterValue, 'Open N real WebSocket clients, count what each receives, report on exit')
            break
        }
        'wsctl;help;local;serve' {
            break
        }
        'wsctl;help;local;demo' {
            break
        }
        'wsctl;help;local;swarm' {
            break
        }
        'wsctl;help;fleet' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the config file''s fleets; the current one is marked (`-o ids`: one name a line)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a fleet''s settings [default: the current fleet]')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make FLEET the current fleet: commands use it when no --fleet is given')
            break
        }
        'wsctl;help;fleet;list' {
            break
        }
        'wsctl;help;fleet;show' {
            break
        }
        'wsctl;help;fleet;use' {
            break
        }
        'wsctl;help;completions' {
            break
        }
        'wsctl;help;man' {
            break
        }
        'wsctl;help;help' {
            break
        }
    })

    if ($afterFleetOption) {
        $completions = @()
    }
    $completions += $fleetNames

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
