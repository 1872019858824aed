
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-acls' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-acls'
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
        'kafka-acls' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic the ACLs apply to (''*'': every topic); repeatable')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Consumer group the ACLs apply to (''*'': every group); repeatable')
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'Transactional id the ACLs apply to (''*'': every transactional id); repeatable')
            [CompletionResult]::new('--delegation-token', '--delegation-token', [CompletionResultType]::ParameterName, 'Delegation token the ACLs apply to (''*'': every token); repeatable')
            [CompletionResult]::new('--user-principal', '--user-principal', [CompletionResultType]::ParameterName, 'User principal as a resource, e.g. for CreateTokens or DescribeTokens; repeatable')
            [CompletionResult]::new('--resource-pattern-type', '--resource-pattern-type', [CompletionResultType]::ParameterName, 'Pattern type of the resources: LITERAL (default) or PREFIXED; to list or remove, also ANY (any pattern type, the exact name) or MATCH (every pattern that applies to the name: literal, wildcard and prefixed; careful with --remove)')
            [CompletionResult]::new('--allow-principal', '--allow-principal', [CompletionResultType]::ParameterName, 'Principal allowed, as principalType:name (User:''*'' is every user); repeatable')
            [CompletionResult]::new('--deny-principal', '--deny-principal', [CompletionResultType]::ParameterName, 'Principal denied, as principalType:name; deny rules take precedence over allow rules; repeatable')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'Host the allowed principals may connect from (default with --allow-principal: ''*''); repeatable')
            [CompletionResult]::new('--deny-host', '--deny-host', [CompletionResultType]::ParameterName, 'Host the denied principals are denied from (default with --deny-principal: ''*''); repeatable')
            [CompletionResult]::new('--operation', '--operation', [CompletionResultType]::ParameterName, 'Operation allowed or denied (default All): All, Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens, TwoPhaseCommit; repeatable')
            [CompletionResult]::new('--principal', '--principal', [CompletionResultType]::ParameterName, 'With --list: only the ACLs of this principal (principalType:name); repeatable')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Add ACLs')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Remove ACLs (asks for confirmation on stdin unless --force)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List ACLs of the given resources (all ACLs without one)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The cluster resource')
            [CompletionResult]::new('--producer', '--producer', [CompletionResultType]::ParameterName, 'ACLs for the producer role: Write, Describe and Create on the topics (Write, Describe on the transactional ids)')
            [CompletionResult]::new('--idempotent', '--idempotent', [CompletionResultType]::ParameterName, 'With --producer: also IdempotentWrite on the cluster')
            [CompletionResult]::new('--consumer', '--consumer', [CompletionResultType]::ParameterName, 'ACLs for the consumer role: Read, Describe on the topics and Read on the groups')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Do not ask for confirmation before removing')
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
