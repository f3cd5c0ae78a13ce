//! A deterministic corpus of messy news pages, for benchmarks.
//!
//! ```sh
//! cargo run --release --example corpus -- --docs 100000 --seed 1 --out /tmp/gzbench/c100000
//! ```
//!
//! writes `OUT/txt/NNN/ID.txt` (1,000 files per folder), each a page flattened to text with its
//! chrome (site name, menus, cookie banners), a title, a byline, a publication date in one of
//! many forms, a dateline in the outlet's style (`BAGHDAD, March 4 (Reuters) -`, `(AFP) —`), a
//! body drawn from a Zipf vocabulary (English news words, then generated pseudo-words for the
//! long tail), names in their romanisation variants, and trailing related links, comments and
//! footers; and `OUT/corpus.jsonl`, the same documents already parsed (`id`, `outlet`, `date`,
//! `year`, `title`, `body`), which is what the peers index.
//!
//! Document `i` depends only on `(seed, i)`: the generator is a self-contained splitmix64, so
//! the output is byte-identical across runs, machines and thread counts, and a 10k corpus is a
//! prefix of the 100k one with the same seed. Generation is parallel (rayon, by folder).

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

/// splitmix64: tiny, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Self {
        let mut rng =
            Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03);
        rng.next();
        rng
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

const FUNCTION_WORDS: &str = "the of and to a in that is was he for it with as his on be at by \
said had this not are but from or have an they which one were you all her she there would their \
we him been has when who will more no if out so up what its about into than them can only other \
new some could time these two may then do first any my now such like our over even most made \
after also did many before must through back years where much your way well down should because \
each just those people how too little state good very make world still own see men work long get \
here between both life being under never day same another know while last might us great old \
year off come since against go came right used take three government officials told during \
without however including week around later part several local four earlier five further city \
country";

/// Real news words; their place here fixes their Zipf rank (so their corpus frequency) whatever
/// the seed.
const NEWS_WORDS: &str = "security forces military attack minister president killed official \
spokesman statement according reported region troops foreign international war militia attacks \
strike coalition protest defence ministry parliament prime wounded intelligence commander \
operation deal nuclear talks agreement ceasefire diplomatic leaders force soldiers police \
violence conflict missile drone army province border oil economy crisis elections election \
protesters demonstrators civilians casualties injured arrested detained accused condemned warned \
vowed retaliation assassination armed groups paramilitary insurgents terrorist terrorism allies \
pressure withdrawal presence regional threat targeted strikes airstrike explosion blast bomb \
convoy checkpoint patrol ambush clashes fighters rebels occupation resistance sovereignty envoy \
ambassador diplomat diplomats consulate mission negotiations enrichment uranium inspectors \
sanctions tanker shipping vessel navy naval seized tensions escalation response reprisal revenge \
mourners funeral anniversary rally demonstration curfew crackdown unrest reform corruption \
cabinet resignation budget salaries electricity shortages inflation currency reconstruction \
humanitarian aid refugees displaced camps pandemic vaccine lockdown hospital court ruling \
sources witnesses residents district village highway airport compound headquarters factions \
spokeswoman analysts observers lawmakers bloc coalition agency report investigation";

const SYLLABLES: &[&str] = &[
    "ba", "ka", "ra", "ma", "ta", "di", "ni", "li", "su", "mu", "ho", "zo", "fe", "qe", "sha",
    "kha", "dar", "mir", "zan", "bel", "tor", "vin", "sel", "gar", "lum", "pes", "an", "el", "or",
    "is",
];

