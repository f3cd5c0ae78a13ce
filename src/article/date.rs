//! The publication date: found in the page's dateline, never guessed from the story.
//!
//! News pages print their date in dozens of forms (`Jul 29, 2021, 04:59 PM IST`, `Wednesday,
//! 18 November 2020 2:19 AM`, `2021-07-29T10:22:00Z`, `04/03/2021`, `Published On 4 Jan 2021`),
//! often glued to a place or a label (`New DelhiUpdated: …`). Dates inside the story (laws,
//! anniversaries, deadlines) are not publication dates, so only the lines around the headline,
//! a wire dateline at the start of the body and labelled dates in the footer are considered.
//! A date printed without a year gets the most recent year the text mentions, and is marked
//! `inferred`; with no evidence the date is `None`, because a wrong date is worse than none.

use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Where a publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// The page prints the full date.
    Explicit,
    /// The page prints day and month; the year was inferred from the text.
    Inferred,
}

impl DateSource {
    /// The lowercase name used in output and in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Explicit => "explicit",
            DateSource::Inferred => "inferred",
        }
    }
}

/// How a date is labelled on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// "Published", "Posted", "First published", "Date:".
    Published,
    /// "Updated", "Last modified".
    Updated,
    /// No label.
    None,
}

/// A date written in a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Month (1–12).
    pub month: u32,
    /// Day of the month.
    pub day: u32,
    /// The year, when written.
    pub year: Option<i32>,
    /// The weekday, when written (`Thursday, July 29`).
    pub weekday: Option<Weekday>,
    /// The label before the date.
    pub label: Label,
    /// Byte range of the date in the line.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

impl Mention {
    /// The date, when the year is written and the day exists.
    pub fn date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day)
    }
}

const MONTH: &str = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
const WEEKDAY: &str = r"(?:(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?";
const DAY: &str = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?";
const YEAR: &str = r"(?P<year>(?:19|20)\d\d)";

static PATTERNS: LazyLock<Vec<(Form, Regex)>> = LazyLock::new(|| {
    let re = |s: String| Regex::new(&format!("(?i){s}")).expect("date pattern is valid");
    vec![
        (
            Form::Iso,
            re(format!(
                r"(?-u:\b){YEAR}[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?:(?-u:\b)|T)"
            )),
        ),
        (
            Form::Numeric,
            re(format!(
                r"(?-u:\b)(?P<a>[0-3]?\d)[/.-](?P<b>[0-3]?\d)[/.-]{YEAR}(?-u:\b)"
            )),
        ),
        (
            Form::MonthDayYear,
            re(format!(
                r"(?-u:\b){WEEKDAY}{MONTH}\s+{DAY}[\s,]+{YEAR}(?-u:\b)"
            )),
        ),
        (
            Form::DayMonthYear,
            re(format!(
                r"(?-u:\b){WEEKDAY}{DAY}\s+(?:of\s+)?{MONTH}[\s,]+{YEAR}(?-u:\b)"
            )),
        ),
        (
            Form::MonthDay,
            re(format!(r"(?-u:\b){WEEKDAY}{MONTH}\s+{DAY}(?-u:\b)")),
        ),
        (
            Form::DayMonth,
            re(format!(
                r"(?-u:\b){WEEKDAY}{DAY}\s+(?:of\s+)?{MONTH}(?-u:\b)"
            )),
        ),
    ]
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Iso,
    Numeric,
    MonthDayYear,
    DayMonthYear,
    MonthDay,
    DayMonth,
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<upd>updated|modified|edited|revised)|(?P<pub>published|posted|created|first appeared|issued|released|date)(?-u:\b)")
        .expect("label pattern is valid")
});

static US_STYLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|a\.m\.|p\.m\.)")
        .expect("US style pattern is valid")
});

static YEAR_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(19[5-9]\d|20[0-4]\d)(?-u:\b)").expect("year pattern is valid")
});

