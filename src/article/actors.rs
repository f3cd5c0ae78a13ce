//! Named actors: the people and organisations an article's body names.
//!
//! Three passes over the body:
//! 1. the gazetteer finds every alias of a known actor (`Kadhemi` → Mustafa al-Kadhimi);
//! 2. unknown names are found from how news prose introduces them: a title or role before a
//!    capitalised name (`Brigadier General Yahya Rasool`, `spokesman Omar Hadi`), a
//!    speech verb after it (`Ahmed Karim said`), or an organisation head noun closing it
//!    (`Anbar Provincial Council`, `Ministry of Electricity`);
//! 3. a later surname-only mention (`Rasool said`, `Al-Sadr called`) joins the full name
//!    found earlier, and spelling variants of one unknown name collapse into one actor.
//!
//! Bylines, comment authors and site names never reach this stage: they are not in the body.

use regex::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::knowledge::{fold, fold::Folded, ActorKind, Knowledge};

/// A person or organisation named in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// Canonical name.
    pub name: String,
    /// Person or organisation.
    pub kind: ActorKind,
    /// The distinct spellings the article used, in order of appearance.
    pub mentions: Vec<String>,
}

/// Title and role words that introduce a person's name.
const TITLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Minister",
    "Deputy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "Spokesman",
    "Spokeswoman",
    "General",
    "Gen.",
    "Lieutenant",
    "Lt.",
    "Colonel",
    "Col.",
    "Brigadier",
    "Brig.",
    "Major",
    "Maj.",
    "Captain",
    "Capt.",
    "Admiral",
    "Adm.",
    "Commander",
    "commander",
    "Sheikh",
    "Shaikh",
    "Ayatollah",
    "Grand Ayatollah",
    "Sayyed",
    "Sayyid",
    "cleric",
    "Cleric",
    "Governor",
    "governor",
    "Mayor",
    "mayor",
    "MP",
    "lawmaker",
    "Lawmaker",
    "legislator",
    "Senator",
    "Sen.",
    "Rep.",
    "Representative",
    "Ambassador",
    "ambassador",
    "envoy",
    "Envoy",
    "Dr.",
    "Dr",
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
    "leader",
    "Leader",
    "chief",
    "Chief",
    "head",
    "Secretary",
    "secretary",
    "Speaker",
    "speaker",
    "analyst",
    "researcher",
    "professor",
    "Professor",
    "official",
    "officer",
    "Imam",
    "imam",
    "King",
    "Prince",
    "Crown Prince",
    "Emir",
    "Sultan",
    "Judge",
    "judge",
    "Chairman",
    "chairman",
    "director",
    "Director",
    "Sergeant",
    "Sgt.",
    "Private",
    "Pvt.",
    "activist",
    "journalist",
    "reporter",
    "correspondent",
    "witness",
    "resident",
    "engineer",
    "doctor",
];

/// Verbs of speech that follow a speaker's name.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "wrote",
    "tweeted",
    "noted",
    "explained",
    "warned",
    "claimed",
    "announced",
    "insisted",
    "argued",
    "stressed",
    "confirmed",
    "denied",
    "urged",
    "asked",
    "replied",
    "declared",
    "acknowledged",
];

/// Nouns that close an organisation's name.
const ORG_HEADS: &[&str] = &[
    "Ministry",
    "Brigades",
    "Brigade",
    "Movement",
    "Party",
    "Council",
    "Forces",
    "Force",
    "Army",
    "Organization",
    "Organisation",
    "Front",
    "Committee",
    "Agency",
    "Battalion",
    "Battalions",
    "Group",
    "Alliance",
    "Coalition",
    "Command",
    "Division",
    "Office",
    "Department",
    "Commission",
    "Association",
    "Union",
    "Institute",
    "Network",
    "Cell",
    "Authority",
    "Service",
    "Corps",
    "Bloc",
    "Current",
    "Militia",
    "Regiment",
    "Directorate",
    "Bureau",
    "Company",
    "Corporation",
    "Foundation",
    "University",
    "Court",
    "Parliament",
    "Assembly",
    "Guard",
    "Guards",
    "Police",
    "Society",
    "Federation",
    "Mission",
    "Centre",
    "Center",
    "Tribunal",
];

