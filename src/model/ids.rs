//! Ids as small numbers, for the loops that run once per score.

use std::collections::HashMap;

/// Ids to small numbers, with the last id looked up remembered.
pub(crate) struct Ids<'a> {
    map: HashMap<&'a str, u32>,
    last: Option<(&'a str, Option<u32>)>,
}

impl<'a> Ids<'a> {
    pub(crate) fn new(ids: impl Iterator<Item = &'a str>) -> Self {
        let mut map = HashMap::new();
        for id in ids {
            let n = map.len() as u32;
            map.entry(id).or_insert(n);
        }
        Ids { map, last: None }
    }
    pub(crate) fn get(&mut self, id: &'a str) -> Option<u32> {
        match self.last {
            Some((last, n)) if last == id => n,
            _ => {
                let n = self.map.get(id).copied();
                self.last = Some((id, n));
                n
            }
        }
    }
}
