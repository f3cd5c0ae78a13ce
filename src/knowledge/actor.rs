//! The actor gazetteer: people and organisations of the field, with their aliases.
//!
//! Every alias and spelling variant (`Kadhemi`, `al-Kadhimi`; `PMU`, `Hashd al-Shaabi`) points
//! to one canonical actor, so that facets and filters count one man or one force once.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::all_names;
use super::fold::{key, Folded};
use super::matcher::{Matcher, NameMatch};
use super::shipped::{self, Entries, NameTable};
use super::variant;

/// Whether an actor is a person or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A named person.
    Person,
    /// A named group, body, force, party or institution.
    #[serde(alias = "organization", alias = "org")]
    Organisation,
}

impl ActorKind {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organisation => "organisation",
        }
    }
}

/// One actor as the gazetteer knows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownActor {
    /// Canonical name.
    pub name: String,
    /// Person or organisation.
    pub kind: ActorKind,
    /// A short description.
    #[serde(default)]
    pub role: Option<String>,
    /// Other names and spellings that denote the actor.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ActorFile {
    #[serde(default)]
    pub(super) actor: Vec<KnownActor>,
}

/// All known actors, indexed by every alias and by the romanisation keys of single-word
/// aliases.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    entries: Entries<KnownActor>,
    names: Matcher,
    variants: OnceLock<FxHashMap<String, Option<usize>>>,
}

impl Gazetteer {
    /// Indexes `entries`; where two entries claim the same alias, the earlier one keeps it.
    pub fn new(entries: Vec<KnownActor>) -> Self {
        Self::build(Entries::own(entries), NameTable::EMPTY)
    }

    /// Indexes `entries`, then the shipped actors.
    pub(super) fn with_shipped(entries: Vec<KnownActor>) -> Self {
        let entries = Entries::with_shipped(entries, &shipped::ACTORS);
        Self::build(entries, shipped::ACTOR_NAMES)
    }

    fn build(entries: Entries<KnownActor>, table: NameTable) -> Self {
        let names = entries.matcher(table, |a| all_names(&a.name, &a.aliases));
        Gazetteer {
            entries,
            names,
            variants: OnceLock::new(),
        }
    }

    /// Romanisation key → the actor whose one-word alias has it, or `None` when two actors
    /// share the key. Built on first use: only spelling-variant guesses need it.
    fn variants(&self) -> &FxHashMap<String, Option<usize>> {
        self.variants.get_or_init(|| {
            // "Kadhemy" is no listed alias, but shares a key with "Kadhimi". A key shared by
            // two actors resolves to neither.
            let mut variants: FxHashMap<String, Option<usize>> = FxHashMap::default();
            for (id, a) in self.entries.iter().enumerate() {
                for alias in std::iter::once(&a.name).chain(&a.aliases) {
                    for k in variant::keys(&key(alias)) {
                        variants
                            .entry(k)
                            .and_modify(|e| {
                                if *e != Some(id) {
                                    *e = None;
                                }
                            })
                            .or_insert(Some(id));
                    }
                }
            }
            variants
        })
    }

    /// The number of actors.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The actor with this id.
    pub fn get(&self, id: usize) -> &KnownActor {
        self.entries.get(id)
    }

    /// The actor any alias denotes (`"PMU"` → Popular Mobilization Forces), or a one-word
    /// spelling variant of an alias (`"Kadhemy"` → Mustafa al-Kadhimi).
    pub fn resolve(&self, name: &str) -> Option<&KnownActor> {
        let folded = key(name);
        let id = self.names.get(&folded).or_else(|| {
            variant::keys(&folded)
                .iter()
                .find_map(|k| self.variants().get(k).copied().flatten())
        })?;
        Some(self.get(id))
    }

    /// The actor a listed alias denotes, without spelling-variant guesses.
    pub fn resolve_alias(&self, name: &str) -> Option<&KnownActor> {
        self.names.get(&key(name)).map(|id| self.get(id))
    }

    /// Known aliases found as whole words in folded text.
    pub fn find(&self, folded: &Folded) -> Vec<NameMatch> {
        self.names.find(folded)
    }
}

#[cfg(test)]
mod tests {
    use crate::knowledge::Knowledge;

    #[test]
    fn aliases_and_spelling_variants_resolve_to_one_actor() {
        let k = Knowledge::builtin();
        let name = |n: &str| k.actors.resolve(n).map(|a| a.name.clone());
        assert_eq!(name("PMU"), name("Hashd al-Shaabi"));
        assert_eq!(name("Kadhemy"), name("Kadhimi"));
        assert!(name("Kadhimi").is_some());
        assert_eq!(name("zeppelin"), None);
    }
}
