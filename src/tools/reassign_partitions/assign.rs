//! Kafka's replica placement (`AdminUtils.assignReplicasToBrokers`), as `--generate` uses it:
//! round-robin over the brokers from a random start, the followers shifted per round so that
//! replicas spread, and with racks, brokers interleaved rack by rack so that each partition's
//! replicas land on as many racks as it can. Also `--balance-leaders`: the same replica sets,
//! reordered so that preferred leaders spread evenly over the brokers.

use std::collections::{BTreeMap, HashMap, HashSet};

/// A broker as the assignment sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BrokerRack {
    /// Broker id.
    pub(crate) id: i32,
    /// Its rack, if rack-aware placement is on and it has one.
    pub(crate) rack: Option<String>,
}

/// Java's failures of the assignment (InvalidPartitionsException,
/// InvalidReplicationFactorException), with their messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AssignError(pub(crate) String);

/// Where the round-robin starts: Java draws both values at random; tests fix them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Start {
    /// Index of the first partition's leader in the broker list.
    pub(crate) index: usize,
    /// Initial shift of the followers.
    pub(crate) shift: usize,
}

impl Start {
    /// Two draws in `0..n` from a small generator seeded by the clock (Java uses `Random`).
    pub(crate) fn random(n: usize) -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id()).rotate_left(32);
        let mut x = seed | 1;
        let mut next = || {
            // xorshift64*
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            x.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        let n = n.max(1) as u64;
        Self {
            index: (next() % n) as usize,
            shift: (next() % n) as usize,
        }
    }
}

/// Replicas for partitions `0..partitions` of one topic, `replication_factor` each.
pub(crate) fn assign_replicas(
    brokers: &[BrokerRack],
    partitions: usize,
    replication_factor: usize,
    start: Start,
) -> Result<BTreeMap<i32, Vec<i32>>, AssignError> {
    if partitions == 0 {
        return Err(AssignError(
            "Number of partitions must be larger than 0.".into(),
        ));
    }
    if replication_factor == 0 {
        return Err(AssignError(
            "Replication factor must be larger than 0.".into(),
        ));
    }
    if replication_factor > brokers.len() {
        return Err(AssignError(format!(
            "Replication factor: {replication_factor} larger than available brokers: {}.",
            brokers.len()
        )));
    }
    if brokers.iter().all(|b| b.rack.is_none()) {
        let ids: Vec<i32> = brokers.iter().map(|b| b.id).collect();
        Ok(rack_unaware(&ids, partitions, replication_factor, start))
    } else {
        let racks: HashMap<i32, String> = brokers
            .iter()
            .map(|b| (b.id, b.rack.clone().unwrap_or_default()))
            .collect();
        Ok(rack_aware(&racks, partitions, replication_factor, start))
    }
}

/// The index of follower `j` of a partition led from `first` (Java's `replicaIndex`).
fn replica_index(first: usize, shift: usize, j: usize, n: usize) -> usize {
    let step = 1 + (shift + j) % (n - 1);
    (first + step) % n
}

fn rack_unaware(
    brokers: &[i32],
    partitions: usize,
    rf: usize,
    start: Start,
) -> BTreeMap<i32, Vec<i32>> {
    let n = brokers.len();
    let mut out = BTreeMap::new();
    let mut shift = start.shift;
    for p in 0..partitions {
        if p > 0 && p % n == 0 {
            shift += 1;
        }
        let first = (p + start.index) % n;
        let mut replicas = vec![brokers[first]];
        for j in 0..rf - 1 {
            replicas.push(brokers[replica_index(first, shift, j, n)]);
        }
        out.insert(p as i32, replicas);
    }
    out
}

/// Brokers ordered rack by rack (racks sorted, brokers by id within a rack): `a1, b1, a2, b2`.
pub(crate) fn rack_alternated(racks: &HashMap<i32, String>) -> Vec<i32> {
    let mut by_rack: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (id, rack) in racks {
        by_rack.entry(rack).or_default().push(*id);
    }
    let mut lists: Vec<std::vec::IntoIter<i32>> = by_rack
        .into_values()
        .map(|mut ids| {
            ids.sort_unstable();
            ids.into_iter()
        })
        .collect();
    let mut out = Vec::with_capacity(racks.len());
    let mut i = 0;
    while out.len() < racks.len() {
        if let Some(id) = lists[i].next() {
            out.push(id);
        }
        i = (i + 1) % lists.len();
    }
    out
}

