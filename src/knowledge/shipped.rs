//! The knowledge shipped in the binary: entries parsed on first use, and name tables
//! prepared at build time (see `build.rs`).
//!
//! Entries of the shipped files come after a user's own, so a shipped entry's id is its
//! position in its file plus the number of user entries.

use std::sync::OnceLock;

use super::fold::key;
use super::matcher::Matcher;
use super::{actor, outlet, place, KnownActor, KnownPlace, Outlet};

/// Folded names, each with the position of its entry in its file, sorted by name.
///
/// The names are kept as ranges of one string rather than as a slice of `&str`: a pointer
/// per name would cost the dynamic loader a relocation per name at every start.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameTable {
    /// Every name, one after the other.
    pub(crate) text: &'static str,
    /// `(start, end, entry)`: the name `text[start..end]` denotes the entry.
    pub(crate) rows: &'static [(u32, u32, u32)],
}

impl NameTable {
    /// No names.
    pub(crate) const EMPTY: NameTable = NameTable {
        text: "",
        rows: &[],
    };

    /// The entry a folded name denotes.
    pub(crate) fn lookup(&self, key: &str) -> Option<usize> {
        self.rows
            .binary_search_by(|&row| self.name(row).cmp(key))
            .ok()
            .map(|i| self.rows[i].2 as usize)
    }

    /// Every `(name, entry)`, in name order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        self.rows
            .iter()
            .map(|&row| (self.name(row), row.2 as usize))
    }

    fn name(&self, (start, end, _): (u32, u32, u32)) -> &'static str {
        &self.text[start as usize..end as usize]
    }
}

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// The shipped files as JSON: the build script converts `data/*.toml`.
pub(super) const OUTLETS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/outlets.json"));
/// See [`OUTLETS_JSON`].
pub(super) const ACTORS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/actors.json"));
/// See [`OUTLETS_JSON`].
pub(super) const PLACES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/places.json"));

/// A registry's entries: its own (a user's, or a test's), then, when it has them, the
/// shipped ones, parsed on first use. An id counts the own entries first.
#[derive(Debug, Clone)]
pub(super) struct Entries<T: 'static> {
    own: Vec<T>,
    shipped: Option<fn() -> &'static [T]>,
    shipped_count: usize,
}

impl<T> Entries<T> {
    /// `own` alone.
    pub(super) fn own(own: Vec<T>) -> Self {
        Entries {
            own,
            shipped: None,
            shipped_count: 0,
        }
    }

    /// `own`, then the `count` entries `shipped` parses.
    pub(super) fn with_shipped(own: Vec<T>, shipped: fn() -> &'static [T], count: usize) -> Self {
        Entries {
            own,
            shipped: Some(shipped),
            shipped_count: count,
        }
    }

    /// A matcher over what `strings` gives for each entry, folded: the own entries' here, the
    /// shipped ones' from `table`, which the build script made from the same strings.
    pub(super) fn matcher<'a>(
        &'a self,
        table: NameTable,
        strings: impl Fn(&'a T) -> Vec<&'a str>,
    ) -> Matcher {
        let own = self
            .own
            .iter()
            .enumerate()
            .flat_map(|(id, entry)| strings(entry).into_iter().map(move |s| (key(s), id)));
        Matcher::with_shipped(own, table, self.own.len())
    }

    fn shipped(&self) -> &'static [T] {
        self.shipped.map_or(&[], |parse| parse())
    }

    /// The number of entries, without parsing the shipped ones.
    pub(super) fn len(&self) -> usize {
        self.own.len() + self.shipped_count
    }

    /// The entry with this id.
    pub(super) fn get(&self, id: usize) -> &T {
        match id.checked_sub(self.own.len()) {
            None => &self.own[id],
            Some(shipped) => &self.shipped()[shipped],
        }
    }

    /// Every entry, in id order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &T> {
        self.own.iter().chain(self.shipped())
    }
}

/// The shipped outlets.
pub(super) fn outlets() -> &'static [Outlet] {
    static ENTRIES: OnceLock<Vec<Outlet>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let file: outlet::OutletFile = builtin("data/outlets.toml", OUTLETS_JSON);
        file.outlet
    })
}

/// The shipped actors.
pub(super) fn actors() -> &'static [KnownActor] {
    static ENTRIES: OnceLock<Vec<KnownActor>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let file: actor::ActorFile = builtin("data/actors.toml", ACTORS_JSON);
        file.actor
    })
}

/// The shipped places, then the shipped communities.
pub(super) fn places() -> &'static [KnownPlace] {
    static ENTRIES: OnceLock<Vec<KnownPlace>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let file: place::PlaceFile = builtin("data/places.toml", PLACES_JSON);
        file.place.into_iter().chain(file.community).collect()
    })
}

/// A shipped file, parsed. The tests parse every one, so a failure here is a build defect.
fn builtin<T: serde::de::DeserializeOwned>(origin: &str, text: &str) -> T {
    super::from_json(origin, text)
        .unwrap_or_else(|err| panic!("shipped knowledge must parse: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{all_names, fold::key, name_word};
    use std::collections::HashMap;

    /// `(key, entry)` rows as the build script makes them, from the parsed entries.
    fn rows<'a>(
        names: impl Iterator<Item = Vec<&'a str>>,
        key: impl Fn(&str) -> Option<String>,
    ) -> Vec<(String, u32)> {
        let mut first = HashMap::new();
        for (id, names) in names.enumerate() {
            for name in names {
                if let Some(k) = key(name).filter(|k| !k.is_empty()) {
                    first.entry(k).or_insert(id as u32);
                }
            }
        }
        let mut rows: Vec<_> = first.into_iter().collect();
        rows.sort();
        rows
    }

    fn table(t: NameTable) -> Vec<(String, u32)> {
        t.iter().map(|(k, id)| (k.to_string(), id as u32)).collect()
    }

    #[test]
    fn the_prepared_tables_are_those_of_the_entries() {
        let folded = |s: &str| Some(key(s));
        let outlet_names = outlets().iter().map(|o| all_names(&o.name, &o.aliases));
        assert_eq!(table(OUTLET_NAMES), rows(outlet_names, folded));
        let taglines = outlets()
            .iter()
            .map(|o| o.taglines.iter().map(String::as_str).collect());
        assert_eq!(table(OUTLET_TAGLINES), rows(taglines, folded));
        let actor_names = || actors().iter().map(|a| all_names(&a.name, &a.aliases));
        assert_eq!(table(ACTOR_NAMES), rows(actor_names(), folded));
        let place_names = || places().iter().map(|p| all_names(&p.name, &p.aliases));
        assert_eq!(table(PLACE_NAMES), rows(place_names(), folded));
        let one_word = rows(actor_names().chain(place_names()), name_word::of);
        assert_eq!(table(ONE_WORD_NAMES), one_word);
        assert_eq!(
            (OUTLET_COUNT, ACTOR_COUNT, PLACE_COUNT),
            (outlets().len(), actors().len(), places().len())
        );
    }

    #[test]
    fn lookup_finds_whole_keys_only() {
        let names: Vec<(&str, usize)> = ACTOR_NAMES.iter().collect();
        assert!(names.len() > 1000, "{} actor names", names.len());
        for (name, id) in names {
            assert_eq!(ACTOR_NAMES.lookup(name), Some(id), "{name}");
            assert_eq!(ACTOR_NAMES.lookup(&format!("{name}_")), None);
        }
        assert_eq!(ACTOR_NAMES.lookup(""), None);
    }
}
