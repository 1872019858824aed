//! The reassignment files and the arithmetic around them: Java's JSON formats read and written
//! (with Java's messages for bad input), and the throttled replicas a move needs.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::client::admin::partitions::TopicPartition;
use crate::client::admin::reassign::Replica;
use crate::client::admin::topic_partitions::Reassignment;
use crate::output::java::{hash_order_by, topic_partition_hash, JavaMap};

/// The log directory value that means "wherever the broker likes".
pub(crate) const ANY_LOG_DIR: &str = "any";

/// A failure Java reports as `Error: <message>` (its `AdminCommandFailedException`s, JSON
/// mapping errors, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid(pub(crate) String);

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Invalid {}

fn invalid(message: impl Into<String>) -> Invalid {
    Invalid(message.into())
}

/// A reassignment file: the partitions in file order with their target replicas, and the
/// replicas given a log directory other than `any`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Partitions and target replicas, in the file's order (duplicates kept for the checks).
    pub(crate) partitions: Vec<(TopicPartition, Vec<i32>)>,
    /// Replicas to move to a given log directory.
    pub(crate) log_dirs: BTreeMap<Replica, String>,
}

fn object(v: &Value) -> Result<&serde_json::Map<String, Value>, Invalid> {
    v.as_object()
        .ok_or_else(|| invalid(format!("Expected JSON object, received {v}")))
}

fn array(v: &Value) -> Result<&Vec<Value>, Invalid> {
    v.as_array()
        .ok_or_else(|| invalid(format!("Expected JSON array, received {v}")))
}

fn field<'a>(o: &'a serde_json::Map<String, Value>, name: &str) -> Result<&'a Value, Invalid> {
    o.get(name)
        .ok_or_else(|| invalid(format!("No such field exists: `{name}`")))
}

fn int(v: &Value) -> Result<i32, Invalid> {
    v.as_i64()
        .filter(|_| !v.is_f64())
        .and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| invalid(format!("Expected `Integer` value, received {v}")))
}

fn string(v: &Value) -> Result<String, Invalid> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| invalid(format!("Expected `String` value, received {v}")))
}

fn list<T>(v: &Value, each: impl Fn(&Value) -> Result<T, Invalid>) -> Result<Vec<T>, Invalid> {
    v.as_array()
        .ok_or_else(|| invalid(format!("Expected `JSON array` value, received {v}")))?
        .iter()
        .map(each)
        .collect()
}

/// The `version` field (1 when absent); only version 1 is known.
fn check_version(o: &serde_json::Map<String, Value>) -> Result<(), Invalid> {
    let version = o.get("version").map(int).transpose()?.unwrap_or(1);
    if version != 1 {
        return Err(invalid(format!(
            "Not supported version field value {version}"
        )));
    }
    Ok(())
}

/// Java's `List.toString`: `[1, 2]`.
pub(crate) fn java_list<T: std::fmt::Display>(items: &[T]) -> String {
    let inner: Vec<String> = items.iter().map(ToString::to_string).collect();
    format!("[{}]", inner.join(", "))
}

/// Reads a reassignment file (`--execute`, `--verify`, `--cancel`).
pub(crate) fn parse_plan(text: &str) -> Result<Plan, Invalid> {
    // Java shows Jackson's message here; serde_json's says the same in its own words.
    let doc: Value =
        serde_json::from_str(text).map_err(|e| invalid(format!("Malformed JSON: {e}")))?;
    let o = object(&doc)?;
    check_version(o)?;
    let mut plan = Plan::default();
    let Some(partitions) = o.get("partitions") else {
        return Ok(plan);
    };
    for item in array(partitions)? {
        let p = object(item)?;
        let topic = string(field(p, "topic")?)?;
        let partition = int(field(p, "partition")?)?;
        let replicas = list(field(p, "replicas")?, int)?;
        let dirs = match p.get("log_dirs") {
            Some(v) => list(v, string)?,
            None => vec![ANY_LOG_DIR.to_string(); replicas.len()],
        };
        let tp = TopicPartition::new(topic.clone(), partition);
        if dirs.len() != replicas.len() {
            return Err(invalid(format!(
                "Size of replicas list {} is different from size of log dirs list {} for partition {tp}",
                java_list(&replicas),
                java_list(&dirs)
            )));
        }
        for (broker, dir) in replicas.iter().zip(&dirs) {
            if dir != ANY_LOG_DIR {
                plan.log_dirs.insert(
                    Replica {
                        broker: *broker,
                        topic: topic.clone(),
                        partition,
                    },
                    dir.clone(),
                );
            }
        }
        plan.partitions.push((tp, replicas));
    }
    Ok(plan)
}

