//! Extraction quality: the seeds field by field, and the held-out fixtures in other outlets'
//! styles (`tests/fixtures/articles/*.txt` with their expected fields in `*.json`).
//!
//! `cargo test --test extraction -- --nocapture` prints the per-field accuracy table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gz_search::{article::Article, parse, Knowledge};
use serde_json::Value;

fn parse_file(path: &Path, knowledge: &Knowledge) -> Article {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = gz_search::corpus::decode(&bytes).expect("fixture is text");
    parse(path, &text, knowledge)
}

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name)
}

/// Every mention of every actor, with the actor's canonical name.
fn mentions(article: &Article) -> Vec<(String, String)> {
    article
        .actors
        .iter()
        .flat_map(|a| {
            std::iter::once((a.name.clone(), a.name.clone()))
                .chain(a.mentions.iter().map(move |m| (m.clone(), a.name.clone())))
        })
        .collect()
}

/// The actor a mention resolved to. An expected mention written with a title ("President
/// Biden", "Mr. Zarif") matches the name found after the title.
fn actor_of(article: &Article, mention: &str) -> Option<String> {
    let all = mentions(article);
    let exact = all.iter().find(|(m, _)| m.eq_ignore_ascii_case(mention));
    let after_title = || {
        all.iter().find(|(m, _)| {
            mention.len() > m.len()
                && mention
                    .to_lowercase()
                    .ends_with(&format!(" {}", m.to_lowercase()))
        })
    };
    exact.or_else(after_title).map(|(_, name)| name.clone())
}

#[test]
fn seeds_are_extracted_field_by_field() {
    let k = Knowledge::builtin();
    let cases = [
        ("000_eab3ddcf4eff578d.txt", Some("WION"), Some("2021-07-29"), Some("explicit"), "Rockets fired near US embassy in Baghdad"),
        ("001_a2b78a51b4fe9449.txt", Some("SouthFront"), Some("2021-07-29"), Some("inferred"), "Two Rockets Target U.S. Embassy In Baghdad In Rejection Of “Training Mission”"),
        ("002_e878f6bddba187dd.txt", Some("Middle East Monitor"), Some("2020-11-18"), Some("explicit"), "US embassy in Baghdad targeted by rockets after announcement of troop withdrawal"),
        ("003_67ae329aaebf6e6d.txt", Some("CNN"), None, None, "Several rockets hit Baghdad’s fortified Green Zone, including US embassy, and wound two civilians"),
        ("004_10996d0db3873b60.txt", Some("Press TV"), Some("2020-11-18"), Some("explicit"), "Iraqi military says four rockets struck Baghdad's Green Zone"),
    ];
    for (file, outlet, date, source, title) in cases {
        let a = parse_file(&seed(file), &k);
        assert_eq!(a.outlet.as_deref(), outlet, "{file}: outlet");
        assert_eq!(
            a.date.map(|d| d.to_string()).as_deref(),
            date,
            "{file}: date"
        );
        assert_eq!(
            a.date_source.map(|s| s.as_str()),
            source,
            "{file}: date_source"
        );
        assert_eq!(a.title.as_deref(), Some(title), "{file}: title");
    }
    let host = parse_file(&seed("004_10996d0db3873b60.txt"), &k).host;
    assert_eq!(host.as_deref(), Some("GlobalSecurity.org"));
}

#[test]
fn seed_bodies_hold_the_article_and_none_of_the_chrome() {
    let k = Knowledge::builtin();
    // (file, first words of the body, last words of the body)
    let cases = [
        (
            "000_eab3ddcf4eff578d.txt",
            "Attacks on US interests",
            "will be purely nominal.",
        ),
        (
            "001_a2b78a51b4fe9449.txt",
            "In the early hours of July 29th",
            "towards Iranian-backed militias.",
        ),
        (
            "002_e878f6bddba187dd.txt",
            "The United States’ embassy in Iraq’s capital",
            "at 2,500 in those countries.",
        ),
        (
            "003_67ae329aaebf6e6d.txt",
            "US personnel in the area are safe",
            "with additional details Thursday.",
        ),
        (
            "004_10996d0db3873b60.txt",
            "The Iraqi military says four rockets",
            "troops stationed across Iraq.",
        ),
    ];
    for (file, first, last) in cases {
        let raw = std::fs::read_to_string(seed(file)).unwrap();
        let a = parse_file(&seed(file), &k);
        assert!(
            a.body.starts_with(first),
            "{file}: body starts {:?}",
            &a.body[..80]
        );
        assert!(
            a.body.ends_with(last),
            "{file}: body ends {:?}",
            &a.body[a.body.len() - 80..]
        );
        // Nothing of the article is lost: every prose line between the two ends is kept,
        // apart from related-article links.
        let start = raw.find(first).unwrap();
        let end = raw.find(last).unwrap();
        for line in raw[start..end].lines().map(str::trim) {
            let is_link = line.to_lowercase().starts_with("read:");
            if line.split_whitespace().count() >= 12 && !is_link {
                assert!(a.body.contains(line), "{file}: lost {line:?}");
            }
        }
    }
    // Chrome of each seed (read from the files, so the parser never sees these strings).
    let chrome = [
        ("000_eab3ddcf4eff578d.txt", vec![0, 2, 3, 4, 5, 6]),
        ("001_a2b78a51b4fe9449.txt", vec![1, 2]),
        ("002_e878f6bddba187dd.txt", vec![0, 1, 3, 4]),
        ("004_10996d0db3873b60.txt", vec![0, 1, 2, 5]),
    ];
    for (file, line_numbers) in chrome {
        let raw = std::fs::read_to_string(seed(file)).unwrap();
        let lines: Vec<&str> = raw.lines().filter(|l| !l.trim().is_empty()).collect();
        let a = parse_file(&seed(file), &k);
        for n in line_numbers {
            assert!(
                !a.body.contains(lines[n].trim()),
                "{file}: chrome {:?} in body",
                lines[n]
            );
        }
        let last_line = lines.last().unwrap().trim();
        assert!(
            !a.body.contains(last_line),
            "{file}: trailer {last_line:?} in body"
        );
    }
}

