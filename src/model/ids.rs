//! Ids as small numbers, for the loops that run once per score.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hash for short ids (the multiply-and-rotate of Firefox's FxHash). The
/// standard SipHash resists crafted collisions, which matters for a server, not here: the
/// worst a crafted file can do is open slowly. Looking ids up was the largest cost of
/// opening a large file in the browser.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, word: u64) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by ids, with [`IdHasher`].
pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// Up to this many ids are looked along a list rather than hashed.
const FEW: usize = 8;

/// Ids to small numbers, with the last id looked up remembered.
pub(crate) struct Ids<'a> {
    map: IdMap<&'a str, u32>,
    /// A few ids (a panel), in number order: looked along rather than hashed, since
    /// the evaluator changes with every score of a file.
    few: Option<Vec<&'a str>>,
    last: Option<(&'a str, Option<u32>)>,
}

impl<'a> Ids<'a> {
    pub(crate) fn new(ids: impl Iterator<Item = &'a str>) -> Self {
        let mut map = IdMap::default();
        for id in ids {
            let n = map.len() as u32;
            map.entry(id).or_insert(n);
        }
        let few = (map.len() <= FEW).then(|| {
            let mut few = vec![""; map.len()];
            for (id, &n) in &map {
                few[n as usize] = id;
            }
            few
        });
        Ids {
            map,
            few,
            last: None,
        }
    }
    pub(crate) fn get(&mut self, id: &'a str) -> Option<u32> {
        match self.last {
            Some((last, n)) if last == id => n,
            _ => {
                let n = match &self.few {
                    Some(few) => few.iter().position(|f| *f == id).map(|n| n as u32),
                    None => self.map.get(id).copied(),
                };
                self.last = Some((id, n));
                n
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list of a few ids and a hashed map of many give each id the number of its
    /// first place, and nothing to an unknown id, however lookups alternate.
    #[test]
    fn numbers_are_first_places_for_few_and_many() {
        for count in [0, 1, 3, FEW, FEW + 1, 200] {
            let names: Vec<String> = (0..count).map(|i| format!("id-{i}")).collect();
            let mut listed: Vec<&str> = names.iter().map(String::as_str).collect();
            listed.extend(names.iter().take(2).map(String::as_str)); // given twice
            let mut ids = Ids::new(listed.iter().copied());
            assert_eq!(ids.few.is_some(), count <= FEW);
            for round in 0..2 {
                for (i, n) in names.iter().enumerate().rev() {
                    assert_eq!(ids.get(n), Some(i as u32), "{n} in round {round}");
                    assert_eq!(ids.get("unknown"), None);
                }
            }
        }
    }
}