/// The checks `--execute` makes on a plan before it talks to the cluster; the plan as a map.
pub(crate) fn check_execute(plan: &Plan) -> Result<BTreeMap<TopicPartition, Vec<i32>>, Invalid> {
    if plan.partitions.is_empty() {
        return Err(invalid("Partition reassignment list cannot be empty"));
    }
    if plan.partitions.iter().any(|(_, r)| r.is_empty()) {
        return Err(invalid("Partition replica list cannot be empty"));
    }
    let dup_parts = duplicates(plan.partitions.iter().map(|(tp, _)| tp.clone()));
    if !dup_parts.is_empty() {
        let dup_parts = hash_order_by(dup_parts, JavaMap::Default, |tp| {
            topic_partition_hash(&tp.topic, tp.partition)
        });
        return Err(invalid(format!(
            "Partition reassignment contains duplicate topic partitions: {}",
            dup_parts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        )));
    }
    let dup_replicas: Vec<String> = plan
        .partitions
        .iter()
        .filter_map(|(tp, r)| {
            let d = duplicates(r.iter().copied());
            (!d.is_empty()).then(|| {
                let d = hash_order_by(d, JavaMap::Default, |b| *b);
                format!(
                    "{tp} contains multiple entries for {}",
                    d.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(",")
                )
            })
        })
        .collect();
    if !dup_replicas.is_empty() {
        return Err(invalid(format!(
            "Partition replica lists may not contain duplicate entries: {}",
            dup_replicas.join(". ")
        )));
    }
    Ok(plan.partitions.iter().cloned().collect())
}

/// The items that occur more than once, each once, in order of first repetition.
fn duplicates<T: Clone + Eq + std::hash::Hash>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if !seen.insert(item.clone()) && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Reads a topics file (`--generate`) and the broker list, with Java's checks.
pub(crate) fn parse_generate_args(
    topics_json: &str,
    broker_list: &str,
) -> Result<(Vec<i32>, Vec<String>), Invalid> {
    let brokers = broker_list
        .split(',')
        .map(|b| {
            b.parse::<i32>()
                .map_err(|_| invalid(format!("For input string: \"{b}\"")))
        })
        .collect::<Result<Vec<i32>, Invalid>>()?;
    let dup = duplicates(brokers.iter().copied());
    if !dup.is_empty() {
        let dup = hash_order_by(dup, JavaMap::Default, |b| *b);
        return Err(invalid(format!(
            "Broker list contains duplicate entries: {}",
            java_list(&dup)
        )));
    }
    let doc: Value = serde_json::from_str(topics_json)
        .map_err(|_| invalid("The input string is not a valid JSON"))?;
    let o = object(&doc)?;
    check_version(o)?;
    let mut topics = Vec::new();
    if let Some(list) = o.get("topics") {
        for item in array(list)? {
            topics.push(string(field(object(item)?, "topic")?)?);
        }
    }
    let dup = duplicates(topics.iter().cloned());
    if !dup.is_empty() {
        let dup = crate::output::java::hash_order(dup, JavaMap::Default, |t| t.as_str());
        return Err(invalid(format!(
            "List of topics to reassign contains duplicate entries: {}",
            java_list(&dup)
        )));
    }
    Ok((brokers, topics))
}

/// Java's reassignment JSON (compact, partitions sorted, `log_dirs` from `dirs` or `any`).
pub(crate) fn reassignment_json(
    partitions: &BTreeMap<TopicPartition, Vec<i32>>,
    dirs: &BTreeMap<Replica, String>,
) -> String {
    reassignment_value(partitions, dirs).to_string()
}