fn rack_aware(
    racks: &HashMap<i32, String>,
    partitions: usize,
    rf: usize,
    start: Start,
) -> BTreeMap<i32, Vec<i32>> {
    let rack_count = racks.values().collect::<HashSet<_>>().len();
    let arranged = rack_alternated(racks);
    let n = arranged.len();
    let mut out = BTreeMap::new();
    let mut shift = start.shift;
    for p in 0..partitions {
        if p > 0 && p % n == 0 {
            shift += 1;
        }
        let first = (p + start.index) % n;
        let leader = arranged[first];
        let mut replicas = vec![leader];
        let mut used_racks: HashSet<&str> = HashSet::from([racks[&leader].as_str()]);
        let mut used: HashSet<i32> = HashSet::from([leader]);
        let mut k = 0;
        for _ in 0..rf - 1 {
            loop {
                let broker = arranged[replica_index(first, shift * rack_count, k, n)];
                let rack = racks[&broker].as_str();
                k += 1;
                // Skip a broker whose rack already has a replica while some rack has none, and
                // a broker that has one while some broker has none.
                if (!used_racks.contains(rack) || used_racks.len() == rack_count)
                    && (!used.contains(&broker) || used.len() == n)
                {
                    replicas.push(broker);
                    used_racks.insert(rack);
                    used.insert(broker);
                    break;
                }
            }
        }
        out.insert(p as i32, replicas);
    }
    out
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

/// Whether every partition's replicas are distinct (for tests).
#[cfg(test)]
fn distinct(replicas: &[i32]) -> bool {
    replicas.iter().collect::<HashSet<_>>().len() == replicas.len()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn plain(ids: &[i32]) -> Vec<BrokerRack> {
        ids.iter()
            .map(|&id| BrokerRack { id, rack: None })
            .collect()
    }

    fn racked(list: &[(i32, &str)]) -> Vec<BrokerRack> {
        list.iter()
            .map(|&(id, rack)| BrokerRack {
                id,
                rack: Some(rack.into()),
            })
            .collect()
    }

    const FIXED: Start = Start { index: 0, shift: 0 };

    #[test]
    fn rack_unaware_matches_kafkas_known_layout() {
        // AdminUtilsTest (Kafka): brokers 0..5, 10 partitions, RF 3, fixed start 0.
        let got = assign_replicas(&plain(&[0, 1, 2, 3, 4]), 10, 3, FIXED).unwrap();
        let expected: BTreeMap<i32, Vec<i32>> = [
            (0, vec![0, 1, 2]),
            (1, vec![1, 2, 3]),
            (2, vec![2, 3, 4]),
            (3, vec![3, 4, 0]),
            (4, vec![4, 0, 1]),
            (5, vec![0, 2, 3]),
            (6, vec![1, 3, 4]),
            (7, vec![2, 4, 0]),
            (8, vec![3, 0, 1]),
            (9, vec![4, 1, 2]),
        ]
        .into_iter()
        .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn rack_alternation_interleaves_sorted_racks() {
        let racks: HashMap<i32, String> = [
            (0, "rack1"),
            (1, "rack3"),
            (2, "rack3"),
            (3, "rack2"),
            (4, "rack2"),
            (5, "rack1"),
        ]
        .into_iter()
        .map(|(i, r)| (i, r.to_string()))
        .collect();
        assert_eq!(rack_alternated(&racks), vec![0, 3, 1, 5, 4, 2]);
    }

    #[test]
    fn rack_aware_puts_each_partitions_replicas_on_distinct_racks() {
        let brokers = racked(&[
            (0, "rack1"),
            (1, "rack2"),
            (2, "rack2"),
            (3, "rack3"),
            (4, "rack3"),
            (5, "rack1"),
        ]);
        let racks: HashMap<i32, &str> = [
            (0, "rack1"),
            (1, "rack2"),
            (2, "rack2"),
            (3, "rack3"),
            (4, "rack3"),
            (5, "rack1"),
        ]
        .into_iter()
        .collect();
        for index in 0..6 {
            for shift in 0..6 {
                let got = assign_replicas(&brokers, 12, 3, Start { index, shift }).unwrap();
                for replicas in got.values() {
                    assert!(distinct(replicas));
                    let used: BTreeSet<&str> = replicas.iter().map(|b| racks[b]).collect();
                    assert_eq!(used.len(), 3, "{replicas:?}");
                }
                // Leaders are spread evenly: 12 partitions over 6 brokers.
                let leaders = leader_counts(
                    &got.iter()
                        .map(|(p, r)| (String::new(), *p, r.clone()))
                        .collect::<Vec<_>>(),
                );
                assert!(leaders.values().all(|&c| c == 2), "{leaders:?}");
            }
        }
    }

    #[test]
    fn every_start_gives_a_valid_even_assignment() {
        let brokers = plain(&[1, 2, 3, 4]);
        for index in 0..4 {
            for shift in 0..4 {
                let got = assign_replicas(&brokers, 8, 3, Start { index, shift }).unwrap();
                assert_eq!(got.len(), 8);
                let mut load: BTreeMap<i32, usize> = BTreeMap::new();
                for replicas in got.values() {
                    assert_eq!(replicas.len(), 3);
                    assert!(distinct(replicas));
                    for b in replicas {
                        *load.entry(*b).or_default() += 1;
                    }
                }
                // 24 replicas over 4 brokers.
                assert!(load.values().all(|&c| c == 6), "{load:?}");
            }
        }
    }

    #[test]
    fn javas_errors() {
        assert_eq!(
            assign_replicas(&plain(&[1, 2]), 1, 3, FIXED).unwrap_err(),
            AssignError("Replication factor: 3 larger than available brokers: 2.".into())
        );
        assert_eq!(
            assign_replicas(&plain(&[1, 2]), 0, 1, FIXED).unwrap_err(),
            AssignError("Number of partitions must be larger than 0.".into())
        );
        assert_eq!(
            assign_replicas(&plain(&[1, 2]), 1, 0, FIXED).unwrap_err(),
            AssignError("Replication factor must be larger than 0.".into())
        );
    }

    #[test]
    fn random_starts_stay_in_range() {
        for n in 1..8 {
            let s = Start::random(n);
            assert!(s.index < n && s.shift < n);
        }
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
