
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-features' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-features'
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
        'kafka-features' {
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describes the current active feature flags')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade one or more feature flags')
            [CompletionResult]::new('downgrade', 'downgrade', [CompletionResultType]::ParameterValue, 'Downgrade one or more feature flags')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable one or more feature flags (the same as downgrading the version to zero)')
            [CompletionResult]::new('version-mapping', 'version-mapping', [CompletionResultType]::ParameterValue, 'The feature levels of a metadata version (the latest stable one without --release-version)')
            [CompletionResult]::new('feature-dependencies', 'feature-dependencies', [CompletionResultType]::ParameterValue, 'What feature levels a feature level needs (repeat --feature for several)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-features;describe' {
            [CompletionResult]::new('--node-id', '--node-id', [CompletionResultType]::ParameterName, 'The node id to which the requests should be sent (default: any controller/broker)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-features;upgrade' {
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'DEPRECATED: the metadata version to change to, e.g. 3.3-IV3')
            [CompletionResult]::new('--release-version', '--release-version', [CompletionResultType]::ParameterName, 'The release version to change every feature to, e.g. 3.9-IV0 (see version-mapping)')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature change in feature=level format, e.g. metadata.version=5 (repeatable)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate the change, but do not perform it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-features;downgrade' {
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'DEPRECATED: the metadata version to change to, e.g. 3.3-IV3')
            [CompletionResult]::new('--release-version', '--release-version', [CompletionResultType]::ParameterName, 'The release version to change every feature to, e.g. 3.9-IV0 (see version-mapping)')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature change in feature=level format, e.g. metadata.version=5 (repeatable)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate the change, but do not perform it')
            [CompletionResult]::new('--unsafe', '--unsafe', [CompletionResultType]::ParameterName, 'Downgrade even if it may irreversibly destroy metadata')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-features;disable' {
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature flag to disable (repeatable)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--unsafe', '--unsafe', [CompletionResultType]::ParameterName, 'Disable even if it may irreversibly destroy metadata')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Perform a dry-run of this disable operation')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-features;version-mapping' {
            [CompletionResult]::new('--release-version', '--release-version', [CompletionResultType]::ParameterName, 'The release version to map (the minimum is 3.3-IV3; the default is 4.4-IV2)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-features;feature-dependencies' {
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'REQUIRED: the feature and version to look up, in feature=version format, e.g. metadata.version=5 (repeatable)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-features;help' {
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describes the current active feature flags')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade one or more feature flags')
            [CompletionResult]::new('downgrade', 'downgrade', [CompletionResultType]::ParameterValue, 'Downgrade one or more feature flags')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable one or more feature flags (the same as downgrading the version to zero)')
            [CompletionResult]::new('version-mapping', 'version-mapping', [CompletionResultType]::ParameterValue, 'The feature levels of a metadata version (the latest stable one without --release-version)')
            [CompletionResult]::new('feature-dependencies', 'feature-dependencies', [CompletionResultType]::ParameterValue, 'What feature levels a feature level needs (repeat --feature for several)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-features;help;describe' {
            break
        }
        'kafka-features;help;upgrade' {
            break
        }
        'kafka-features;help;downgrade' {
            break
        }
        'kafka-features;help;disable' {
            break
        }
        'kafka-features;help;version-mapping' {
            break
        }
        'kafka-features;help;feature-dependencies' {
            break
        }
        'kafka-features;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