/// [`reassignment_json`] as a JSON value (for `--output json`).
pub(crate) fn reassignment_value(
    partitions: &BTreeMap<TopicPartition, Vec<i32>>,
    dirs: &BTreeMap<Replica, String>,
) -> Value {
    let list: Vec<Value> = partitions
        .iter()
        .map(|(tp, replicas)| {
            let log_dirs: Vec<&str> = replicas
                .iter()
                .map(|&broker| {
                    dirs.get(&Replica {
                        broker,
                        topic: tp.topic.clone(),
                        partition: tp.partition,
                    })
                    .map_or(ANY_LOG_DIR, String::as_str)
                })
                .collect();
            // serde_json keeps insertion order (preserve_order) or sorts keys; build the text
            // order explicitly either way.
            let mut m = serde_json::Map::new();
            m.insert("topic".into(), Value::from(tp.topic.clone()));
            m.insert("partition".into(), Value::from(tp.partition));
            m.insert("replicas".into(), Value::from(replicas.clone()));
            m.insert("log_dirs".into(), Value::from(log_dirs));
            Value::Object(m)
        })
        .collect();
    let mut doc = serde_json::Map::new();
    doc.insert("version".into(), Value::from(1));
    doc.insert("partitions".into(), Value::from(list));
    Value::Object(doc)
}

/// What moves for one partition: the brokers that hold it and those that will.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Move {
    /// Brokers the data is copied from.
    pub(crate) sources: BTreeSet<i32>,
    /// Brokers the data is copied to.
    pub(crate) destinations: BTreeSet<i32>,
}

/// The moves of the ongoing reassignments plus the proposed ones (Java's
/// `calculateProposedMoveMap`): topic → partition → move.
pub(crate) fn proposed_moves(
    ongoing: &BTreeMap<TopicPartition, Reassignment>,
    proposed: &BTreeMap<TopicPartition, Vec<i32>>,
    current: &BTreeMap<TopicPartition, Vec<i32>>,
) -> BTreeMap<String, BTreeMap<i32, Move>> {
    let mut moves: BTreeMap<String, BTreeMap<i32, Move>> = BTreeMap::new();
    for (tp, r) in ongoing {
        let sources: BTreeSet<i32> = r
            .replicas
            .iter()
            .filter(|b| !r.adding.contains(b))
            .copied()
            .collect();
        moves.entry(tp.topic.clone()).or_default().insert(
            tp.partition,
            Move {
                sources,
                destinations: r.adding.iter().copied().collect(),
            },
        );
    }
    for (tp, replicas) in proposed {
        let parts = moves.entry(tp.topic.clone()).or_default();
        let sources: BTreeSet<i32> = match parts.get(&tp.partition) {
            Some(m) => m.sources.clone(),
            None => current
                .get(tp)
                .map(|r| r.iter().copied().collect())
                .unwrap_or_default(),
        };
        let destinations = replicas
            .iter()
            .filter(|b| !sources.contains(b))
            .copied()
            .collect();
        parts.insert(
            tp.partition,
            Move {
                sources,
                destinations,
            },
        );
    }
    moves
}

/// `leader.replication.throttled.replicas` per topic: `partition:source` for every source,
/// sorted as strings (Java's TreeSet of the strings).
pub(crate) fn leader_throttles(
    moves: &BTreeMap<String, BTreeMap<i32, Move>>,
) -> BTreeMap<String, String> {
    throttles(moves, |m| m.sources.iter().copied().collect())
}

/// `follower.replication.throttled.replicas` per topic: `partition:destination` for every
/// destination that is not a source.
pub(crate) fn follower_throttles(
    moves: &BTreeMap<String, BTreeMap<i32, Move>>,
) -> BTreeMap<String, String> {
    throttles(moves, |m| {
        m.destinations
            .iter()
            .filter(|d| !m.sources.contains(d))
            .copied()
            .collect()
    })
}