#[test]
fn seed_actors_resolve_to_one_canonical_name_each() {
    let k = Knowledge::builtin();
    let mut canonical: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let groups: [(&str, &[&str]); 6] = [
        (
            "000_eab3ddcf4eff578d.txt",
            &["Kadhemi", "Biden", "Conquest Alliance", "Hashed-al-Shaabi"],
        ),
        (
            "001_a2b78a51b4fe9449.txt",
            &[
                "Mustafa al-Kadhimi",
                "Qassem Soleimani",
                "Abu Mahdi al-Muhandis",
                "Popular Mobilization Units",
                "Daesh",
                "Joe Biden",
            ],
        ),
        (
            "002_e878f6bddba187dd.txt",
            &[
                "Mustafa Al-Kadhimi",
                "Popular Mobilisation Forces",
                "Kata’ib Hezbollah",
                "Asaib Ahl al-Haq",
                "Donald Trump",
            ],
        ),
        (
            "003_67ae329aaebf6e6d.txt",
            &[
                "Qasem Soleimani",
                "Barham Salih",
                "John Kirby",
                "Muqtada Al-Sadr",
            ],
        ),
        (
            "004_10996d0db3873b60.txt",
            &[
                "Qassem Soleimani",
                "Abu Mahdi al-Muhandis",
                "Popular Mobilization Units",
                "Hashd al-Sha'abi",
                "Donald Trump",
            ],
        ),
        ("002_e878f6bddba187dd.txt", &["PMF"]),
    ];
    for (file, expected) in groups {
        let a = parse_file(&seed(file), &k);
        for mention in expected {
            let name = actor_of(&a, mention).unwrap_or_else(|| {
                panic!("{file}: {mention:?} not an actor in {:?}", mentions(&a))
            });
            canonical.entry(mention).or_default().push(name);
        }
    }
    let name = |m: &str| canonical[m][0].clone();
    assert_eq!(name("Kadhemi"), name("Mustafa al-Kadhimi"));
    assert_eq!(name("Kadhemi"), name("Mustafa Al-Kadhimi"));
    assert_eq!(name("Qasem Soleimani"), name("Qassem Soleimani"));
    assert_eq!(name("Hashed-al-Shaabi"), name("Popular Mobilization Units"));
    assert_eq!(
        name("Hashd al-Sha'abi"),
        name("Popular Mobilisation Forces")
    );
    assert_eq!(name("PMF"), name("Popular Mobilisation Forces"));
    assert_eq!(
        name("Conquest Alliance"),
        k.actors.resolve("Fatah Alliance").unwrap().name
    );
    // Readers' comments and their authors never become actors.
    let a = parse_file(&seed("001_a2b78a51b4fe9449.txt"), &k);
    let raw = std::fs::read_to_string(seed("001_a2b78a51b4fe9449.txt")).unwrap();
    let commenter = raw.lines().rev().nth(3).unwrap().trim();
    assert!(
        actor_of(&a, commenter).is_none(),
        "comment author {commenter:?} is an actor"
    );
}

// --- held-out fixtures ----------------------------------------------------------------------

#[derive(Default)]
struct Tally {
    right: usize,
    total: usize,
    misses: Vec<String>,
}

