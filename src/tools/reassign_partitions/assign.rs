//! Kafka's replica placement as Kafka 4.4's `--generate` does it: the KRaft controller's
//! `StripedReplicaPlacer`. Brokers are grouped by rack (racks sorted, a rack-less group
//! first); each partition takes its leader from the next rack in turn and its followers from
//! the following racks, each rack handing out its brokers round-robin from a random offset; once
//! as many partitions as brokers are placed, the racks and brokers are shuffled so that the
//! next round differs. Also `--balance-leaders`: the same replica sets, reordered so that
//! preferred leaders spread evenly over the brokers.

use std::collections::{BTreeMap, HashMap};

/// A broker as the placement sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BrokerRack {
    /// Broker id.
    pub(crate) id: i32,
    /// Its rack, if rack-aware placement is on and it has one.
    pub(crate) rack: Option<String>,
}

/// Java's failures of the placement (InvalidReplicationFactorException), with its messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AssignError(pub(crate) String);

/// The random source of the placement (Java uses `java.util.Random`; tests fix the draws).
pub(crate) trait Draw {
    /// A value in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize;

    /// Shuffles as `Collections.shuffle` does: from the end, swap with a random earlier slot.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// A small generator seeded by the clock (xorshift64*).
#[derive(Debug, Clone)]
pub(crate) struct ClockRandom(u64);

impl ClockRandom {
    /// Seeded from the time and the process id.
    pub(crate) fn new() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id()).rotate_left(32);
        Self(seed | 1)
    }
}

impl Draw for ClockRandom {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1) as u64) as usize
    }
}

/// The brokers of one rack, handed out round-robin from an offset that moves each round.
#[derive(Debug, Clone, Default)]
struct BrokerList {
    brokers: Vec<i32>,
    index: usize,
    offset: usize,
    epoch: usize,
}

impl BrokerList {
    fn initialize(&mut self, rng: &mut impl Draw) {
        if !self.brokers.is_empty() {
            self.brokers.sort_unstable();
            self.offset = rng.below(self.brokers.len());
        }
    }

    fn next(&mut self, epoch: usize) -> Option<i32> {
        if self.brokers.is_empty() {
            return None;
        }
        if self.epoch != epoch {
            self.epoch = epoch;
            self.index = 0;
            self.offset = (self.offset + 1) % self.brokers.len();
        }
        if self.index >= self.brokers.len() {
            return None;
        }
        let broker = self.brokers[(self.index + self.offset) % self.brokers.len()];
        self.index += 1;
        Some(broker)
    }
}

/// Every rack's brokers and where the next partition starts.
struct RackList {
    racks: HashMap<Option<String>, BrokerList>,
    names: Vec<Option<String>>,
    brokers: usize,
    epoch: usize,
    offset: usize,
}

impl RackList {
    fn new(brokers: &[BrokerRack], rng: &mut impl Draw) -> Self {
        let mut racks: HashMap<Option<String>, BrokerList> = HashMap::new();
        let mut names = Vec::new();
        for b in brokers {
            let list = racks.entry(b.rack.clone()).or_insert_with(|| {
                names.push(b.rack.clone());
                BrokerList::default()
            });
            list.brokers.push(b.id);
        }
        // Java initializes the racks in its HashMap's order; the draws are random either way.
        let mut sorted: Vec<&Option<String>> = names.iter().collect();
        sorted.sort();
        for name in sorted {
            if let Some(list) = racks.get_mut(name) {
                list.initialize(rng);
            }
        }
        names.sort();
        let offset = if names.is_empty() {
            0
        } else {
            rng.below(names.len())
        };
        Self {
            racks,
            names,
            brokers: brokers.len(),
            epoch: 0,
            offset,
        }
    }

    fn next_in(&mut self, rack: usize) -> Option<i32> {
        let epoch = self.epoch;
        self.racks.get_mut(&self.names[rack])?.next(epoch)
    }