/// Capitalised words that are never part of a person's name.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "Of",
    "For",
    "And",
    "But",
    "Or",
    "If",
    "As",
    "By",
    "To",
    "From",
    "With",
    "After",
    "Before",
    "During",
    "While",
    "When",
    "Where",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "He",
    "She",
    "They",
    "We",
    "His",
    "Her",
    "Their",
    "Our",
    "Its",
    "There",
    "Here",
    "Some",
    "Many",
    "Most",
    "All",
    "No",
    "Not",
    "Meanwhile",
    "However",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Iraqi",
    "Iranian",
    "American",
    "Kurdish",
    "Syrian",
    "Lebanese",
    "Turkish",
    "Israeli",
    "Saudi",
    "Emirati",
    "Qatari",
    "Russian",
    "Chinese",
    "British",
    "French",
    "German",
    "Arab",
    "Western",
    "Shia",
    "Shiite",
    "Sunni",
    "Muslim",
    "Christian",
    "Yazidi",
    "US",
    "U.S.",
    "UK",
    "UN",
    "EU",
    "Iraq",
    "Iran",
    "Syria",
    "Turkey",
    "Israel",
    "Lebanon",
    "Baghdad",
    "Tehran",
    "Washington",
    "Moscow",
    "Beirut",
    "Damascus",
    "Ankara",
    "Erbil",
    "Basra",
    "Mosul",
    "Kirkuk",
    "Najaf",
    "Karbala",
    "Anbar",
    "State",
    "Department",
    "Ministry",
    "Interior",
    "Defence",
    "Defense",
    "Foreign",
    "Affairs",
    "Security",
    "National",
    "Military",
    "Embassy",
    "Green",
    "Zone",
    "Airport",
    "Base",
    "Province",
    "City",
    "District",
    "Government",
    "Officials",
    "Official",
    "Police",
    "Army",
    "Forces",
    "News",
    "Agency",
    "Press",
    "Twitter",
    "Facebook",
    "Telegram",
    "President",
    "Prime",
    "Minister",
    "General",
    "Colonel",
    "Spokesman",
    "Brigadier",
    "Major",
    "Lieutenant",
    "Captain",
    "Commander",
    "Governor",
    "Sheikh",
    "Mr",
    "Mr.",
    "Mrs",
    "Ms",
    "Dr",
    "Dr.",
    "Ayatollah",
    "Speaker",
    "Secretary",
    "Deputy",
    "Chief",
    "Senator",
    "Ambassador",
    "Pentagon",
    "White",
    "House",
    "Congress",
    "Parliament",
    "Council",
    "Coalition",
    "Islamic",
    "Republic",
    "Kingdom",
    "Middle",
    "East",
    "North",
    "South",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Central",
    "Gulf",
    "Europe",
    "European",
    "Asia",
    "Africa",
    "Covid",
    "COVID-19",
    "Reuters",
    "AFP",
    "AP",
    "CNN",
    "BBC",
    "Read",
    "Also",
    "Photo",
    "Video",
];

/// Lowercase particles that may sit inside a name (`Abu Bakr al-Baghdadi`, `bin Salman`).
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "abu", "abd", "de", "van", "von", "da", "ul",
];

static NAME_RUN: LazyLock<Regex> = LazyLock::new(|| {
    // A run of capitalised words, with name particles and hyphenated prefixes allowed inside.
    let word = r"(?:(?:[Aa]l|[Ee]l|[Aa]bu|[Aa]bd|[Bb]in|[Ii]bn)[-‑])?\p{Lu}[\p{L}'’‑-]*\.?";
    let particle = r"(?:al|el|bin|ibn|bint|abu|abd|de|van|von|da|ul|of|for|the)";
    Regex::new(&format!(
        r"{word}(?:[^\S\n]+(?:{particle}[^\S\n]+)*{word})*"
    ))
    .expect("name pattern is valid")
});

