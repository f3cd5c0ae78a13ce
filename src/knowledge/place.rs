//! Places and communities, with their spellings.
//!
//! Erbil is also Arbil, Irbil and Hawler; Tal Afar is Telafar; the Yazidis are also Ezidis.
//! Such names differ by whole syllables or by the article being joined, which no spelling rule
//! can bridge without also joining names that differ. The list in `data/places.toml` carries
//! them, so that a search for one spelling finds the others.

use serde::{Deserialize, Serialize};

use super::all_names;
use super::fold::key;
use super::matcher::Matcher;
use super::shipped::{self, Entries, NameTable};

/// One place or community and the names it goes by.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownPlace {
    /// Canonical name.
    pub name: String,
    /// What it is: a city, province, country…, or for communities religious, ethnic, tribe.
    pub kind: String,
    /// ISO 3166-1 alpha-2 code of its country, for places.
    #[serde(default)]
    pub country: Option<String>,
    /// Other names and spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PlaceFile {
    #[serde(default)]
    pub(super) place: Vec<KnownPlace>,
    #[serde(default)]
    pub(super) community: Vec<KnownPlace>,
}

/// All known places and communities, indexed by every name.
#[derive(Debug, Clone)]
pub struct Places {
    entries: Entries<KnownPlace>,
    names: Matcher,
}

impl Default for Places {
    fn default() -> Self {
        Places::new(Vec::new())
    }
}

impl Places {
    /// Indexes `entries`; where two entries claim the same name, the earlier one keeps it.
    pub fn new(entries: Vec<KnownPlace>) -> Self {
        Self::build(Entries::own(entries), NameTable::EMPTY)
    }

    /// Indexes `entries`, then the shipped places and communities.
    pub(super) fn with_shipped(entries: Vec<KnownPlace>) -> Self {
        let entries = Entries::with_shipped(entries, &shipped::PLACES);
        Self::build(entries, shipped::PLACE_NAMES)
    }

    fn build(entries: Entries<KnownPlace>, table: NameTable) -> Self {
        let names = entries.matcher(table, |p| all_names(&p.name, &p.aliases));
        Places { entries, names }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entry.
    pub fn iter(&self) -> impl Iterator<Item = &KnownPlace> {
        self.entries.iter()
    }

    /// The place or community a name denotes (case, accents, hyphens and apostrophes aside).
    pub fn resolve(&self, name: &str) -> Option<&KnownPlace> {
        let id = self.names.get(&key(name))?;
        Some(self.entries.get(id))
    }
}

#[cfg(test)]
mod tests {
    use crate::knowledge::Knowledge;

    #[test]
    fn spellings_of_a_place_resolve_to_one_entry() {
        let k = Knowledge::builtin();
        let name = |n: &str| k.places.resolve(n).map(|p| p.name.clone());
        assert!(name("Erbil").is_some());
        assert_eq!(name("Arbil"), name("Erbil"));
        assert_eq!(name("Tal Afar"), name("Telafar"));
        assert_eq!(name("zeppelin"), None);
    }
}