fn throttles(
    moves: &BTreeMap<String, BTreeMap<i32, Move>>,
    brokers: impl Fn(&Move) -> Vec<i32>,
) -> BTreeMap<String, String> {
    moves
        .iter()
        .map(|(topic, parts)| {
            let entries: BTreeSet<String> = parts
                .iter()
                .flat_map(|(p, m)| brokers(m).into_iter().map(move |b| format!("{p}:{b}")))
                .collect();
            (
                topic.clone(),
                entries.into_iter().collect::<Vec<_>>().join(","),
            )
        })
        .collect()
}

/// Every broker a move reads from or writes to.
pub(crate) fn reassigning_brokers(moves: &BTreeMap<String, BTreeMap<i32, Move>>) -> BTreeSet<i32> {
    moves
        .values()
        .flat_map(|parts| parts.values())
        .flat_map(|m| m.sources.iter().chain(&m.destinations).copied())
        .collect()
}

/// Java's text of a set of broker ids or topic names it built as a `HashSet`: its iteration
/// order, joined with commas.
pub(crate) fn java_int_set(ids: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let mut unique: Vec<i32> = Vec::new();
    for id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    hash_order_by(unique, JavaMap::Default, |b| *b)
}

/// Like [`java_int_set`], for strings.
pub(crate) fn java_string_set(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::new();
    for s in items {
        if !unique.contains(&s) {
            unique.push(s);
        }
    }
    crate::output::java::hash_order(unique, JavaMap::Default, |s| s.as_str())
}

/// The current replicas of the plan's partitions, keyed as the plan (a missing partition is
/// Java's `Unable to find partition: ...`).
pub(crate) fn missing_partitions(
    wanted: &BTreeMap<TopicPartition, Vec<i32>>,
    found: &BTreeMap<TopicPartition, Vec<i32>>,
) -> Vec<TopicPartition> {
    let missing: Vec<TopicPartition> = wanted
        .keys()
        .filter(|tp| !found.contains_key(tp))
        .cloned()
        .collect();
    hash_order_by(missing, JavaMap::Default, |tp| {
        topic_partition_hash(&tp.topic, tp.partition)
    })
}

