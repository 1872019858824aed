
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-groups' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-groups'
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
        'kafka-groups' {
            [CompletionResult]::new('--group-type', '--group-type', [CompletionResultType]::ParameterName, 'Filter the groups based on group type. Valid types are: ''classic'', ''consumer'', ''share'' and ''streams''')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Filter the groups based on protocol type')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the groups')
            [CompletionResult]::new('--consumer', '--consumer', [CompletionResultType]::ParameterName, 'Filter the groups to show all kinds of consumer groups, including classic and simple consumer groups. This matches group type ''consumer'', and group type ''classic'' where the protocol type is ''consumer'' or empty')
            [CompletionResult]::new('--share', '--share', [CompletionResultType]::ParameterName, 'Filter the groups to show share groups')
            [CompletionResult]::new('--streams', '--streams', [CompletionResultType]::ParameterName, 'Filter the groups to show streams groups')
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