/// People and groups, each with the spellings outlets actually print.
const ACTORS: &[&[&str]] = &[
    &[
        "Mustafa al-Kadhimi",
        "Kadhimi",
        "Kadhemi",
        "al-Kadhimi",
        "Mustafa Kadhemi",
        "al-Kazemi",
    ],
    &[
        "Qassem Soleimani",
        "Qasem Soleimani",
        "Ghasem Soleimani",
        "Soleimani",
        "Suleimani",
    ],
    &[
        "Abu Mahdi al-Muhandis",
        "al-Muhandis",
        "Abu Mahdi al-Mohandes",
        "Muhandis",
    ],
    &[
        "Kataib Hezbollah",
        "Kata'ib Hizballah",
        "Kataeb Hezbollah",
        "KH",
    ],
    &["Hezbollah", "Hizbollah", "Hizballah", "Hizbullah"],
    &[
        "Popular Mobilization Forces",
        "PMF",
        "PMU",
        "Hashd al-Shaabi",
        "al-Hashd al-Shaabi",
    ],
    &["Moqtada al-Sadr", "Muqtada al-Sadr", "Sadr", "al-Sadr"],
    &[
        "Ali Khamenei",
        "Ayatollah Khamenei",
        "Khamenei",
        "Ali Khamene'i",
    ],
    &[
        "Ali al-Sistani",
        "Grand Ayatollah Sistani",
        "al-Sistani",
        "Sistani",
    ],
    &["Qais al-Khazali", "Qais Khazali", "al-Khazaali", "Khazali"],
    &["Mohammad Javad Zarif", "Javad Zarif", "Zarif"],
    &[
        "Houthis",
        "Huthis",
        "Ansarullah",
        "Ansar Allah",
        "Houthi rebels",
    ],
    &[
        "Hassan Nasrallah",
        "Nasrallah",
        "Nasrullah",
        "Sayyed Hassan Nasrallah",
    ],
    &["Recep Tayyip Erdogan", "Erdogan", "Erdoğan"],
    &["Bashar al-Assad", "Assad", "al-Assad", "Bashar Assad"],
    &["Islamic State", "ISIS", "ISIL", "Daesh", "IS"],
    &[
        "Mohammed Shia al-Sudani",
        "al-Sudani",
        "Sudani",
        "Mohammed al-Sudani",
    ],
    &["Barham Salih", "Barham Saleh", "Salih"],
    &["Ebrahim Raisi", "Raisi", "Ibrahim Raisi", "Raeisi"],
    &["Hassan Rouhani", "Rouhani", "Rohani"],
    &["Mike Pompeo", "Pompeo"],
    &["Antony Blinken", "Blinken"],
    &["Donald Trump", "Trump", "President Trump"],
    &["Joe Biden", "Biden", "President Biden"],
    &["Masoud Barzani", "Barzani", "Massoud Barzani"],
    &[
        "Islamic Revolutionary Guard Corps",
        "IRGC",
        "Revolutionary Guards",
        "Sepah",
    ],
];

const PLACES: &[&str] = &[
    "Baghdad",
    "Erbil",
    "Basra",
    "Mosul",
    "Kirkuk",
    "Najaf",
    "Karbala",
    "Nasiriyah",
    "Anbar",
    "Tehran",
    "Damascus",
    "Beirut",
    "Sanaa",
    "Aden",
    "Riyadh",
    "Ankara",
    "Idlib",
    "Aleppo",
    "Deir ez-Zor",
    "Sulaimani",
    "Duhok",
    "Diyala",
    "Tikrit",
    "Hodeidah",
    "Marib",
    "Gaza",
];

const VERBS: &[&str] = &[
    "condemns",
    "rejects",
    "warns of",
    "calls for",
    "denies",
    "welcomes",
    "vows to avenge",
    "discusses",
    "blames",
    "responds to",
    "investigates",
    "demands",
];
const OBJECTS: &[&str] = &[
    "attack on convoy",
    "rocket fire",
    "new sanctions",
    "election results",
    "protest crackdown",
    "drone strike",
    "US troop presence",
    "budget deal",
    "ceasefire talks",
    "embassy attack",
    "oil exports dispute",
    "militia raids",
    "border clashes",
    "prisoner exchange",
];

/// A real outlet and how its pages print it.
struct Outlet {
    name: &'static str,
    site: &'static str,
    style: Dateline,
    byline: &'static str,
}

#[derive(Clone, Copy)]
enum Dateline {
    /// `BAGHDAD, March 4 (Reuters) -`
    CityDateTag(&'static str, &'static str),
    /// `BAGHDAD (AP) —`
    CityTag(&'static str, &'static str),
    /// `MOSCOW, March 4. /TASS/.`
    Tass,
    /// no dateline: the outlet shows up in chrome, byline and footer only
    Bare,
}