/// All dates written in a line, left to right, without overlaps.
pub fn mentions(line: &str) -> Vec<Mention> {
    // Pages glue words together when flattened ("New DelhiUpdated: Jul 29"); a space at each
    // lower-to-upper case change lets the patterns see word boundaries again.
    let spaced = super::page::unglue(line);
    let us_style = US_STYLE.is_match(&spaced);
    let mut found: Vec<Mention> = Vec::new();
    for (form, re) in PATTERNS.iter() {
        for caps in re.captures_iter(&spaced) {
            let whole = caps.get(0).expect("group 0 always exists");
            if found
                .iter()
                .any(|m| whole.start() < m.end && m.start < whole.end())
            {
                continue;
            }
            if let Some(mut mention) = read(*form, &caps, us_style) {
                if let Some(mon) = caps.name("mon") {
                    // "may" is a month only when written as a name: "May 5", not "may 5".
                    if mon.as_str() == "may" {
                        continue;
                    }
                }
                mention.start = whole.start();
                mention.end = whole.end();
                mention.label = label_before(&spaced[..whole.start()]);
                found.push(mention);
            }
        }
    }
    found.sort_by_key(|m| m.start);
    found
}

/// True when a line is essentially a dateline: a date plus at most a few other words.
pub fn is_date_line(line: &str) -> bool {
    if !super::page::at_most_words(line, 14) || !line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let found = mentions(line);
    let Some(first) = found.first() else {
        return false;
    };
    let spaced = super::page::unglue(line);
    let rest_words = spaced[..first.start].split_whitespace().count()
        + spaced[first.end..].split_whitespace().count();
    rest_words <= 6 && super::page::at_most_words(line, 14)
}

fn read(form: Form, caps: &regex::Captures<'_>, us_style: bool) -> Option<Mention> {
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let year = caps
        .name("year")
        .and_then(|m| m.as_str().parse::<i32>().ok());
    let (month, day) = match form {
        Form::Iso => (num("m")?, num("d")?),
        Form::Numeric => {
            let (a, b) = (num("a")?, num("b")?);
            if a > 12 || (!us_style && b <= 12) {
                (b, a)
            } else {
                (a, b)
            }
        }
        _ => (month_number(caps.name("mon")?.as_str())?, num("day")?),
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    if let Some(y) = year {
        NaiveDate::from_ymd_opt(y, month, day)?;
    }
    let weekday = caps.name("wd").and_then(|m| weekday(m.as_str()));
    Some(Mention {
        month,
        day,
        year,
        weekday,
        label: Label::None,
        start: 0,
        end: 0,
    })
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let n = match lower.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn weekday(name: &str) -> Option<Weekday> {
    let lower = name.to_ascii_lowercase();
    let day = match lower.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    };
    Some(day)
}

/// The label that closes the text before a date ("Updated:", "Published On").
fn label_before(before: &str) -> Label {
    let tail: String = before
        .chars()
        .rev()
        .take(32)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    match LABEL.captures_iter(&tail).last() {
        Some(caps) if caps.name("upd").is_some() => Label::Updated,
        Some(_) => Label::Published,
        None => Label::None,
    }
}

/// The publication date from the lines where pages print it.
///
/// `header` are the lines around the headline (before the body), `lede` the first body
/// paragraph (for wire datelines such as `BAGHDAD, July 29 (Reuters) -`), `footer` the lines
/// after the body; `text` is the whole page, used only to infer a missing year.
pub fn publication(
    header: &[&str],
    lede: Option<&str>,
    footer: &[&str],
    text: &str,
) -> Option<(NaiveDate, DateSource)> {
    let mut candidates: Vec<(u8, Mention)> = Vec::new();
    for line in header {
        for m in mentions(line) {
            let rank = match m.label {
                Label::Published => 0,
                Label::None => 1,
                Label::Updated => 2,
            };
            candidates.push((rank, m));
        }
    }
    for line in footer {
        for m in mentions(line) {
            if m.label == Label::Published {
                candidates.push((3, m));
            }
        }
    }
    let best_full = candidates
        .iter()
        .filter_map(|(rank, m)| m.date().map(|d| (*rank, d)))
        .filter(|(_, d)| is_plausible(*d))
        .min_by_key(|(rank, _)| *rank);
    if let Some((_, date)) = best_full {
        return Some((date, DateSource::Explicit));
    }
    // A wire dateline that prints the year ("Baghdad, March 6, 2021 (INA) –") is the date.
    let in_dateline = lede
        .and_then(dateline)
        .into_iter()
        .flat_map(mentions)
        .filter_map(|m| m.date())
        .find(|d| is_plausible(*d));
    if let Some(date) = in_dateline {
        return Some((date, DateSource::Explicit));
    }
    // Without a printed date, the date that opens the story (a wire dateline such as
    // "BAGHDAD, March 4 (Reuters) -", or "In the early hours of July 29th") is the best
    // evidence left: news reports the day's events. A date written with its year in running
    // prose is more often a reference (a law, an anniversary), so only day-and-month dates
    // count here, and the result is only ever `inferred`.
    if let Some(lede) = lede {
        for m in mentions(opening(lede))
            .into_iter()
            .filter(|m| m.year.is_none())
        {
            candidates.push((4, m));
        }
    }
    let (_, first) = candidates
        .iter()
        .filter(|(_, m)| m.year.is_none() || m.date().is_some_and(is_plausible))
        .min_by_key(|(rank, _)| *rank)?;
    let date = match first.date() {
        Some(date) => date,
        None => {
            let year = infer_year(first, text)?;
            NaiveDate::from_ymd_opt(year, first.month, first.day)?
        }
    };
    Some((date, DateSource::Inferred))
}

/// The dateline that opens a lede: the words before its first dash ("BAGHDAD, March 6, 2021
/// (INA) –"), when they are few.
fn dateline(lede: &str) -> Option<&str> {
    let mut cut = lede.len().min(120);
    while !lede.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &lede[..cut];
    let end = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|dash| head.find(dash))
        .min()?;
    let line = &lede[..end];
    super::page::at_most_words(line, 12).then_some(line)
}

