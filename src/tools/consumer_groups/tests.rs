//! Validation and request building, without a broker.

use clap::Parser;

use super::*;

fn args(argv: &[&str]) -> ConsumerGroupsArgs {
    ConsumerGroupsArgs::try_parse_from(
        std::iter::once("kafka-consumer-groups").chain(argv.iter().copied()),
    )
    .unwrap()
}

fn error(argv: &[&str]) -> String {
    args(argv).resolve().unwrap_err().to_string()
}

#[test]
fn exactly_one_action_is_required() {
    let expected = "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex";
    assert_eq!(error(&[]), expected);
    assert_eq!(error(&["--list", "--describe", "--group", "g"]), expected);
}

#[test]
fn describe_needs_groups_and_one_view() {
    assert_eq!(
        error(&["--describe"]),
        "Option [describe] takes one of these options: [all-groups], [group]"
    );
    assert_eq!(
        error(&["--describe", "--group", "g", "--members", "--state"]),
        "Option [describe] takes at most one of these options: [members], [offsets], [state]"
    );
    assert_eq!(
        error(&["--describe", "--group", "g", "--state", "Stable"]),
        "Option [describe] does not take a value for [state]"
    );
    assert_eq!(
        error(&["--list", "--members"]),
        "Option(s) [members] are unavailable given other options on the command line"
    );
    assert_eq!(
        error(&["--describe", "--group", "g", "--type"]),
        "Option(s) [type] are unavailable given other options on the command line"
    );
    assert_eq!(
        error(&["--describe", "--group", "g", "--all-groups"]),
        "Option \"[group]\" can't be used with option \"[all-groups]\""
    );
    assert_eq!(
        error(&["--describe", "--group", "g", "--topic", "t"]),
        "Option \"[topic]\" can't be used with option \"[describe]\""
    );
    let Request::Describe { view, groups, .. } = args(&["--describe", "--group", "g", "--state"])
        .resolve()
        .unwrap()
    else {
        panic!("not describe")
    };
    assert_eq!(view, View::State);
    assert_eq!(groups, Groups::Named(vec!["g".into()]));
}

#[test]
fn list_filters_are_checked_like_java() {
    assert!(error(&["--list", "--state", "bogus"])
        .starts_with("Invalid state list 'bogus'. Valid states are: "));
    assert!(error(&["--list", "--type", "share"])
        .starts_with("Invalid types list 'share'. Valid types are: "));
    assert_eq!(
        error(&["--list", "--group", "g"]),
        "Option \"[group]\" can't be used with option \"[list]\""
    );
    let Request::List { states, types } = args(&["--list", "--state", " stable ,empty", "--type"])
        .resolve()
        .unwrap()
    else {
        panic!("not list")
    };
    assert_eq!(
        states,
        Some(vec!["Stable".to_string(), "Empty".to_string()])
    );
    assert_eq!(types, Some(vec![]));
}

#[test]
fn delete_and_delete_offsets_validation() {
    assert_eq!(
        error(&["--delete"]),
        "Option [delete] takes one of these options: [all-groups], [group]"
    );
    assert_eq!(
        error(&["--delete", "--group", "g", "--topic", "t"]),
        "The consumer does not support topic-specific offset deletion from a consumer group."
    );
    assert_eq!(
        error(&["--delete-offsets", "--group", "g"]),
        "Option [delete-offsets] takes the following options: [topic], [group]"
    );
}

#[test]
fn reset_validation() {
    assert_eq!(
        error(&[
            "--reset-offsets",
            "--group",
            "g",
            "--to-earliest",
            "--dry-run",
            "--execute"
        ]),
        "Option [reset-offsets] only accepts one of [execute] and [dry-run]"
    );
    assert_eq!(
        error(&["--reset-offsets", "--to-earliest", "--all-topics"]),
        "Option [reset-offsets] takes one of these options: [all-groups], [group]"
    );
    assert_eq!(
        error(&[
            "--reset-offsets",
            "--group",
            "g",
            "--to-offset",
            "3",
            "--to-latest"
        ]),
        "Option \"[to-offset]\" can't be used with option \"[to-latest]\""
    );
    assert!(error(&["--reset-offsets", "--group", "g", "--all-topics"])
        .starts_with("Option '[reset-offsets]' requires one of the following scenarios"));
    assert_eq!(
        error(&["--reset-offsets", "--group", "g", "--to-earliest"]),
        "One of the reset scopes should be defined: --all-topics, --topic."
    );
    let Request::Reset(r) = args(&[
        "--reset-offsets",
        "--group",
        "g",
        "--topic",
        "t:0,1",
        "--shift-by",
        "-2",
        "--execute",
    ])
    .resolve()
    .unwrap() else {
        panic!("not reset")
    };
    assert_eq!(r.target, Target::ShiftBy(-2));
    assert_eq!(r.scope, Scope::Topics(vec!["t:0,1".into()]));
    assert!(r.execute && r.single_group);
    let Request::Reset(r) = args(&["--reset-offsets", "--all-groups", "--from-file", "p.csv"])
        .resolve()
        .unwrap()
    else {
        panic!("not reset")
    };
    assert_eq!(r.scope, Scope::File);
}
