//! What gz-search knows about the news world: outlets, actors, places and communities.
//!
//! The registries ship as TOML in `data/` (embedded in the binary) and can be extended by the
//! user with files of the same format (`outlets.toml`, `actors.toml`, `places.toml`) in a
//! knowledge directory.
//! User entries come first, so a user's definition of a name wins over the shipped one. The
//! fingerprint of all loaded files is part of every indexed document's hash, so changing the
//! knowledge re-extracts articles on the next `index` run.

pub mod actor;
pub mod fold;
pub mod matcher;
pub mod outlet;
// Compiled for the build script, which lists one-word names with it, and for the tests that
// check that list.
#[cfg_attr(not(test), allow(dead_code))]
mod name_word;
pub mod place;
mod shipped;
pub mod variant;

use std::path::{Path, PathBuf};

pub use actor::{ActorKind, Gazetteer, KnownActor};
pub use outlet::{Outlet, Outlets};
pub use place::{KnownPlace, Places};

pub(crate) use shipped::NameTable;

use crate::error::{Error, Result};

/// The one-word names of the shipped actors, places and communities, folded, with the entry
/// each names (actors first, then places): the stemmer's guard list. See [`name_word`].
pub(crate) fn shipped_one_word_names() -> NameTable {
    shipped::ONE_WORD_NAMES
}

/// File names looked for in a user's knowledge directory.
pub const USER_OUTLETS_FILE: &str = "outlets.toml";
/// File names looked for in a user's knowledge directory.
pub const USER_ACTORS_FILE: &str = "actors.toml";
/// File names looked for in a user's knowledge directory.
pub const USER_PLACES_FILE: &str = "places.toml";

/// The outlet registry and the actor gazetteer, loaded together.
#[derive(Debug, Clone)]
pub struct Knowledge {
    /// Known news outlets.
    pub outlets: Outlets,
    /// Known people and organisations.
    pub actors: Gazetteer,
    /// Known places and communities.
    pub places: Places,
    fingerprint: u64,
}

impl Knowledge {
    /// The knowledge shipped with gz-search.
    pub fn builtin() -> Self {
        Self::from_sources(&[], &[], &[]).expect("the shipped knowledge files are tested to parse")
    }

    /// No knowledge at all: extraction and search by their general rules alone.
    pub fn empty() -> Self {
        Knowledge {
            outlets: Outlets::new(Vec::new()),
            actors: Gazetteer::new(Vec::new()),
            places: Places::new(Vec::new()),
            fingerprint: 0,
        }
    }

    /// Shipped knowledge plus `outlets.toml`, `actors.toml` and `places.toml` from `dir`, when
    /// they exist.
    pub fn load(dir: Option<&Path>) -> Result<Self> {
        let mut outlets = Vec::new();
        let mut actors = Vec::new();
        let mut places = Vec::new();
        if let Some(dir) = dir {
            for (file, sink) in [
                (USER_OUTLETS_FILE, &mut outlets),
                (USER_ACTORS_FILE, &mut actors),
                (USER_PLACES_FILE, &mut places),
            ] {
                let path = dir.join(file);
                match std::fs::read_to_string(&path) {
                    Ok(text) => sink.push((path, text)),
                    Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                    Err(err) => return Err(Error::io("read", path, err)),
                }
            }
        }
        Self::from_sources(&outlets, &actors, &places)
    }

    fn from_sources(
        outlets: &[(PathBuf, String)],
        actors: &[(PathBuf, String)],
        places: &[(PathBuf, String)],
    ) -> Result<Self> {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut outlet_entries = Vec::new();
        for (path, text) in outlets {
            hasher.update(text.as_bytes());
            outlet_entries
                .extend(parse::<outlet::OutletFile>(&path.display().to_string(), text)?.outlet);
        }
        let mut actor_entries = Vec::new();
        for (path, text) in actors {
            hasher.update(text.as_bytes());
            actor_entries
                .extend(parse::<actor::ActorFile>(&path.display().to_string(), text)?.actor);
        }
        let mut place_entries = Vec::new();
        for (path, text) in places {
            hasher.update(text.as_bytes());
            let file = parse::<place::PlaceFile>(&path.display().to_string(), text)?;
            place_entries.extend(file.place);
            place_entries.extend(file.community);
        }
        for text in [
            shipped::OUTLETS_JSON,
            shipped::ACTORS_JSON,
            shipped::PLACES_JSON,
        ] {
            hasher.update(text.as_bytes());
        }

        // User entries come first, so that their names win.
        Ok(Knowledge {
            outlets: Outlets::with_shipped(outlet_entries),
            actors: Gazetteer::with_shipped(actor_entries),
            places: Places::with_shipped(place_entries),
            fingerprint: hasher.digest(),
        })
    }

