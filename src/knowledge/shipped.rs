//! The knowledge shipped in the binary: entries parsed on first use, and name tables
//! prepared at build time (see `build.rs`).
//!
//! Entries of the shipped files come after a user's own, so a shipped entry's id is its
//! position in its file plus the number of user entries.

use std::sync::OnceLock;

use super::fold::key;
use super::matcher::Matcher;
use super::{KnownActor, KnownPlace, Outlet};

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

/// The shipped entries as JSON objects one after another: the build script converts
/// `data/*.toml`, and `*_SPANS` say where each entry lies.
pub(super) const OUTLETS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/outlet.json"));
/// See [`OUTLETS_JSON`].
pub(super) const ACTORS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/actor.json"));
/// See [`OUTLETS_JSON`]: the places, then the communities.
pub(super) const PLACES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/place.json"));

/// The shipped outlets.
pub(super) static OUTLETS: Shipped<Outlet> =
    Shipped::new("data/outlets.toml", OUTLETS_JSON, OUTLET_SPANS);
/// The shipped actors.
pub(super) static ACTORS: Shipped<KnownActor> =
    Shipped::new("data/actors.toml", ACTORS_JSON, ACTOR_SPANS);
/// The shipped places, then the shipped communities.
pub(super) static PLACES: Shipped<KnownPlace> =
    Shipped::new("data/places.toml", PLACES_JSON, PLACE_SPANS);

/// The shipped entries of one kind, each parsed on its own when first needed: a query that
/// names one actor parses that actor alone.
#[derive(Debug)]
pub(super) struct Shipped<T: 'static> {
    /// The file the entries come from, for messages.
    origin: &'static str,
    json: &'static str,
    /// Byte range of each entry in `json`.
    spans: &'static [(u32, u32)],
    parsed: OnceLock<Box<[OnceLock<T>]>>,
}

impl<T: serde::de::DeserializeOwned> Shipped<T> {
    const fn new(origin: &'static str, json: &'static str, spans: &'static [(u32, u32)]) -> Self {
        Shipped {
            origin,
            json,
            spans,
            parsed: OnceLock::new(),
        }
    }

    /// The number of entries.
    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Entry `i`, parsed on first use. The tests parse every entry, so a failure here is a
    /// build defect.
    pub(super) fn get(&self, i: usize) -> &T {
        let slots = self
            .parsed
            .get_or_init(|| self.spans.iter().map(|_| OnceLock::new()).collect());
        slots[i].get_or_init(|| {
            let (start, end) = self.spans[i];
            super::from_json(self.origin, &self.json[start as usize..end as usize])
                .unwrap_or_else(|err| panic!("shipped knowledge must parse: {err}"))
        })
    }

    /// Every entry, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &T> {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// A registry's entries: its own (a user's, or a test's), then, when it has them, the
/// shipped ones, each parsed on first use. An id counts the own entries first.
#[derive(Debug, Clone)]
pub(super) struct Entries<T: 'static> {
    own: Vec<T>,
    shipped: Option<&'static Shipped<T>>,
}

impl<T: serde::de::DeserializeOwned> Entries<T> {
    /// `own` alone.
    pub(super) fn own(own: Vec<T>) -> Self {
        Entries { own, shipped: None }
    }

    /// `own`, then the `shipped` entries.
    pub(super) fn with_shipped(own: Vec<T>, shipped: &'static Shipped<T>) -> Self {
        Entries {
            own,
            shipped: Some(shipped),
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

    /// The number of entries, without parsing the shipped ones.
    pub(super) fn len(&self) -> usize {
        self.own.len() + self.shipped.map_or(0, Shipped::len)
    }

    /// The entry with this id.
    pub(super) fn get(&self, id: usize) -> &T {
        match (id.checked_sub(self.own.len()), self.shipped) {
            (Some(i), Some(shipped)) => shipped.get(i),
            _ => &self.own[id],
        }
    }

    /// Every entry, in id order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &T> {
        let shipped = self.shipped.into_iter().flat_map(Shipped::iter);
        self.own.iter().chain(shipped)
    }
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
        let outlet_names = OUTLETS.iter().map(|o| all_names(&o.name, &o.aliases));
        assert_eq!(table(OUTLET_NAMES), rows(outlet_names, folded));
        let taglines = OUTLETS
            .iter()
            .map(|o| o.taglines.iter().map(String::as_str).collect());
        assert_eq!(table(OUTLET_TAGLINES), rows(taglines, folded));
        let actor_names = || ACTORS.iter().map(|a| all_names(&a.name, &a.aliases));
        assert_eq!(table(ACTOR_NAMES), rows(actor_names(), folded));
        let place_names = || PLACES.iter().map(|p| all_names(&p.name, &p.aliases));
        assert_eq!(table(PLACE_NAMES), rows(place_names(), folded));
        let one_word = rows(actor_names().chain(place_names()), name_word::of);
        assert_eq!(table(ONE_WORD_NAMES), one_word);
        let counted = (OUTLETS.iter().count(), ACTORS.iter().count());
        assert_eq!(counted, (OUTLETS.len(), ACTORS.len()));
        assert_eq!(PLACES.iter().count(), PLACES.len());
    }

    #[test]
    fn an_entry_is_parsed_on_its_own() {
        // The second entry is not JSON: reading the first must not touch it.
        static TWO: Shipped<Outlet> = Shipped::new(
            "test",
            r#"{"name":"Basra Evening Post","aliases":["BEP"]}{"name":"#,
            &[(0, 47), (47, 55)],
        );
        assert_eq!(TWO.len(), 2);
        assert_eq!(TWO.get(0).name, "Basra Evening Post");
        assert_eq!(TWO.get(0).aliases, ["BEP"]);
        let broken = std::panic::catch_unwind(|| TWO.get(1).name.clone());
        assert!(
            broken.is_err(),
            "a damaged entry is a build defect, found when read"
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