    fn place(&mut self, rf: usize, rng: &mut impl Draw) -> Vec<i32> {
        if self.epoch == self.brokers && self.brokers > 1 {
            rng.shuffle(&mut self.names);
            let mut sorted: Vec<Option<String>> = self.names.clone();
            sorted.sort();
            for name in &sorted {
                if let Some(list) = self.racks.get_mut(name) {
                    rng.shuffle(&mut list.brokers);
                }
            }
            self.epoch = 0;
        }
        if self.offset == self.names.len() {
            self.offset = 0;
        }
        let n = self.names.len();
        let mut out = Vec::with_capacity(rf);
        let mut first;
        // The leader: the first rack from the offset with a broker left this round.
        let mut rack = self.offset;
        loop {
            if let Some(b) = self.next_in(rack) {
                out.push(b);
                first = Some(rack);
                break;
            }
            rack = (rack + 1) % n;
        }
        let mut index = self.offset;
        while out.len() < rf {
            let mut found = None;
            while found.is_none() {
                if Some(index) == first {
                    first = None;
                } else {
                    found = self.next_in(index);
                }
                index = (index + 1) % n;
            }
            out.extend(found);
        }
        self.epoch += 1;
        self.offset += 1;
        out
    }
}

/// Replicas for partitions `0..partitions` of one topic, `replication_factor` each.
pub(crate) fn assign_replicas(
    brokers: &[BrokerRack],
    partitions: usize,
    replication_factor: usize,
    rng: &mut impl Draw,
) -> Result<BTreeMap<i32, Vec<i32>>, AssignError> {
    if replication_factor == 0 {
        return Err(AssignError(format!(
            "Invalid replication factor {replication_factor}: the replication factor must be positive."
        )));
    }
    if brokers.is_empty() {
        return Err(AssignError(
            "All brokers are currently fenced, or have all their log directories cordoned.".into(),
        ));
    }
    if replication_factor > brokers.len() {
        return Err(AssignError(format!(
            "The target replication factor of {replication_factor} cannot be reached because only {} broker(s) are registered or some brokers have all their log directories cordoned.",
            brokers.len()
        )));
    }
    let mut racks = RackList::new(brokers, rng);
    Ok((0..partitions)
        .map(|p| (p as i32, racks.place(replication_factor, rng)))
        .collect())
}

/// Reorders each replica list (in the given order of partitions) so that the first replica,
/// the preferred leader, is the one of its replicas that leads the fewest partitions so far:
/// leaders end up as even across brokers as the replica sets allow. The sets do not change.
pub(crate) fn balance_leaders(assignment: &mut [(String, i32, Vec<i32>)]) {
    let mut led: HashMap<i32, usize> = HashMap::new();
    for (_, _, replicas) in assignment.iter_mut() {
        let Some(best) = replicas
            .iter()
            .enumerate()
            .min_by_key(|(i, b)| (led.get(b).copied().unwrap_or(0), *i))
            .map(|(i, _)| i)
        else {
            continue;
        };
        let leader = replicas.remove(best);
        replicas.insert(0, leader);
        *led.entry(leader).or_default() += 1;
    }
}