impl Tally {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.total += 1;
        if ok {
            self.right += 1;
        } else {
            self.misses.push(what());
        }
    }

    fn accuracy(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

fn fixtures() -> Vec<(PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures dir") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let expected = path.with_extension("json");
            let json = std::fs::read_to_string(&expected)
                .unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
            out.push((path, serde_json::from_str(&json).expect("fixture JSON")));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn fixtures_in_other_outlets_styles_meet_the_quality_bar() {
    let k = Knowledge::builtin();
    let canonical_outlet = |name: &str| {
        k.outlets
            .resolve(name)
            .map_or_else(|| name.to_string(), |o| o.name.clone())
    };
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let cases = fixtures();
    assert!(cases.len() >= 25, "only {} fixtures", cases.len());
    for (path, want) in &cases {
        let a = parse_file(path, &k);
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let s = |v: &Value| v.as_str().map(str::to_string);

        let want_outlet = s(&want["outlet"]).map(|o| canonical_outlet(&o));
        tallies
            .entry("outlet")
            .or_default()
            .check(a.outlet == want_outlet, || {
                format!("{name}: outlet {:?}, want {want_outlet:?}", a.outlet)
            });
        let want_host = s(&want["host"]).map(|o| canonical_outlet(&o));
        tallies
            .entry("host")
            .or_default()
            .check(a.host == want_host, || {
                format!("{name}: host {:?}, want {want_host:?}", a.host)
            });
        let got_date = a.date.map(|d| d.to_string());
        let want_date = s(&want["date"]);
        tallies
            .entry("date")
            .or_default()
            .check(got_date == want_date, || {
                format!("{name}: date {got_date:?}, want {want_date:?}")
            });
        let got_source = a.date_source.map(|d| d.as_str().to_string());
        let want_source = s(&want["date_source"]);
        tallies
            .entry("date_source")
            .or_default()
            .check(got_source == want_source, || {
                format!("{name}: date_source {got_source:?}, want {want_source:?}")
            });
        let want_title = s(&want["title"]).map(|t| squash(&t));
        let got_title = a.title.as_deref().map(squash);
        tallies
            .entry("title")
            .or_default()
            .check(got_title == want_title, || {
                format!("{name}: title {got_title:?}, want {want_title:?}")
            });

        let body = squash(&a.body);
        let first = squash(want["body_first"].as_str().unwrap_or_default());
        let last = squash(want["body_last"].as_str().unwrap_or_default());
        tallies
            .entry("body start")
            .or_default()
            .check(body.starts_with(&first), || {
                format!(
                    "{name}: body starts {:?}",
                    body.chars().take(70).collect::<String>()
                )
            });
        tallies
            .entry("body end")
            .or_default()
            .check(body.ends_with(&last), || {
                format!(
                    "{name}: body ends {:?}",
                    body.chars()
                        .rev()
                        .take(70)
                        .collect::<String>()
                        .chars()
                        .rev()
                        .collect::<String>()
                )
            });
        for chrome in want["body_excludes"].as_array().into_iter().flatten() {
            let chrome = squash(chrome.as_str().unwrap_or_default());
            tallies
                .entry("body clean")
                .or_default()
                .check(!body.contains(&chrome), || {
                    format!("{name}: chrome in body: {chrome:?}")
                });
        }
        for mention in want["actors"].as_array().into_iter().flatten() {
            let mention = mention.as_str().unwrap_or_default();
            tallies
                .entry("actor recall")
                .or_default()
                .check(actor_of(&a, mention).is_some(), || {
                    format!("{name}: actor {mention:?} not found")
                });
        }
        for group in want["same_actor"].as_array().into_iter().flatten() {
            let names: Vec<Option<String>> = group
                .as_array()
                .into_iter()
                .flatten()
                .map(|m| actor_of(&a, m.as_str().unwrap_or_default()))
                .collect();
            let ok = names.iter().all(|n| n.is_some() && *n == names[0]);
            tallies
                .entry("actor variants")
                .or_default()
                .check(ok, || format!("{name}: {group} resolve to {names:?}"));
        }
        let all = mentions(&a);
        for bad in want["not_actors"].as_array().into_iter().flatten() {
            let bad = bad.as_str().unwrap_or_default().to_lowercase();
            let hit = all.iter().find(|(m, _)| m.to_lowercase() == bad);
            tallies
                .entry("not actors")
                .or_default()
                .check(hit.is_none(), || {
                    format!("{name}: {bad:?} reported as actor {hit:?}")
                });
        }
    }

    println!(
        "\nfield            accuracy   (right/total) over {} fixtures",
        cases.len()
    );
    for (field, t) in &tallies {
        println!(
            "{field:<16} {:>8.3}   ({}/{})",
            t.accuracy(),
            t.right,
            t.total
        );
    }
    for (field, t) in &tallies {
        for miss in &t.misses {
            println!("  miss [{field}] {miss}");
        }
    }
    // The bar each field must hold; raise these as extraction improves.
    let bar = [
        ("outlet", 0.95),
        ("host", 0.95),
        ("date", 0.95),
        ("date_source", 0.95),
        ("title", 0.9),
        ("body start", 0.95),
        ("body end", 0.95),
        ("body clean", 0.97),
        ("actor recall", 0.88),
        ("actor variants", 0.85),
        ("not actors", 0.97),
    ];
    for (field, min) in bar {
        let got = tallies.get(field).map_or(1.0, Tally::accuracy);
        assert!(got >= min, "{field}: accuracy {got:.3} below {min}");
    }
}