/// Finds and resolves the actors named in `body`.
pub fn find(body: &str, knowledge: &Knowledge) -> Vec<Actor> {
    let folded = Folded::new(body);
    let mut found = Found::default();
    let mut covered = Spans::default();

    for m in knowledge.actors.find(&folded) {
        let range = folded.original_range(m.start, m.end);
        let known = knowledge.actors.get(m.id);
        if known.kind == ActorKind::Person && is_place_prefixed(&body[..range.start]) {
            // "Ain al-Assad" is an air base, not Bashar al-Assad.
            covered.insert(range);
            continue;
        }
        found.add(&known.name, known.kind, &body[range.clone()], range.start);
        found.note_acronym(body, range.end, &known.name);
        covered.insert(range);
    }

    for run in NAME_RUN.find_iter(body) {
        let pieces: Vec<Range<usize>> = parts(body, run.start()..run.end())
            .into_iter()
            .flat_map(|part| uncovered(body, part, &covered))
            .collect();
        for part in pieces {
            let Some((name, kind)) = classify(body, part.clone(), knowledge) else {
                continue;
            };
            let canonical = found.add_unknown(&body[name.clone()], kind, name.start);
            found.note_acronym(body, name.end, &canonical);
            covered.insert(name);
        }
    }

    found.join_acronyms(body, &covered);
    found.join_surnames(body, &covered);
    found.into_actors()
}