/// Leaders per broker of an assignment (for tests and the balance check).
#[cfg(test)]
fn leader_counts(assignment: &[(String, i32, Vec<i32>)]) -> BTreeMap<i32, usize> {
    let mut out = BTreeMap::new();
    for (_, _, r) in assignment {
        *out.entry(r[0]).or_default() += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::*;

    fn plain(ids: &[i32]) -> Vec<BrokerRack> {
        ids.iter()
            .map(|&id| BrokerRack { id, rack: None })
            .collect()
    }

    /// Draws that are always 0: no random offset, shuffles that rotate.
    struct Zero;

    impl Draw for Zero {
        fn below(&mut self, _: usize) -> usize {
            0
        }
    }

    fn distinct(replicas: &[i32]) -> bool {
        replicas.iter().collect::<HashSet<_>>().len() == replicas.len()
    }

    #[test]
    fn without_racks_the_stripes_are_kafkas() {
        // One rack-less group of brokers 1..3, offset 0: the leader moves one broker per
        // partition, followers are the next brokers of the same round-robin.
        let got = assign_replicas(&plain(&[3, 1, 2]), 3, 2, &mut Zero).unwrap();
        let expected: BTreeMap<i32, Vec<i32>> = [(0, vec![1, 2]), (1, vec![2, 3]), (2, vec![3, 1])]
            .into_iter()
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn racks_spread_each_partitions_replicas() {
        let brokers: Vec<BrokerRack> = [(0, "a"), (1, "b"), (2, "b"), (3, "c"), (4, "c"), (5, "a")]
            .iter()
            .map(|&(id, rack)| BrokerRack {
                id,
                rack: Some(rack.into()),
            })
            .collect();
        let rack_of: HashMap<i32, &str> =
            [(0, "a"), (1, "b"), (2, "b"), (3, "c"), (4, "c"), (5, "a")]
                .into_iter()
                .collect();
        for _ in 0..50 {
            let got = assign_replicas(&brokers, 12, 3, &mut ClockRandom::new()).unwrap();
            let mut leaders: BTreeMap<i32, usize> = BTreeMap::new();
            for replicas in got.values() {
                assert!(distinct(replicas), "{replicas:?}");
                let racks: BTreeSet<&str> = replicas.iter().map(|b| rack_of[b]).collect();
                assert_eq!(racks.len(), 3, "{replicas:?}");
                *leaders.entry(replicas[0]).or_default() += 1;
            }
            // 12 partitions, 6 brokers: each leads two.
            assert!(leaders.values().all(|&c| c == 2), "{leaders:?}");
        }
    }

    #[test]
    fn every_draw_gives_a_valid_even_assignment() {
        let brokers = plain(&[1, 2, 3, 4]);
        for _ in 0..50 {
            let got = assign_replicas(&brokers, 8, 3, &mut ClockRandom::new()).unwrap();
            assert_eq!(got.len(), 8);
            let mut load: BTreeMap<i32, usize> = BTreeMap::new();
            let mut leaders: BTreeMap<i32, usize> = BTreeMap::new();
            for replicas in got.values() {
                assert_eq!(replicas.len(), 3);
                assert!(distinct(replicas));
                *leaders.entry(replicas[0]).or_default() += 1;
                for b in replicas {
                    *load.entry(*b).or_default() += 1;
                }
            }
            assert!(leaders.values().all(|&c| c == 2), "{leaders:?}");
            assert!(load.values().all(|&c| c == 6), "{load:?}");
        }
    }

    #[test]
    fn javas_errors() {
        assert_eq!(
            assign_replicas(&plain(&[1, 2]), 1, 3, &mut Zero).unwrap_err(),
            AssignError(
                "The target replication factor of 3 cannot be reached because only 2 broker(s) are registered or some brokers have all their log directories cordoned."
                    .into()
            )
        );
        assert_eq!(
            assign_replicas(&plain(&[1, 2]), 1, 0, &mut Zero).unwrap_err(),
            AssignError(
                "Invalid replication factor 0: the replication factor must be positive.".into()
            )
        );
        assert_eq!(
            assign_replicas(&[], 1, 1, &mut Zero).unwrap_err(),
            AssignError(
                "All brokers are currently fenced, or have all their log directories cordoned."
                    .into()
            )
        );
    }

    #[test]
    fn shuffles_are_javas_from_the_end() {
        let mut v = vec![1, 2, 3, 4];
        Zero.shuffle(&mut v);
        // i=3 swaps with 0, i=2 with 0, i=1 with 0.
        assert_eq!(v, vec![2, 3, 4, 1]);
    }

    #[test]
    fn balanced_leaders_keep_replica_sets_and_spread_leaders() {
        // Three topics of one partition each, all led by broker 1 as Java might propose.
        let mut a = vec![
            ("a".to_string(), 0, vec![1, 2, 3]),
            ("b".to_string(), 0, vec![1, 3, 2]),
            ("c".to_string(), 0, vec![1, 2, 3]),
        ];
        let sets: Vec<BTreeSet<i32>> = a
            .iter()
            .map(|(_, _, r)| r.iter().copied().collect())
            .collect();
        balance_leaders(&mut a);
        let after: Vec<BTreeSet<i32>> = a
            .iter()
            .map(|(_, _, r)| r.iter().copied().collect())
            .collect();
        assert_eq!(sets, after);
        assert_eq!(
            leader_counts(&a),
            [(1, 1), (2, 1), (3, 1)].into_iter().collect()
        );
        // Followers keep their relative order.
        assert_eq!(a[1].2, vec![3, 1, 2]);
    }
}