/// The opening of a lede: its dateline and first sentence.
fn opening(lede: &str) -> &str {
    let mut end = lede.find(". ").map_or(lede.len(), |i| i + 1).min(200);
    while !lede.is_char_boundary(end) {
        end -= 1;
    }
    &lede[..end]
}

fn is_plausible(date: NaiveDate) -> bool {
    let this_year = chrono::Local::now().year();
    (1990..=this_year + 1).contains(&date.year())
}

/// The year of a day-and-month date: the most recent year the text mentions (far-future
/// targets such as "by 2035" aside), adjusted to match a written weekday when there is one.
fn infer_year(date: &Mention, text: &str) -> Option<i32> {
    let this_year = chrono::Local::now().year();
    let mut years: Vec<i32> = YEAR_IN_TEXT
        .find_iter(text)
        .filter_map(|m| m.as_str().parse().ok())
        .filter(|y| (1990..=this_year).contains(y))
        .collect();
    years.sort_unstable();
    years.dedup();
    let latest = *years.last()?;
    let base = match years.len() {
        1 => latest,
        n if latest - years[n - 2] > 2 => years[n - 2],
        _ => latest,
    };
    match date.weekday {
        Some(wd) => [base, base + 1, base - 1]
            .into_iter()
            .filter(|y| *y <= this_year)
            .find(|&y| {
                NaiveDate::from_ymd_opt(y, date.month, date.day).is_some_and(|d| d.weekday() == wd)
            }),
        None => NaiveDate::from_ymd_opt(base, date.month, date.day).map(|_| base),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn reads_the_forms_news_pages_use() {
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("Jul 29, 2021, 04:59 PM IST", Some(ymd(2021, 7, 29))),
            (
                "KarachiUpdated: Mar 4, 2021, 09:12 AM PKT",
                Some(ymd(2021, 3, 4)),
            ),
            (
                "Wednesday, 18 November 2020 2:19 AM",
                Some(ymd(2020, 11, 18)),
            ),
            ("November 18, 2020 at 1:24 pm", Some(ymd(2020, 11, 18))),
            ("Published On 4 Jan 2021", Some(ymd(2021, 1, 4))),
            ("Mon 4 Jan 2021 13.05 GMT", Some(ymd(2021, 1, 4))),
            ("Jan. 4, 2021", Some(ymd(2021, 1, 4))),
            ("March 4th, 2021", Some(ymd(2021, 3, 4))),
            ("the 4th of March 2021", Some(ymd(2021, 3, 4))),
            ("2021-03-04T10:22:00Z", Some(ymd(2021, 3, 4))),
            ("Thu, 04 Mar 2021 10:22:00 +0000", Some(ymd(2021, 3, 4))),
            ("04/03/2021", Some(ymd(2021, 3, 4))),
            ("03/04/2021 7:15 p.m. EST", Some(ymd(2021, 3, 4))),
            ("25.12.2020", Some(ymd(2020, 12, 25))),
            ("12/25/2020", Some(ymd(2020, 12, 25))),
            ("Sept 9, 2019", Some(ymd(2019, 9, 9))),
            (
                "Published: 07 November ,2021: 08:14 AM GST",
                Some(ymd(2021, 11, 7)),
            ),
            ("February 30, 2021", None),
        ];
        for (line, want) in cases {
            let got = mentions(line).first().and_then(Mention::date);
            assert_eq!(got, *want, "{line:?}");
        }
    }

    #[test]
    fn year_less_dates_and_lowercase_may_are_told_apart() {
        let m = mentions("In the early hours of July 29th, rockets");
        assert_eq!((m[0].month, m[0].day, m[0].year), (7, 29, None));
        assert!(mentions("the militias may 5 times").is_empty());
        assert_eq!(mentions("Updated 14:32, 5 March")[0].label, Label::Updated);
    }

    #[test]
    fn header_dates_win_over_dates_in_the_story() {
        let header = ["Rockets hit base", "Posted on March 2, 2021"];
        let text = "Parliament passed a law on January 5, 2020. The deadline is December 31, 2021.";
        assert_eq!(
            publication(&header, Some(text), &[], text),
            Some((ymd(2021, 3, 2), DateSource::Explicit))
        );
        assert_eq!(publication(&["No date here"], Some(text), &[], text), None);
    }

    #[test]
    fn published_wins_over_updated() {
        let header = ["Last updated: 5 March 2021", "Published: 4 March 2021"];
        let got = publication(&header, None, &[], "");
        assert_eq!(got, Some((ymd(2021, 3, 4), DateSource::Explicit)));
    }

    #[test]
    fn missing_year_is_inferred_from_the_text() {
        let lede = "In the early hours of July 29th, rockets were fired.";
        let text = "... a law adopted in January 2020 ... by December 31, 2021 ... in 2017 ...";
        assert_eq!(
            publication(&["July 29th"], Some(lede), &[], text),
            Some((ymd(2021, 7, 29), DateSource::Inferred))
        );
        // A weekday picks the year in which that day falls on it.
        // 5 March 2021 was a Friday, 5 March 2020 a Thursday.
        let text = "the 2021 budget";
        assert_eq!(
            publication(&["Thursday, 5 March"], None, &[], text),
            Some((ymd(2020, 3, 5), DateSource::Inferred))
        );
        assert_eq!(
            publication(&["Friday, 5 March"], None, &[], text),
            Some((ymd(2021, 3, 5), DateSource::Inferred))
        );
        assert_eq!(
            publication(&["5 March"], None, &[], "no years at all"),
            None
        );
    }

    #[test]
    fn wire_datelines_at_the_start_of_the_lede_count() {
        let lede = "BAGHDAD, March 4 (Reuters) - Rockets hit an air base in western Iraq in 2021.";
        assert_eq!(
            publication(&[], Some(lede), &[], lede),
            Some((ymd(2021, 3, 4), DateSource::Inferred))
        );
    }
}
