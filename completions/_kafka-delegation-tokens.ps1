
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-delegation-tokens' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-delegation-tokens'
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

    $completions = @(switch ($command) {
        'kafka-delegation-tokens' {
            [CompletionResult]::new('--owner-principal', '--owner-principal', [CompletionResultType]::ParameterName, 'owner is a Kafka principal. They should be in principalType:name format')
            [CompletionResult]::new('--renewer-principal', '--renewer-principal', [CompletionResultType]::ParameterName, 'renewer is a Kafka principal. They should be in principalType:name format')
            [CompletionResult]::new('--max-life-time-period', '--max-life-time-period', [CompletionResultType]::ParameterName, 'Max life period for the token in milliseconds. If the value is -1, then token max life time will default to the server side config value of (delegation.token.max.lifetime.ms)')
            [CompletionResult]::new('--renew-time-period', '--renew-time-period', [CompletionResultType]::ParameterName, 'Renew time period in milliseconds. If the value is -1, then the renew time period will default to the server side config value of (delegation.token.expiry.time.ms)')
            [CompletionResult]::new('--expiry-time-period', '--expiry-time-period', [CompletionResultType]::ParameterName, 'Expiry time period in milliseconds. If the value is -1, then the token will get invalidated immediately')
            [CompletionResult]::new('--hmac', '--hmac', [CompletionResultType]::ParameterName, 'HMAC of the delegation token')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create a new delegation token. Use --renewer-principal option to pass renewer principals')
            [CompletionResult]::new('--renew', '--renew', [CompletionResultType]::ParameterName, 'Renew delegation token. Use --renew-time-period option to set renew time period')
            [CompletionResult]::new('--expire', '--expire', [CompletionResultType]::ParameterName, 'Expire delegation token. Use --expiry-time-period option to expire the token')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe delegation tokens for the given principals. Use --owner-principal to pass owner/renewer principals. If --owner-principal option is not supplied, all the user-owned tokens and tokens where the user has Describe permissions will be returned')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