use Dateline::*;

const OUTLETS: &[Outlet] = &[
    Outlet {
        name: "Reuters",
        site: "reuters.com",
        style: CityDateTag("Reuters", "-"),
        byline: "Reporting by {p}; Editing by {p}",
    },
    Outlet {
        name: "Associated Press",
        site: "apnews.com",
        style: CityTag("AP", "—"),
        byline: "By {P} Associated Press",
    },
    Outlet {
        name: "AFP",
        site: "afp.com",
        style: CityTag("AFP", "—"),
        byline: "By {P} with AFP",
    },
    Outlet {
        name: "Xinhua",
        site: "xinhuanet.com",
        style: CityDateTag("Xinhua", "--"),
        byline: "Source: Xinhua| Editor: {p}",
    },
    Outlet {
        name: "TASS",
        site: "tass.com",
        style: Tass,
        byline: "",
    },
    Outlet {
        name: "Al Jazeera",
        site: "aljazeera.com",
        style: Bare,
        byline: "By {P}",
    },
    Outlet {
        name: "Al Arabiya",
        site: "english.alarabiya.net",
        style: Bare,
        byline: "Al Arabiya English",
    },
    Outlet {
        name: "BBC News",
        site: "bbc.com",
        style: Bare,
        byline: "By {P}\nBBC News, {c}",
    },
    Outlet {
        name: "CNN",
        site: "edition.cnn.com",
        style: CityTag("CNN", "—"),
        byline: "By {P}, CNN",
    },
    Outlet {
        name: "The Guardian",
        site: "theguardian.com",
        style: Bare,
        byline: "{P} in {c}",
    },
    Outlet {
        name: "The New York Times",
        site: "nytimes.com",
        style: CityTag("", "—"),
        byline: "By {P}",
    },
    Outlet {
        name: "The Washington Post",
        site: "washingtonpost.com",
        style: Bare,
        byline: "By {P}",
    },
    Outlet {
        name: "Press TV",
        site: "presstv.ir",
        style: Bare,
        byline: "Press TV",
    },
    Outlet {
        name: "Tasnim News Agency",
        site: "tasnimnews.com",
        style: CityTag("Tasnim", "-"),
        byline: "",
    },
    Outlet {
        name: "Mehr News Agency",
        site: "mehrnews.com",
        style: CityTag("MNA", "-"),
        byline: "",
    },
    Outlet {
        name: "Fars News Agency",
        site: "farsnews.ir",
        style: CityTag("FNA", "-"),
        byline: "",
    },
    Outlet {
        name: "IRNA",
        site: "irna.ir",
        style: Bare,
        byline: "IRNA",
    },
    Outlet {
        name: "Rudaw",
        site: "rudaw.net",
        style: Bare,
        byline: "Rudaw",
    },
    Outlet {
        name: "Kurdistan 24",
        site: "kurdistan24.net",
        style: Bare,
        byline: "{P} | Kurdistan 24",
    },
    Outlet {
        name: "Shafaq News",
        site: "shafaq.com",
        style: CityTag("Shafaq News", "/"),
        byline: "",
    },
    Outlet {
        name: "The National",
        site: "thenationalnews.com",
        style: Bare,
        byline: "{P}\n{c}",
    },
    Outlet {
        name: "Middle East Eye",
        site: "middleeasteye.net",
        style: Bare,
        byline: "MEE staff",
    },
    Outlet {
        name: "Middle East Monitor",
        site: "middleeastmonitor.com",
        style: Bare,
        byline: "MEMO",
    },
    Outlet {
        name: "Al-Monitor",
        site: "al-monitor.com",
        style: Bare,
        byline: "{P}",
    },
    Outlet {
        name: "WION",
        site: "wionews.com",
        style: Bare,
        byline: "WION Web Team",
    },
    Outlet {
        name: "RT",
        site: "rt.com",
        style: Bare,
        byline: "RT",
    },
    Outlet {
        name: "Anadolu Agency",
        site: "aa.com.tr",
        style: CityTag("AA", "-"),
        byline: "{P}",
    },
    Outlet {
        name: "Deutsche Welle",
        site: "dw.com",
        style: Bare,
        byline: "{p} (Reuters, AFP, dpa)",
    },
    Outlet {
        name: "France 24",
        site: "france24.com",
        style: CityTag("AFP", "–"),
        byline: "",
    },
    Outlet {
        name: "The Times of Israel",
        site: "timesofisrael.com",
        style: Bare,
        byline: "By {P}",
    },
    Outlet {
        name: "Asharq Al-Awsat",
        site: "english.aawsat.com",
        style: Bare,
        byline: "{c} - {P}",
    },
    Outlet {
        name: "Arab News",
        site: "arabnews.com",
        style: CityTag("", ":"),
        byline: "{P}",
    },
];