/// The spans of a capitalised run to classify: the whole run when it reads as one
/// organisation's name ("Ministry of Migration and Displacement"), else its pieces between
/// connecting words ("Brigadier General Mahmoud Obeid" | "Baghdad Operations Command").
fn parts(body: &str, run: Range<usize>) -> Vec<Range<usize>> {
    let text = &body[run.clone()];
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let has_title = tokens.iter().any(|t| is_title(t));
    if !has_title && is_org_name(&tokens) {
        return vec![run];
    }
    let mut out = Vec::new();
    let mut piece_start = run.start;
    let mut offset = 0;
    for token in text.split_inclusive(char::is_whitespace) {
        let word = token.trim();
        let at = run.start + offset;
        if CONNECTORS.contains(&word) {
            if at > piece_start {
                out.push(piece_start..at);
            }
            piece_start = at + token.len();
        } else if word.ends_with('.') && !is_title(word) && word.chars().count() > 2 {
            // "… in January. Michael Tran": a sentence ends inside the run.
            out.push(piece_start..at + word.len() - 1);
            piece_start = at + token.len();
        }
        offset += token.len();
    }
    if run.end > piece_start {
        out.push(piece_start..run.end);
    }
    out.into_iter()
        .map(|r| {
            let trimmed = body[r.clone()].trim_end();
            r.start..r.start + trimmed.len()
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// The pieces of `span` outside the names already found, trimmed of spaces
/// ("Navy Cmdr. Jessica Lindgren" less a known "Navy" → "Cmdr. Jessica Lindgren").
fn uncovered(body: &str, span: Range<usize>, covered: &Spans) -> Vec<Range<usize>> {
    let mut pieces = vec![span.clone()];
    for c in covered.overlapping(&span) {
        pieces = pieces
            .into_iter()
            .flat_map(|p| {
                if c.end <= p.start || p.end <= c.start {
                    vec![p]
                } else {
                    vec![p.start..c.start.max(p.start), c.end.min(p.end)..p.end]
                }
            })
            .collect();
    }
    pieces
        .into_iter()
        .filter_map(|p| {
            let text = &body[p.clone()];
            let lead = text.len() - text.trim_start().len();
            let trimmed = text.trim();
            (!trimmed.is_empty()).then(|| p.start + lead..p.start + lead + trimmed.len())
        })
        .collect()
}

/// Byte ranges of the body already claimed by a name, kept sorted so that overlap tests stay
/// logarithmic however long the text is.
#[derive(Default)]
struct Spans(std::collections::BTreeMap<usize, usize>);

impl Spans {
    fn insert(&mut self, range: Range<usize>) {
        if !range.is_empty() && !self.overlaps(&range) {
            self.0.insert(range.start, range.end);
        }
    }

    /// The claimed ranges that overlap `range`, in order.
    fn overlapping(&self, range: &Range<usize>) -> Vec<Range<usize>> {
        // Ranges do not overlap each other, so their ends are ordered like their starts.
        let mut found: Vec<Range<usize>> = self
            .0
            .range(..range.end)
            .rev()
            .take_while(|(_, &end)| end > range.start)
            .map(|(&start, &end)| start..end)
            .collect();
        found.reverse();
        found
    }

    fn overlaps(&self, range: &Range<usize>) -> bool {
        !self.overlapping(range).is_empty()
    }
}

/// Lowercase words that join capitalised words into one run.
const CONNECTORS: &[&str] = &["of", "for", "and", "the"];

/// True when tokens read as an organisation: closed by a head noun, or built on one
/// ("Ministry of …", "Office of the …", "Government of Iraq").
fn is_org_name(tokens: &[&str]) -> bool {
    if tokens.len() < 2 {
        return false;
    }
    let last = tokens[tokens.len() - 1].trim_end_matches(['.', ',']);
    ORG_HEADS.contains(&last)
        || tokens
            .windows(2)
            .any(|w| (ORG_HEADS.contains(&w[0]) || w[0] == "Government") && w[1] == "of")
}

/// Decides whether a span of capitalised words is an unknown actor, and trims it to the name.
fn classify(
    body: &str,
    span: Range<usize>,
    knowledge: &Knowledge,
) -> Option<(Range<usize>, ActorKind)> {
    let run = &body[span.clone()];
    let tokens: Vec<&str> = run.split_whitespace().collect();
    if knowledge.outlets.resolve(run).is_some() {
        return None;
    }
    if is_org_name(&tokens) && !tokens.iter().any(|t| is_title(t)) {
        let skip = ["The ", "the "]
            .iter()
            .find_map(|p| run.strip_prefix(p).map(|_| p.len()))
            .unwrap_or(0);
        let name = &run[skip..];
        if name.split_whitespace().count() >= 2 && !is_generic_org(name) {
            return Some((span.start + skip..span.end, ActorKind::Organisation));
        }
        return None;
    }
    // People: the name follows the last title or non-name word ("Iraq's Lieutenant General
    // Qassem Soleimani" → "Qassem Soleimani"); it has 2-4 capitalised tokens.
    let is_lead =
        |t: &&str| NOT_NAMES.contains(t) || is_title(t) || t.ends_with("’s") || t.ends_with("'s");
    let first_name = tokens.iter().rposition(is_lead).map_or(0, |i| i + 1);
    let name_tokens = &tokens[first_name..];
    if !(2..=4).contains(&name_tokens.len())
        || !name_tokens[0].starts_with(char::is_uppercase)
        || name_tokens
            .iter()
            .any(|t| ORG_HEADS.contains(t) || CONNECTORS.contains(t))
        || name_tokens
            .iter()
            .filter(|t| !PARTICLES.contains(&t.to_lowercase().as_str()))
            .any(|t| t.chars().filter(|c| c.is_uppercase()).count() > 2 || t.ends_with('.'))
    {
        return None;
    }
    let offset = run.find(name_tokens[0])?;
    let last = name_tokens[name_tokens.len() - 1];
    let end = run.rfind(last)? + last.len();
    let before = &body[..span.start];
    let after = &body[span.end..];
    let titled = tokens[..first_name].iter().any(|t| is_title(t)) || ends_with_title(before);
    let speaks = starts_with_speech(after) || ends_with_speech(before);
    let appositive = is_person_appositive(after);
    (titled || speaks || appositive)
        .then_some((span.start + offset..span.start + end, ActorKind::Person))
}

/// ", a member of …", ", the spokesman …", ", 31, …", ", who …": how prose introduces a person
/// after the name (but ", a city in …" introduces a place).
fn is_person_appositive(after: &str) -> bool {
    let Some(clause) = after.strip_prefix(", ") else {
        return false;
    };
    let mut words = clause.split_whitespace();
    let first = words.next().unwrap_or("");
    let second = words
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    let noun = if matches!(first, "a" | "an" | "the") {
        second
    } else {
        first
    };
    const PLACES: &[&str] = &[
        "city",
        "town",
        "district",
        "province",
        "village",
        "neighbourhood",
        "neighborhood",
        "area",
        "region",
        "country",
        "base",
        "camp",
        "airport",
        "port",
        "river",
        "mountain",
        "crossing",
        "street",
        "square",
        "capital",
        "governorate",
        "desert",
        "border",
        "group",
        "militia",
        "coalition",
        "party",
        "bloc",
        "movement",
        "organisation",
        "organization",
    ];
    let opens_clause = matches!(first, "a" | "an" | "the" | "who" | "whose" | "aged")
        || first.trim_end_matches(',').parse::<u32>().is_ok()
        || first.ends_with("-year-old");
    opens_clause
        && !PLACES.contains(&noun)
        && noun.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
}

/// True when the word before a name makes it a place: "Ain al-Assad", "Camp Speicher".
fn is_place_prefixed(before: &str) -> bool {
    const PLACE_WORDS: &[&str] = &[
        "Ain", "Ayn", "Camp", "Tal", "Tell", "Jabal", "Jebel", "Mount", "Wadi", "Bab", "Fort",
        "Base", "Kafr", "Bir", "Ras", "Qasr", "Deir", "Tel",
    ];
    before
        .split_whitespace()
        .next_back()
        .is_some_and(|w| PLACE_WORDS.contains(&w))
}

fn is_title(token: &str) -> bool {
    TITLES.contains(&token)
}

/// "Security Forces", "Foreign Ministry": two generic words name no particular body.
fn is_generic_org(name: &str) -> bool {
    name.split_whitespace().count() <= 2
        && name.split_whitespace().all(|t| {
            NOT_NAMES.contains(&t)
                || ORG_HEADS.contains(&t)
                || t == "of"
                || t == "the"
                || t == "and"
        })
}

fn ends_with_title(before: &str) -> bool {
    let tail: Vec<&str> = before.split_whitespace().rev().take(2).collect();
    let is_title_word = |w: &str| {
        let w = w.trim_end_matches(',');
        TITLES.iter().any(|t| t.eq_ignore_ascii_case(w))
    };
    tail.first().is_some_and(|w| is_title_word(w))
        || (tail.len() >= 2 && is_title_word(&format!("{} {}", tail[1], tail[0])))
}

fn ends_with_speech(before: &str) -> bool {
    let before = before.trim_end();
    ["said", "says", "according to", "told by", "quoted"]
        .iter()
        .any(|verb| before.ends_with(verb))
}

fn starts_with_speech(after: &str) -> bool {
    let next = after
        .trim_start_matches([',', ' '])
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    SPEECH.contains(&next)
}

/// Actors collected while reading one body, keyed by canonical name.
#[derive(Default)]
struct Found {
    actors: Vec<(Actor, usize, bool)>,
    by_name: HashMap<String, usize>,
    acronyms: Vec<(String, String)>,
}

impl Found {
    fn add(&mut self, name: &str, kind: ActorKind, mention: &str, at: usize) {
        let idx = *self.by_name.entry(name.to_string()).or_insert_with(|| {
            self.actors.push((
                Actor {
                    name: name.to_string(),
                    kind,
                    mentions: Vec::new(),
                },
                at,
                true,
            ));
            self.actors.len() - 1
        });
        let entry = &mut self.actors[idx];
        entry.1 = entry.1.min(at);
        if !entry.0.mentions.iter().any(|m| m == mention) {
            entry.0.mentions.push(mention.to_string());
        }
    }

    /// Adds a name found by its context; variants of an earlier unknown name join it.
    /// Returns the canonical name it was filed under.
    fn add_unknown(&mut self, name: &str, kind: ActorKind, at: usize) -> String {
        let key = skeleton(name);
        let existing = self
            .actors
            .iter()
            .find(|(a, _, known)| !known && a.kind == kind && skeleton(&a.name) == key)
            .map(|(a, _, _)| a.name.clone());
        let canonical = existing.unwrap_or_else(|| name.to_string());
        let before = self.actors.len();
        self.add(&canonical, kind, name, at);
        if self.actors.len() > before {
            self.actors.last_mut().expect("just pushed").2 = false;
        }
        canonical
    }

    /// Remembers an acronym defined right after a name: "Joint Crisis Coordination Centre (JCC)".
    fn note_acronym(&mut self, body: &str, end: usize, canonical: &str) {
        let rest = &body[end..];
        let Some(inner) = rest
            .strip_prefix(" (")
            .and_then(|r| r.split_once(')'))
            .map(|(a, _)| a)
        else {
            return;
        };
        let is_acronym = (2..=10).contains(&inner.len())
            && inner
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            && inner.chars().filter(char::is_ascii_uppercase).count() >= 2;
        if is_acronym {
            self.acronyms
                .push((inner.to_string(), canonical.to_string()));
        }
    }

    /// Acronyms defined in the body count as mentions of their actor wherever they stand.
    fn join_acronyms(&mut self, body: &str, covered: &Spans) {
        let acronyms = std::mem::take(&mut self.acronyms);
        for (acronym, canonical) in &acronyms {
            let Some(&idx) = self.by_name.get(canonical) else {
                continue;
            };
            let whole_word = body.match_indices(acronym.as_str()).any(|(at, _)| {
                let end = at + acronym.len();
                let before_ok = !body[..at].ends_with(|c: char| c.is_alphanumeric());
                let after_ok = !body[end..].starts_with(|c: char| c.is_alphanumeric());
                before_ok && after_ok && !covered.overlaps(&(at..end))
            });
            let mentions = &mut self.actors[idx].0.mentions;
            if whole_word && !mentions.contains(acronym) {
                mentions.push(acronym.clone());
            }
        }
    }

    /// Surname-only mentions (`Rasool said`) join a person named in full earlier.
    fn join_surnames(&mut self, body: &str, covered: &Spans) {
        let surnames: Vec<(String, usize)> = self
            .actors
            .iter()
            .enumerate()
            .filter(|(_, (a, _, _))| a.kind == ActorKind::Person)
            .filter_map(|(i, (a, _, _))| surname_key(&a.name).map(|s| (s, i)))
            .collect();
        let mut joined: Vec<(usize, String, usize)> = Vec::new();
        for run in NAME_RUN.find_iter(body) {
            if covered.overlaps(&(run.start()..run.end())) {
                continue;
            }
            // "Allawi", "Mr Allawi", "Prime Minister Barzani": the last word after titles.
            let tokens: Vec<&str> = run.as_str().split_whitespace().collect();
            let Some((&last, lead)) = tokens.split_last() else {
                continue;
            };
            if !lead.iter().all(|t| is_title(t) || NOT_NAMES.contains(t)) {
                continue;
            }
            let Some(key) = surname_key(last) else {
                continue;
            };
            let matches: Vec<usize> = surnames
                .iter()
                .filter(|(s, _)| *s == key)
                .map(|&(_, i)| i)
                .collect();
            if let [only] = matches[..] {
                joined.push((only, last.to_string(), run.start()));
            }
        }
        for (idx, mention, at) in joined {
            let (actor, first, _) = &mut self.actors[idx];
            if *first < at && !actor.mentions.contains(&mention) {
                actor.mentions.push(mention);
            }
        }
    }

    fn into_actors(self) -> Vec<Actor> {
        let mut actors = self.actors;
        actors.sort_by_key(|(_, at, _)| *at);
        actors.into_iter().map(|(a, _, _)| a).collect()
    }
}

/// The folded last name of a person, without an `al-` article (`Muqtada al-Sadr` → `sadr`).
fn surname_key(name: &str) -> Option<String> {
    let name = name
        .strip_suffix("’s")
        .or_else(|| name.strip_suffix("'s"))
        .unwrap_or(name);
    let key = fold::key(name);
    let last = key.rsplit(' ').next()?;
    let last = ["al", "el"]
        .iter()
        .find_map(|p| {
            last.strip_prefix(p)
                .filter(|_| key.ends_with(&format!("{p} {last}")))
        })
        .unwrap_or(last);
    (last.len() >= 3 && !PARTICLES.contains(&last)).then(|| last.to_string())
}

/// A rough consonant skeleton that spelling variants of one transliterated name share
/// (`Yahya Rasool` ~ `Yehia Rasul`).
fn skeleton(name: &str) -> String {
    let key = fold::key(name);
    let mut out = String::new();
    for word in key.split(' ').filter(|w| !PARTICLES.contains(w)) {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut prev = None;
        for (i, c) in word.chars().enumerate() {
            let c = match c {
                'q' => 'k',
                'z' => 'd',
                c => c,
            };
            if (i > 0 && "aeiouyhw".contains(c)) || prev == Some(c) {
                continue;
            }
            out.push(c);
            prev = Some(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(body: &str) -> Vec<(String, Vec<String>)> {
        find(body, &Knowledge::builtin())
            .into_iter()
            .map(|a| (a.name, a.mentions))
            .collect()
    }

    #[test]
    fn unknown_people_are_found_from_titles_and_speech() {
        let body = "Brigadier General Yahya Rasool, spokesman for the military, said the rockets \
                    landed nearby. Governor Ahmed Karim said no one was hurt. Rasool said an \
                    investigation was under way.";
        let found = names(body);
        let rasool = found
            .iter()
            .find(|(n, _)| n == "Yahya Rasool")
            .expect("Yahya Rasool");
        assert_eq!(
            rasool.1,
            vec!["Yahya Rasool".to_string(), "Rasool".to_string()]
        );
        assert!(found.iter().any(|(n, _)| n == "Ahmed Karim"), "{found:?}");
    }

    #[test]
    fn unknown_organisations_are_found_by_head_nouns() {
        let found = names("The Anbar Provincial Council met on Monday.");
        assert!(
            found.iter().any(|(n, _)| n == "Anbar Provincial Council"),
            "{found:?}"
        );
    }

    #[test]
    fn places_months_and_plain_words_are_not_actors() {
        let found =
            names("In Baghdad on Monday, the Green Zone was quiet. Security sources said little.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn names_inside_place_names_are_not_people() {
        let found = names("Rockets hit Ain al-Assad air base. Bashar al-Assad was not mentioned.");
        let assad: Vec<_> = found.iter().filter(|(n, _)| n.contains("Assad")).collect();
        assert_eq!(assad.len(), 1, "{found:?}");
        assert_eq!(assad[0].1, vec!["Bashar al-Assad".to_string()]);
    }

    #[test]
    fn spelling_variants_of_an_unknown_name_collapse() {
        assert_eq!(skeleton("Yahya Rasool"), skeleton("Yehia Rasul"));
        assert_ne!(skeleton("Ahmed Karim"), skeleton("Ahmed Kareem Hassan"));
    }
}
