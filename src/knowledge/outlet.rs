//! The outlet registry: which news outlets exist and how to recognise them in a page.
//!
//! Each outlet has names and aliases (matched as whole words after folding), web domains,
//! taglines (slogans in the site's chrome) and signatures (literal fragments such as
//! `(Reuters) -` that mark an article as the outlet's own). The registry only answers "which
//! outlet does this text name"; deciding which named outlet published an article is the job of
//! `article::outlet`.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::all_names;
use super::fold::{key, Folded};
use super::matcher::{Matcher, NameMatch};
use super::shipped::{self, Entries, NameTable};

/// One news outlet as the registry knows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    /// Canonical display name.
    pub name: String,
    /// What sort of outlet it is: wire, broadcaster, newspaper, aggregator, government, ...
    #[serde(default)]
    pub kind: String,
    /// ISO country code of its home, or `INT`.
    #[serde(default)]
    pub country: Option<String>,
    /// Other names that denote the outlet in text.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Web domains, without scheme or `www.`.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Site slogans that appear in page chrome.
    #[serde(default)]
    pub taglines: Vec<String>,
    /// Literal fragments that mark an article as the outlet's own.
    #[serde(default)]
    pub signatures: Vec<String>,
}

impl Outlet {
    /// True for sites that mostly republish other outlets' articles.
    pub fn is_aggregator(&self) -> bool {
        self.kind == "aggregator"
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OutletFile {
    #[serde(default)]
    pub(super) outlet: Vec<Outlet>,
}

/// All known outlets, indexed for lookup by name, alias, domain, tagline and signature.
#[derive(Debug, Clone)]
pub struct Outlets {
    entries: Entries<Outlet>,
    names: Matcher,
    taglines: Matcher,
    /// Built on first use: only extraction and lookups by domain need them.
    by_text: OnceLock<ByText>,
}

/// Signatures and domains of every outlet.
#[derive(Debug, Clone)]
struct ByText {
    signatures: Vec<(String, usize)>,
    /// Finds every signature in one pass over a line.
    signature_automaton: AhoCorasick,
    domains: FxHashMap<String, usize>,
}

impl Outlets {
    /// Indexes `entries`; where two entries claim the same name, the earlier one keeps it.
    pub fn new(entries: Vec<Outlet>) -> Self {
        Self::build(Entries::own(entries), NameTable::EMPTY, NameTable::EMPTY)
    }

    /// Indexes `entries`, then the shipped outlets.
    pub(super) fn with_shipped(entries: Vec<Outlet>) -> Self {
        let entries = Entries::with_shipped(entries, &shipped::OUTLETS);
        Self::build(entries, shipped::OUTLET_NAMES, shipped::OUTLET_TAGLINES)
    }

    fn build(entries: Entries<Outlet>, names: NameTable, taglines: NameTable) -> Self {
        Outlets {
            names: entries.matcher(names, |o| all_names(&o.name, &o.aliases)),
            taglines: entries.matcher(taglines, |o| {
                o.taglines.iter().map(String::as_str).collect()
            }),
            entries,
            by_text: OnceLock::new(),
        }
    }

    fn by_text(&self) -> &ByText {
        self.by_text.get_or_init(|| {
            let entries = || self.entries.iter().enumerate();
            let signatures: Vec<(String, usize)> = entries()
                .flat_map(|(id, o)| o.signatures.iter().map(move |s| (signature_form(s), id)))
                .filter(|(s, _)| !s.trim().is_empty())
                .collect();
            let signature_automaton = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(signatures.iter().map(|(s, _)| s))
                .expect("signatures are short plain strings, well within automaton limits");
            let mut domains = FxHashMap::default();
            for (id, o) in entries() {
                for d in &o.domains {
                    domains.entry(d.to_ascii_lowercase()).or_insert(id);
                }
            }
            ByText {
                signatures,
                signature_automaton,
                domains,
            }
        })
    }

    /// The number of outlets.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the registry is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The outlet with this id.
    pub fn get(&self, id: usize) -> &Outlet {
        self.entries.get(id)
    }

    /// The outlet a name, alias or domain denotes (`"memo"`, `"aljazeera.com"`).
    pub fn resolve(&self, name: &str) -> Option<&Outlet> {
        self.resolve_id(name).map(|id| self.get(id))
    }

    /// The id of the outlet a name, alias or domain denotes.
    pub fn resolve_id(&self, name: &str) -> Option<usize> {
        self.names.get(&key(name)).or_else(|| self.domain(name))
    }

    /// Outlet names and aliases found as whole words in folded text.
    pub fn find_names(&self, folded: &Folded) -> Vec<NameMatch> {
        self.names.find(folded)
    }

    /// The outlet whose name or alias is exactly this (already folded) text.
    pub fn name_id(&self, folded_name: &str) -> Option<usize> {
        self.names.get(folded_name)
    }

    /// Outlets whose taglines occur in folded text.
    pub fn find_taglines(&self, folded: &Folded) -> Vec<NameMatch> {
        self.taglines.find(folded)
    }

    /// Outlets whose signatures occur in `line` (case-insensitive, any dash).
    pub fn find_signatures(&self, line: &str) -> Vec<usize> {
        let line = signature_form(line);
        let by_text = self.by_text();
        // Registry order, each signature once, as a scan of the list would give.
        let mut found: Vec<usize> = by_text
            .signature_automaton
            .find_overlapping_iter(&line)
            .map(|m| m.pattern().as_usize())
            .collect();
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| by_text.signatures[i].1).collect()
    }

    /// The outlet that owns a domain or one of its parents (`edition.cnn.com` → CNN).
    pub fn domain(&self, host: &str) -> Option<usize> {
        let mut host = host.trim().trim_end_matches('.').to_ascii_lowercase();
        if let Some(rest) = host.strip_prefix("www.") {
            host = rest.to_string();
        }
        let domains = &self.by_text().domains;
        let mut rest = host.as_str();
        loop {
            if let Some(&id) = domains.get(rest) {
                return Some(id);
            }
            match rest.split_once('.') {
                Some((_, parent)) if parent.contains('.') => rest = parent,
                _ => return None,
            }
        }
    }
}

/// Lowercases and unifies dashes and spaces so signatures match however the page typed them.
fn signature_form(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '–' | '—' | '−' | '‒' | '―' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.extend(c.to_lowercase());
            space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outlet(name: &str, aliases: &[&str], domains: &[&str]) -> Outlet {
        Outlet {
            name: name.into(),
            kind: "wire".into(),
            country: None,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            domains: domains.iter().map(|s| s.to_string()).collect(),
            taglines: vec![],
            signatures: vec!["(Reuters) -".into()],
        }
    }

    #[test]
    fn resolves_names_aliases_and_domains() {
        let outlets = Outlets::new(vec![outlet(
            "Reuters",
            &["Thomson Reuters"],
            &["reuters.com"],
        )]);
        for name in [
            "reuters",
            "THOMSON REUTERS",
            "www.reuters.com",
            "uk.reuters.com",
        ] {
            assert_eq!(
                outlets.resolve(name).map(|o| o.name.as_str()),
                Some("Reuters"),
                "{name}"
            );
        }
        assert!(outlets.resolve("reuters.co").is_none());
    }

    #[test]
    fn signatures_ignore_case_and_dash_style() {
        let outlets = Outlets::new(vec![outlet("Reuters", &[], &[])]);
        assert_eq!(
            outlets.find_signatures("BAGHDAD (REUTERS) — Two rockets"),
            vec![0]
        );
        assert!(outlets.find_signatures("Reuters said").is_empty());
    }
}
