//! The actor gazetteer: people and organisations of the field, with their aliases.
//!
//! Every alias and spelling variant (`Kadhemi`, `al-Kadhimi`; `PMU`, `Hashd al-Shaabi`) points
//! to one canonical actor, so that facets and filters count one man or one force once.

use serde::{Deserialize, Serialize};

use super::fold::{key, Folded};
use super::matcher::{Matcher, NameMatch};

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

/// All known actors, indexed by every alias.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    entries: Vec<KnownActor>,
    names: Matcher,
}

impl Gazetteer {
    /// Indexes `entries`; where two entries claim the same alias, the earlier one keeps it.
    pub fn new(entries: Vec<KnownActor>) -> Self {
        let names = Matcher::new(entries.iter().enumerate().flat_map(|(id, a)| {
            std::iter::once(&a.name)
                .chain(&a.aliases)
                .map(move |n| (key(n), id))
        }));
        Gazetteer { entries, names }
    }

    /// The number of actors.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The actor with this id.
    pub fn get(&self, id: usize) -> &KnownActor {
        &self.entries[id]
    }

    /// The actor any alias denotes (`"PMU"` → Popular Mobilization Forces).
    pub fn resolve(&self, name: &str) -> Option<&KnownActor> {
        self.names.get(&key(name)).map(|id| &self.entries[id])
    }

    /// The id of the actor an already folded name denotes.
    pub fn id_of(&self, folded_name: &str) -> Option<usize> {
        self.names.get(folded_name)
    }

    /// Known aliases found as whole words in folded text.
    pub fn find(&self, folded: &Folded) -> Vec<NameMatch> {
        self.names.find(folded)
    }
}
