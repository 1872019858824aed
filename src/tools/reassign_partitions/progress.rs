//! `--verify` on a terminal (not in Java): while the plan's partitions are still moving, one
//! progress bar per partition on stderr, showing the bytes its new replicas still have to copy
//! (the largest in-sync copy's size minus each new replica's), refreshed every second. Java's
//! status lines follow once nothing moves any more. On a pipe, or with `--output json`,
//! `--verify` answers at once, as Java does.

use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::time::Duration;

use anyhow::Result;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::plan::Plan;
use crate::client::admin::partitions::TopicPartition;
use crate::client::admin::reassign::{self, Replica};
use crate::client::admin::topic_partitions::Reassignment;
use crate::client::native::Native;
use crate::output::{Format, Output};
use crate::tools::Context;

/// Whether to show the view: text output with stdout and stderr on a terminal.
pub(super) fn wanted(ctx: &Context) -> bool {
    ctx.out.format() == Format::Text
        && std::io::stdout().is_terminal()
        && Output::stderr_is_terminal()
}

/// The bytes the adding replicas of one partition still have to copy.
pub(super) fn bytes_left(
    tp: &TopicPartition,
    r: &Reassignment,
    sizes: &BTreeMap<Replica, i64>,
) -> u64 {
    let size = |broker: i32| {
        sizes
            .get(&Replica {
                broker,
                topic: tp.topic.clone(),
                partition: tp.partition,
            })
            .copied()
            .unwrap_or(0)
            .max(0)
    };
    let full = r
        .replicas
        .iter()
        .filter(|b| !r.adding.contains(b))
        .map(|&b| size(b))
        .max()
        .unwrap_or(0);
    r.adding
        .iter()
        .map(|&b| u64::try_from(full - size(b).min(full)).unwrap_or(0))
        .sum()
}

/// Shows the bars until none of the plan's partitions is being reassigned (or on a signal,
/// which ends the run).
pub(super) async fn watch(native: &Native, ctx: &Context, plan: &Plan) -> Result<()> {
    let parts: Vec<TopicPartition> = plan
        .partitions
        .iter()
        .map(|(tp, _)| tp.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if parts.is_empty() {
        return Ok(());
    }
    let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{msg:30} [{bar:30}] {bytes}/{total_bytes} copied, {bytes_per_sec}, {eta} left",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    let mut bars: BTreeMap<TopicPartition, (ProgressBar, u64)> = BTreeMap::new();
    loop {
        let Ok(ongoing) = reassign::list_reassignments(native, Some(&parts)).await? else {
            break;
        };
        if ongoing.is_empty() {
            break;
        }
        let brokers: Vec<i32> = ongoing
            .values()
            .flat_map(|r| r.replicas.iter().copied())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let moving: Vec<TopicPartition> = ongoing.keys().cloned().collect();
        let sizes: BTreeMap<Replica, i64> = reassign::replica_sizes(native, &brokers, &moving)
            .await?
            .into_iter()
            .collect();
        for (tp, r) in &ongoing {
            let left = bytes_left(tp, r, &sizes);
            let (bar, total) = bars.entry(tp.clone()).or_insert_with(|| {
                let bar = multi.add(ProgressBar::new(left.max(1)));
                bar.set_style(style.clone());
                bar.set_message(tp.to_string());
                (bar, left.max(1))
            });
            if left > *total {
                *total = left;
                bar.set_length(left);
            }
            bar.set_position(*total - left);
        }
        for (tp, (bar, total)) in &bars {
            if !ongoing.contains_key(tp) && !bar.is_finished() {
                bar.set_position(*total);
                bar.finish();
            }
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            () = ctx.shutdown.wait() => {}
        }
        if ctx.shutdown.requested().is_some() {
            let _ = multi.clear();
            ctx.shutdown.check()?;
        }
    }
    let _ = multi.clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_left_is_what_new_replicas_lack_of_the_largest_old_copy() {
        let tp = TopicPartition::new("t", 0);
        let r = Reassignment {
            replicas: vec![3, 1, 2],
            adding: vec![1, 2],
            removing: vec![3],
        };
        let sizes: BTreeMap<Replica, i64> = [(3, 1000), (1, 400), (2, 1200)]
            .into_iter()
            .map(|(broker, s)| {
                (
                    Replica {
                        broker,
                        topic: "t".into(),
                        partition: 0,
                    },
                    s,
                )
            })
            .collect();
        // Broker 1 lacks 600 bytes; broker 2 already holds more than the source.
        assert_eq!(bytes_left(&tp, &r, &sizes), 600);
    }
}