    /// Every name of what `phrase` denotes: the actor whose listed alias it is, else the place
    /// or community it names.
    pub fn names_of(&self, phrase: &str) -> Option<Names<'_>> {
        if let Some(actor) = self.actors.resolve_alias(phrase) {
            return Some(Names {
                actor: Some(actor),
                all: all_names(&actor.name, &actor.aliases),
            });
        }
        let place = self.places.resolve(phrase)?;
        Some(Names {
            actor: None,
            all: all_names(&place.name, &place.aliases),
        })
    }

    /// A hash of every knowledge file loaded; it changes when any of them changes.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

/// A canonical name, then every alias.
pub(crate) fn all_names<'a>(name: &'a str, aliases: &'a [String]) -> Vec<&'a str> {
    std::iter::once(name)
        .chain(aliases.iter().map(String::as_str))
        .collect()
}

/// The names of one actor, place or community (see [`Knowledge::names_of`]).
#[derive(Debug, Clone)]
pub struct Names<'a> {
    /// The actor, when the names are an actor's.
    pub actor: Option<&'a KnownActor>,
    /// The canonical name first, then every alias.
    pub all: Vec<&'a str>,
}

fn parse<T: serde::de::DeserializeOwned>(origin: &str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|err| Error::Knowledge {
        origin: origin.to_string(),
        reason: err.message().to_string(),
    })
}

fn from_json<T: serde::de::DeserializeOwned>(origin: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|err| Error::Knowledge {
        origin: origin.to_string(),
        reason: err.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn shipped_knowledge_parses_and_is_large_enough() {
        let k = Knowledge::builtin();
        assert!(k.outlets.len() >= 150, "{} outlets", k.outlets.len());
        assert!(k.actors.len() >= 300, "{} actors", k.actors.len());
    }

    #[test]
    fn no_alias_names_two_actors_or_two_outlets() {
        let mut seen: HashMap<String, String> = HashMap::new();
        for o in shipped::OUTLETS.iter() {
            for n in std::iter::once(&o.name).chain(&o.aliases) {
                if let Some(other) = seen.insert(fold::key(n), o.name.clone()) {
                    assert_eq!(other, o.name, "outlet alias {n:?} names two outlets");
                }
            }
        }
        let mut seen: HashMap<String, String> = HashMap::new();
        for a in shipped::ACTORS.iter() {
            for n in std::iter::once(&a.name).chain(&a.aliases) {
                if let Some(other) = seen.insert(fold::key(n), a.name.clone()) {
                    assert_eq!(other, a.name, "actor alias {n:?} names two actors");
                }
            }
        }
    }

    #[test]
    fn user_entries_extend_and_override_the_shipped_ones() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(USER_OUTLETS_FILE),
            "[[outlet]]\nname = \"Basra Evening Post\"\naliases = [\"BEP\"]\ndomains = [\"basrapost.example\"]\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join(USER_ACTORS_FILE),
            "[[actor]]\nname = \"Yahya Rasool Abdullah\"\nkind = \"person\"\naliases = [\"Yehia Rasul\"]\n\
             [[actor]]\nname = \"Private Military Unit\"\nkind = \"organisation\"\naliases = [\"PMU\"]\n",
        )
        .unwrap();
        let k = Knowledge::load(Some(dir.path())).unwrap();
        assert_eq!(k.outlets.resolve("bep").unwrap().name, "Basra Evening Post");
        assert_eq!(
            k.actors.resolve("yehia rasul").unwrap().name,
            "Yahya Rasool Abdullah"
        );
        let builtin = Knowledge::builtin();
        let pmu = builtin.actors.resolve("PMU").unwrap();
        assert_ne!(pmu.name, "Private Military Unit");
        assert_eq!(
            k.actors.resolve("PMU").unwrap().name,
            "Private Military Unit"
        );
        // The shipped entries follow the user's, with every other name.
        assert_eq!(k.actors.resolve(&pmu.name).unwrap().name, pmu.name);
        assert_eq!(k.actors.len(), builtin.actors.len() + 2);
        assert_eq!(
            k.outlets.resolve("edition.basrapost.example").unwrap().name,
            "Basra Evening Post"
        );
        assert_ne!(k.fingerprint(), builtin.fingerprint());
    }

    #[test]
    fn a_malformed_user_file_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(USER_ACTORS_FILE), "[[actor]]\nname = 3\n").unwrap();
        let err = Knowledge::load(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("actors.toml"), "{err}");
    }
}