const FIRST: &[&str] = &[
    "Ahmed", "Sarah", "John", "Maya", "Omar", "Laila", "David", "Hana", "Karim", "Emma", "Ali",
    "Nadia", "Samir", "Julia",
];
const LAST: &[&str] = &[
    "Rasheed", "Hassan", "Miller", "Davison", "Karimi", "Saleh", "Aziz", "Smith", "Coles", "Jaber",
    "Khalil", "Foster", "Mostafa", "Lane",
];

const MONTHS: &[&str] = &[
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
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The shared, seed-dependent vocabulary with its Zipf cumulative weights.
struct Vocab {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocab {
    fn new(seed: u64, size: usize) -> Self {
        let mut rng = Rng::new(seed, u64::MAX);
        let mut words: Vec<String> = FUNCTION_WORDS
            .split_whitespace()
            .map(String::from)
            .collect();
        let news: Vec<&str> = NEWS_WORDS.split_whitespace().collect();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        let mut next_news = 0;
        while words.len() < size {
            // one real news word in every three ranks until they run out, then pseudo-words
            if next_news < news.len() && words.len().is_multiple_of(3) {
                let w = news[next_news].to_string();
                next_news += 1;
                if seen.insert(w.clone()) {
                    words.push(w);
                }
                continue;
            }
            let mut w = String::new();
            for _ in 0..rng.range(2, 4) {
                w.push_str(rng.pick(SYLLABLES));
            }
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Vocab { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().expect("vocabulary is not empty");
        let x = rng.unit() * total;
        let i = self.cumulative.partition_point(|&c| c < x);
        &self.words[i.min(self.words.len() - 1)]
    }
}

/// A topic: its own words, which actors and places it brings, and how often the benchmark's
/// query terms appear in its articles.
struct Topic {
    terms: &'static [&'static str],
    actors: &'static [usize],
    katyusha: f64,
    green_zone: f64,
    embassy: f64,
    rocket: f64,
}

const TOPICS: &[Topic] = &[
    Topic {
        terms: &[
            "launcher",
            "projectile",
            "salvo",
            "mortar",
            "sirens",
            "C-RAM",
            "air defence system",
            "Camp Taji",
            "Ain al-Asad",
            "Balad air base",
            "material damage",
        ],
        actors: &[0, 2, 3, 5, 9],
        katyusha: 0.025,
        green_zone: 0.09,
        embassy: 0.45,
        rocket: 0.8,
    },
    Topic {
        terms: &[
            "Tahrir Square",
            "teargas",
            "live rounds",
            "sit-in",
            "tuk-tuk",
            "activists",
            "snipers",
            "early elections",
            "Jumhuriya Bridge",
        ],
        actors: &[0, 6, 8, 17],
        katyusha: 0.0,
        green_zone: 0.04,
        embassy: 0.15,
        rocket: 0.02,
    },
    Topic {
        terms: &[
            "JCPOA",
            "centrifuges",
            "IAEA",
            "Vienna talks",
            "snapback",
            "Natanz",
            "Fordow",
            "sanctions relief",
            "maximum pressure",
        ],
        actors: &[7, 10, 18, 19, 20, 21, 22, 23],
        katyusha: 0.0,
        green_zone: 0.0,
        embassy: 0.2,
        rocket: 0.02,
    },
    Topic {
        terms: &[
            "Quds Force",
            "MQ-9 Reaper",
            "airport road",
            "ballistic missiles",
            "martyrdom",
            "traumatic brain injuries",
        ],
        actors: &[1, 2, 7, 22, 25, 5],
        katyusha: 0.006,
        green_zone: 0.03,
        embassy: 0.35,
        rocket: 0.3,
    },
    Topic {
        terms: &[
            "Saudi-led coalition",
            "blockade",
            "cholera",
            "famine",
            "Hodeidah port",
            "Aramco",
            "truce",
            "Stockholm agreement",
        ],
        actors: &[11],
        katyusha: 0.001,
        green_zone: 0.0,
        embassy: 0.1,
        rocket: 0.15,
    },
    Topic {
        terms: &[
            "regime forces",
            "barrel bombs",
            "de-escalation zone",
            "SDF",
            "al-Hol camp",
            "al-Tanf",
        ],
        actors: &[14, 13, 15, 4],
        katyusha: 0.004,
        green_zone: 0.0,
        embassy: 0.1,
        rocket: 0.1,
    },
    Topic {
        terms: &[
            "port explosion",
            "ammonium nitrate",
            "financial collapse",
            "lira",
            "UNIFIL",
            "blue line",
        ],
        actors: &[4, 12],
        katyusha: 0.005,
        green_zone: 0.0,
        embassy: 0.2,
        rocket: 0.1,
    },
    Topic {
        terms: &[
            "sleeper cells",
            "counter-terrorism",
            "IED",
            "roadside bomb",
            "caliphate",
            "hideout",
        ],
        actors: &[15, 5, 0],
        katyusha: 0.0,
        green_zone: 0.0,
        embassy: 0.05,
        rocket: 0.03,
    },
    Topic {
        terms: &[
            "Kurdistan Region",
            "KRG",
            "Peshmerga",
            "budget dispute",
            "disputed territories",
            "PKK",
            "referendum",
        ],
        actors: &[24, 17, 13],
        katyusha: 0.004,
        green_zone: 0.007,
        embassy: 0.15,
        rocket: 0.05,
    },
    Topic {
        terms: &[
            "embassy",
            "bilateral",
            "strategic dialogue",
            "summit",
            "delegation",
            "memorandum of understanding",
            "phone call",
        ],
        actors: &[21, 20, 10, 0, 16, 13],
        katyusha: 0.0,
        green_zone: 0.02,
        embassy: 0.95,
        rocket: 0.02,
    },
];

/// One generated document: the raw page and its ground truth.
struct Doc {
    page: String,
    json: String,
}

/// One of the topic's actors, in one of its spellings.
fn actor_name(rng: &mut Rng, topic: &Topic) -> &'static str {
    let actor = ACTORS[topic.actors[rng.below(topic.actors.len())]];
    rng.pick(actor)
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

fn sentence(rng: &mut Rng, vocab: &Vocab, topic: &Topic, out: &mut String) {
    let n = rng.range(8, 28);
    let start = out.len();
    for k in 0..n {
        if k > 0 {
            out.push(' ');
        }
        let r = rng.unit();
        if r < 0.02 {
            out.push_str(rng.pick(topic.terms));
        } else if r < 0.035 {
            let actor = ACTORS[topic.actors[rng.below(topic.actors.len())]];
            out.push_str(rng.pick(actor));
        } else if r < 0.045 {
            out.push_str(rng.pick(PLACES));
        } else if r < 0.052 {
            let _ = write!(out, "{}", rng.range(2, 2000));
        } else {
            out.push_str(vocab.word(rng));
        }
    }
    // capitalise the first letter, ASCII words only
    if let Some(c) = out[start..].chars().next() {
        if c.is_ascii_lowercase() {
            out.replace_range(start..start + 1, &c.to_ascii_uppercase().to_string());
        }
    }
    out.push_str(if rng.chance(0.05) { "?" } else { "." });
}

fn paragraph(rng: &mut Rng, vocab: &Vocab, topic: &Topic) -> String {
    let mut p = String::with_capacity(600);
    if rng.chance(0.15) {
        // a quote with its speaker
        p.push('"');
        sentence(rng, vocab, topic, &mut p);
        p.pop();
        let speaker = if rng.chance(0.5) {
            actor_name(rng, topic).to_string()
        } else {
            format!("spokesman {}", person(rng))
        };
        let _ = write!(p, ",\" said {speaker}. ");
    }
    for k in 0..rng.range(2, 5) {
        if k > 0 || !p.is_empty() {
            p.push(' ');
        }
        sentence(rng, vocab, topic, &mut p);
    }
    p.trim().to_string()
}

fn date_text(rng: &mut Rng, d: NaiveDate, hour: u32, minute: u32) -> String {
    let (y, m, day) = (d.year(), d.month() as usize, d.day());
    let mon = MONTHS[m - 1];
    let mon3 = &mon[..3];
    let wd = DAYS[d.weekday().num_days_from_monday() as usize];
    let h12 = if hour.is_multiple_of(12) {
        12
    } else {
        hour % 12
    };
    let ampm = if hour < 12 { "AM" } else { "PM" };
    match rng.below(11) {
        0 => format!("Published: {day} {mon} {y}"),
        1 => format!("{mon} {day}, {y}"),
        2 => format!("{y}-{m:02}-{day:02}"),
        3 => format!("{y}-{m:02}-{day:02}T{hour:02}:{minute:02}:00Z"),
        4 => format!("Updated: {mon3} {day}, {y}, {h12:02}:{minute:02} {ampm} IST"),
        5 => format!("{wd}, {day} {mon} {y} {h12}:{minute:02} {ampm}"),
        6 => format!(
            "{}, {day:02} {mon3} {y} {hour:02}:{minute:02}:00 +0000",
            &wd[..3]
        ),
        7 => format!("Published On {day} {mon3} {y}"),
        8 => format!(
            "{mon} {day}, {y} at {h12}:{minute:02} {}",
            ampm.to_lowercase()
        ),
        9 => format!("{day:02}.{m:02}.{y} | {hour:02}:{minute:02}"),
        _ => format!("{} {mon3} {day}, {y} {hour:02}:{minute:02}{ampm}", &wd[..3]),
    }
}

fn dateline(style: Dateline, city: &str, d: NaiveDate) -> String {
    let upper = city.to_uppercase();
    let md = format!("{} {}", MONTHS[d.month0() as usize], d.day());
    match style {
        CityDateTag(tag, dash) => format!("{upper}, {md} ({tag}) {dash} "),
        CityTag("", dash) => format!("{upper} {dash} "),
        CityTag(tag, dash) => {
            if tag == "AFP" || tag == "Shafaq News" {
                format!("{city} ({tag}) {dash} ")
            } else {
                format!("{upper} ({tag}) {dash} ")
            }
        }
        Tass => format!("{upper}, {md}. /TASS/. "),
        Bare => String::new(),
    }
}

fn headline(rng: &mut Rng, topic: &Topic, vocab: &Vocab) -> String {
    let actor = actor_name(rng, topic);
    match rng.below(4) {
        0 => format!("{actor} {} {}", rng.pick(VERBS), rng.pick(OBJECTS)),
        1 => format!(
            "{} in {}: {} {}",
            capitalise(rng.pick(OBJECTS)),
            rng.pick(PLACES),
            actor,
            rng.pick(VERBS).split(' ').next().unwrap_or("warns")
        ),
        2 => format!(
            "{} {} after {} {}",
            capitalise(vocab.word(rng)),
            rng.pick(topic.terms),
            rng.pick(OBJECTS),
            rng.pick(PLACES)
        ),
        _ => format!(
            "{} killed as {} hits {}",
            rng.range(2, 40),
            rng.pick(OBJECTS),
            rng.pick(PLACES)
        ),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn fill(template: &str, rng: &mut Rng, city: &str) -> String {
    let mut out = template.to_string();
    while out.contains("{p}") {
        let name = person(rng);
        out = out.replacen("{p}", &name, 1);
    }
    while out.contains("{P}") {
        let name = person(rng).to_uppercase();
        out = out.replacen("{P}", &name, 1);
    }
    out.replace("{c}", city)
}

fn generate(seed: u64, id: u64, vocab: &Vocab) -> Doc {
    let mut rng = Rng::new(seed, id);
    let outlet = &OUTLETS[rng.below(OUTLETS.len())];
    let topic = &TOPICS[rng.below(TOPICS.len())];
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).expect("valid date");
    let date = start + chrono::Duration::days(rng.below(6 * 365 + 1) as i64);
    let (hour, minute) = (rng.below(24) as u32, rng.below(60) as u32);
    let city = rng.pick(PLACES);
    let title = headline(&mut rng, topic, vocab);

    // body: paragraphs, with the query terms placed at the topic's rates
    let mut paragraphs: Vec<String> = (0..rng.range(3, 13))
        .map(|_| paragraph(&mut rng, vocab, topic))
        .collect();
    let add = |rng: &mut Rng, p: f64, text: &str, paragraphs: &mut Vec<String>| {
        if rng.chance(p) {
            let i = rng.below(paragraphs.len());
            paragraphs[i].push_str(&format!(" {}", text));
        }
    };
    add(
        &mut rng,
        topic.katyusha * 1.5,
        "Two Katyusha rockets landed near the compound.",
        &mut paragraphs,
    );
    add(
        &mut rng,
        topic.green_zone,
        "Sirens sounded in the heavily fortified Green Zone.",
        &mut paragraphs,
    );
    add(
        &mut rng,
        topic.embassy * 0.45,
        "The embassy said staff were safe.",
        &mut paragraphs,
    );
    add(
        &mut rng,
        topic.rocket * 0.5,
        "A rocket struck an empty lot nearby.",
        &mut paragraphs,
    );
    let body = paragraphs.join("\n\n");
    let lead = dateline(outlet.style, city, date);

    // the raw page: chrome, title, byline, date, dateline + body, boilerplate
    let mut page = String::with_capacity(body.len() + 1500);
    let chrome_lines: [&str; 6] = [
        "Skip to main content",
        "Menu",
        "Home | World | Middle East | Business | Opinion | Video | Podcasts",
        "Subscribe  Sign in",
        "We use cookies to improve your experience. Accept all",
        "Advertisement",
    ];
    let _ = writeln!(
        page,
        "{}",
        if rng.chance(0.5) {
            outlet.name.to_string()
        } else {
            format!("{} - {}", outlet.site, "Latest news")
        }
    );
    for line in chrome_lines.iter() {
        if rng.chance(0.5) {
            let _ = writeln!(page, "{line}");
        }
    }
    match rng.below(3) {
        0 => {
            let _ = writeln!(page, "\n{title} | {}\n", outlet.name);
        }
        1 => {
            let _ = writeln!(page, "\n{title} - {}\n", outlet.name);
        }
        _ => {
            let _ = writeln!(page, "\n{title}\n");
        }
    }
    if !outlet.byline.is_empty() && rng.chance(0.7) {
        let _ = writeln!(page, "{}", fill(outlet.byline, &mut rng, city));
    }
    let _ = writeln!(page, "{}\n", date_text(&mut rng, date, hour, minute));
    let mut rest = paragraphs.iter();
    if let Some(first) = rest.next() {
        let _ = writeln!(page, "{lead}{first}\n");
    }
    for (k, p) in rest.enumerate() {
        if k == 2 && rng.chance(0.4) {
            let _ = writeln!(page, "Read more: {}\n", headline(&mut rng, topic, vocab));
        }
        if k == 4 && rng.chance(0.3) {
            let _ = writeln!(page, "Advertisement\n");
        }
        let _ = writeln!(page, "{p}\n");
    }
    if rng.chance(0.6) {
        let _ = writeln!(
            page,
            "Share this article: Facebook  Twitter  WhatsApp  Email"
        );
    }
    if rng.chance(0.6) {
        let _ = writeln!(page, "\nRelated");
        for _ in 0..rng.range(2, 5) {
            let other = &TOPICS[rng.below(TOPICS.len())];
            let _ = writeln!(page, "{}", headline(&mut rng, other, vocab));
        }
    }
    if rng.chance(0.3) {
        let n = rng.range(1, 6);
        let _ = writeln!(page, "\nComments ({n})");
        for _ in 0..n {
            let mut c = String::new();
            sentence(&mut rng, vocab, topic, &mut c);
            let _ = writeln!(
                page,
                "{}{} · {}h ago: {c}",
                rng.pick(&["user", "reader", "anon"]),
                rng.range(1, 9999),
                rng.range(1, 23)
            );
        }
    }
    let _ = writeln!(
        page,
        "\n© {} {}. All rights reserved.",
        date.year(),
        outlet.name
    );
    if rng.chance(0.5) {
        let _ = writeln!(page, "About us | Contact | Privacy policy | Terms of use");
    }

    let json = serde_json::json!({
        "id": format!("{id:07}"),
        "outlet": outlet.name,
        "date": format!("{}T{hour:02}:{minute:02}:00Z", date.format("%Y-%m-%d")),
        "year": date.year(),
        "title": title,
        "body": body,
    })
    .to_string();
    Doc { page, json }
}

struct Args {
    docs: u64,
    seed: u64,
    out: PathBuf,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        docs: 10_000,
        seed: 1,
        out: PathBuf::from("corpus"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().with_context(|| format!("`{flag}` needs a value"));
        match flag.as_str() {
            "--docs" => args.docs = value()?.parse().context("--docs")?,
            "--seed" => args.seed = value()?.parse().context("--seed")?,
            "--out" => args.out = PathBuf::from(value()?),
            "-h" | "--help" => {
                println!("corpus --docs N --seed S --out DIR");
                std::process::exit(0);
            }
            other => bail!("unknown argument `{other}`; usage: corpus --docs N --seed S --out DIR"),
        }
    }
    Ok(args)
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let started = Instant::now();
    let vocab = Vocab::new(args.seed, 50_000);
    let txt = args.out.join("txt");
    fs::create_dir_all(&txt).with_context(|| format!("creating `{}`", txt.display()))?;
    let jsonl_path = args.out.join("corpus.jsonl");
    let mut jsonl = BufWriter::with_capacity(
        1 << 20,
        fs::File::create(&jsonl_path)
            .with_context(|| format!("creating `{}`", jsonl_path.display()))?,
    );
    let shards = args.docs.div_ceil(1000);
    let mut bytes = 0u64;
    // batches of folders keep memory bounded while JSONL lines stay in id order
    for batch_start in (0..shards).step_by(16) {
        let batch_end = (batch_start + 16).min(shards);
        let results: Vec<anyhow::Result<(String, u64)>> = (batch_start..batch_end)
            .into_par_iter()
            .map(|shard| {
                let dir = txt.join(format!("{shard:03}"));
                fs::create_dir_all(&dir)
                    .with_context(|| format!("creating `{}`", dir.display()))?;
                let mut lines = String::new();
                let mut page_bytes = 0;
                for id in shard * 1000..((shard + 1) * 1000).min(args.docs) {
                    let doc = generate(args.seed, id, &vocab);
                    let path = dir.join(format!("{id:07}.txt"));
                    fs::write(&path, &doc.page)
                        .with_context(|| format!("writing `{}`", path.display()))?;
                    page_bytes += doc.page.len() as u64;
                    lines.push_str(&doc.json);
                    lines.push('\n');
                }
                Ok((lines, page_bytes))
            })
            .collect();
        for r in results {
            let (lines, b) = r?;
            bytes += b;
            jsonl.write_all(lines.as_bytes())?;
        }
    }
    jsonl.flush()?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "corpus: {} documents, {:.1} MB of pages ({:.0} bytes/page) in {:.1}s -> {}",
        args.docs,
        bytes as f64 / 1e6,
        bytes as f64 / args.docs.max(1) as f64,
        secs,
        args.out.display()
    );
    Ok(())
}