/// Groups partitions by topic, as `--generate` assigns topic by topic.
pub(crate) fn by_topic(
    current: &BTreeMap<TopicPartition, Vec<i32>>,
) -> BTreeMap<String, Vec<(i32, Vec<i32>)>> {
    let mut out: BTreeMap<String, Vec<(i32, Vec<i32>)>> = BTreeMap::new();
    for (tp, r) in current {
        out.entry(tp.topic.clone())
            .or_default()
            .push((tp.partition, r.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(t: &str, p: i32) -> TopicPartition {
        TopicPartition::new(t, p)
    }

    #[test]
    fn plans_are_read_like_java() {
        let plan = parse_plan(
            r#"{"version":1,"partitions":[{"topic":"foo","partition":1,"replicas":[1,2],"log_dirs":["any","/d"]}]}"#,
        )
        .unwrap();
        assert_eq!(plan.partitions, vec![(tp("foo", 1), vec![1, 2])]);
        assert_eq!(
            plan.log_dirs.into_iter().collect::<Vec<_>>(),
            vec![(
                Replica {
                    broker: 2,
                    topic: "foo".into(),
                    partition: 1
                },
                "/d".to_string()
            )]
        );
        let err = |s: &str| parse_plan(s).unwrap_err().0;
        assert_eq!(
            err(r#"{"version":2}"#),
            "Not supported version field value 2"
        );
        assert_eq!(
            err(r#"{"partitions":[{"partition":1,"replicas":[1]}]}"#),
            "No such field exists: `topic`"
        );
        assert_eq!(
            err(r#"{"partitions":[{"topic":"t","partition":"x","replicas":[1]}]}"#),
            "Expected `Integer` value, received \"x\""
        );
        assert_eq!(
            err(r#"{"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any"]}]}"#),
            "Size of replicas list [1, 2] is different from size of log dirs list [any] for partition t-0"
        );
        assert!(err("{").starts_with("Malformed JSON: "));
        assert_eq!(parse_plan("{}").unwrap(), Plan::default());
    }

    #[test]
    fn execute_checks_are_javas() {
        let check = |s: &str| check_execute(&parse_plan(s).unwrap()).unwrap_err().0;
        assert_eq!(check("{}"), "Partition reassignment list cannot be empty");
        assert_eq!(
            check(r#"{"partitions":[{"topic":"t","partition":0,"replicas":[]}]}"#),
            "Partition replica list cannot be empty"
        );
        assert_eq!(
            check(
                r#"{"partitions":[{"topic":"t","partition":0,"replicas":[1]},{"topic":"t","partition":0,"replicas":[2]}]}"#
            ),
            "Partition reassignment contains duplicate topic partitions: t-0"
        );
        assert_eq!(
            check(r#"{"partitions":[{"topic":"t","partition":0,"replicas":[1,1,2,2]},{"topic":"t","partition":1,"replicas":[3,3]}]}"#),
            "Partition replica lists may not contain duplicate entries: t-0 contains multiple entries for 1,2. t-1 contains multiple entries for 3"
        );
    }

    #[test]
    fn generate_args_are_checked_like_java() {
        assert_eq!(
            parse_generate_args(
                r#"{"topics":[{"topic":"a"},{"topic":"b"}],"version":1}"#,
                "1,2"
            )
            .unwrap(),
            (vec![1, 2], vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(
            parse_generate_args("{}", "1,x").unwrap_err().0,
            "For input string: \"x\""
        );
        assert_eq!(
            parse_generate_args("{}", "1,2,1").unwrap_err().0,
            "Broker list contains duplicate entries: [1]"
        );
        assert_eq!(
            parse_generate_args("nope", "1").unwrap_err().0,
            "The input string is not a valid JSON"
        );
        assert_eq!(
            parse_generate_args(r#"{"topics":[{"topic":"a"},{"topic":"a"}]}"#, "1")
                .unwrap_err()
                .0,
            "List of topics to reassign contains duplicate entries: [a]"
        );
    }

    #[test]
    fn json_is_javas_compact_form() {
        let parts: BTreeMap<TopicPartition, Vec<i32>> =
            [(tp("b", 0), vec![2, 1]), (tp("a", 1), vec![1])]
                .into_iter()
                .collect();
        assert_eq!(
            reassignment_json(&parts, &BTreeMap::new()),
            r#"{"version":1,"partitions":[{"topic":"a","partition":1,"replicas":[1],"log_dirs":["any"]},{"topic":"b","partition":0,"replicas":[2,1],"log_dirs":["any","any"]}]}"#
        );
    }

    #[test]
    fn throttles_follow_javas_move_map() {
        let current: BTreeMap<TopicPartition, Vec<i32>> =
            [(tp("t", 0), vec![1, 2]), (tp("t", 10), vec![3])]
                .into_iter()
                .collect();
        let proposed: BTreeMap<TopicPartition, Vec<i32>> =
            [(tp("t", 0), vec![2, 3]), (tp("t", 10), vec![1])]
                .into_iter()
                .collect();
        let ongoing: BTreeMap<TopicPartition, Reassignment> = [(
            tp("u", 0),
            Reassignment {
                replicas: vec![4, 5],
                adding: vec![5],
                removing: vec![4],
            },
        )]
        .into_iter()
        .collect();
        let moves = proposed_moves(&ongoing, &proposed, &current);
        let leaders = leader_throttles(&moves);
        let followers = follower_throttles(&moves);
        // Sorted as strings: "0:1" < "0:2" < "10:3".
        assert_eq!(leaders["t"], "0:1,0:2,10:3");
        assert_eq!(followers["t"], "0:3,10:1");
        assert_eq!(leaders["u"], "0:4");
        assert_eq!(followers["u"], "0:5");
        assert_eq!(
            reassigning_brokers(&moves).into_iter().collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 5]
        );
    }

    #[test]
    fn java_sets_iterate_in_hash_order() {
        assert_eq!(java_int_set([3, 1, 2, 1]), vec![1, 2, 3]);
        // 17 and 1 share a bucket of the 16: insertion order decides.
        assert_eq!(java_int_set([17, 1]), vec![17, 1]);
        assert_eq!(java_int_set([16, 1]), vec![16, 1]);
    }
}
