//! Variant search: finding Kadhemi when the user typed Kadhimi.
//!
//! Title and body are indexed a second time, in `title_variants` and `body_variants`, as the
//! romanisation keys of their capitalised words (`knowledge::variant`). A query is parsed
//! once with Tantivy's grammar; every plain word or phrase of it then matches either its
//! exact (stemmed) form in title and body, or its keys in the variant fields. Exact matches
//! score on both sides and so rank above variant-only matches. The same keys find, in each
//! hit, which spellings matched, for highlighting and for the `matched` list. A word, phrase
//! or run of words that is a name of a known actor, place or community also matches every
//! other name of it, and (for actors) the articles whose extracted actors include it.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    QueryParser, TermQuery,
};
use tantivy::query_grammar::{Occur as UserOccur, UserInputAst, UserInputLeaf};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::Term;

use super::Fields;
use crate::knowledge::{fold, variant, Knowledge};

/// Tantivy tokenizer for the variant fields: one token per key of each capitalised word,
/// at the word's position.
#[derive(Debug, Clone, Default)]
pub struct VariantTokenizer;

/// The tokens of one text.
pub struct VariantTokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for VariantTokenizer {
    type TokenStream<'a> = VariantTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VariantTokens {
        let mut tokens = Vec::new();
        for word in variant::words(text, true) {
            for key in word.keys {
                tokens.push(Token {
                    offset_from: word.range.start,
                    offset_to: word.range.end,
                    position: word.position,
                    text: key,
                    position_length: 1,
                });
            }
        }
        VariantTokens { tokens, next: 0 }
    }
}

impl TokenStream for VariantTokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The query with every plain word or phrase widened to its spelling variants, and the keys
/// of the query's words (key → the word as typed).
pub fn widen(
    ast: &UserInputAst,
    exact: &QueryParser,
    fields: &Fields,
    knowledge: &Knowledge,
    keys: &mut HashMap<String, String>,
) -> Result<Box<dyn Query>, tantivy::query::QueryParserError> {
    match ast {
        UserInputAst::Clause(clauses) => {
            let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(clauses.len());
            for (occur, sub) in clauses {
                let occur = match occur {
                    Some(UserOccur::Should) => Occur::Should,
                    Some(UserOccur::MustNot) => Occur::MustNot,
                    Some(UserOccur::Must) | None => Occur::Must,
                };
                subs.push((occur, widen(sub, exact, fields, knowledge, keys)?));
            }
            join_names(clauses, &mut subs, fields, knowledge, keys);
            // "NOT x" alone means everything but x, as in the exact parser.
            if subs.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                subs.push((Occur::Must, Box::new(AllQuery)));
            }
            Ok(Box::new(BooleanQuery::new(subs)))
        }
        UserInputAst::Boost(inner, boost) => Ok(Box::new(BoostQuery::new(
            widen(inner, exact, fields, knowledge, keys)?,
            boost.into_inner() as f32,
        ))),
        UserInputAst::Leaf(leaf) => {
            let exact_query = exact.build_query_from_user_input_ast(ast.clone())?;
            let UserInputLeaf::Literal(literal) = leaf.as_ref() else {
                return Ok(exact_query);
            };
            if literal.field_name.is_some() || literal.prefix {
                return Ok(exact_query);
            }
            let words = variant::words(&literal.phrase, false);
            for word in &words {
                for key in &word.keys {
                    keys.entry(key.clone())
                        .or_insert_with(|| literal.phrase[word.range.clone()].to_string());
                }
            }
            let mut any: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, exact_query)];
            let spelled: Vec<(Occur, Box<dyn Query>)> =
                [fields.title_variants, fields.body_variants]
                    .into_iter()
                    .filter_map(|field| key_query(field, &words, literal.slop))
                    .map(|q| (Occur::Should, q))
                    .collect();
            // A phrase's spellings are costly to search twice (positions); one word's are
            // not, and for it the restructuring below costs more than it saves.
            let typed = (words.len() > 1 && !spelled.is_empty())
                .then_some((words.as_slice(), literal.slop));
            // A known name finds what it names however the article spells it ("PMU" finds
            // "Hashd al-Shaabi", "Erbil" finds "Hawler").
            let names = names_query(&literal.phrase, fields, knowledge, keys, typed);
            match names {
                Some(Names {
                    others,
                    typed_is_a_name: true,
                }) => {
                    // The typed words are one of the names, and their spellings are already
                    // searched: they score as before and carry the names' constant, and the
                    // other names add it only where the typed words do not match. The same
                    // scores as a union of all the names, without searching one twice.
                    let spelled = BooleanQuery::new(spelled);
                    let with_constant: Vec<(Occur, Box<dyn Query>)> = vec![
                        (Occur::Must, Box::new(spelled.clone())),
                        (
                            Occur::Should,
                            Box::new(ConstScoreQuery::new(Box::new(AllQuery), NAMES_SCORE)),
                        ),
                    ];
                    any.push((Occur::Should, Box::new(BooleanQuery::new(with_constant))));
                    if let Some(others) = others {
                        let elsewhere: Vec<(Occur, Box<dyn Query>)> =
                            vec![(Occur::Must, others), (Occur::MustNot, Box::new(spelled))];
                        any.push((Occur::Should, Box::new(BooleanQuery::new(elsewhere))));
                    }
                }
                Some(Names {
                    others,
                    typed_is_a_name: false,
                }) => {
                    any.extend(spelled);
                    any.extend(others.map(|q| (Occur::Should, q)));
                }
                None => any.extend(spelled),
            }
            Ok(Box::new(BooleanQuery::new(any)))
        }
    }
}

/// Words typed without quotes that together form a known name ("Kataib Hezbollah", "Tal
/// Afar") also find that name's other spellings: each longest such run of required plain
/// words becomes "these words, or any name of what they name".
fn join_names(
    clauses: &[(Option<UserOccur>, UserInputAst)],
    subs: &mut Vec<(Occur, Box<dyn Query>)>,
    fields: &Fields,
    knowledge: &Knowledge,
    keys: &mut HashMap<String, String>,
) {
    let word = |i: usize| -> Option<&str> {
        let (occur, UserInputAst::Leaf(leaf)) = &clauses[i] else {
            return None;
        };
        let UserInputLeaf::Literal(literal) = leaf.as_ref() else {
            return None;
        };
        let plain = matches!(occur, None | Some(UserOccur::Must))
            && literal.field_name.is_none()
            && !literal.prefix
            && !literal.phrase.contains(' ');
        plain.then_some(literal.phrase.as_str())
    };
    let mut joined: Vec<(std::ops::Range<usize>, Box<dyn Query>)> = Vec::new();
    let mut start = 0;
    while start < clauses.len() {
        // Only the next few words can join a name with this one.
        let reach = (start..clauses.len().min(start + MAX_NAME_WORDS))
            .find(|&i| word(i).is_none())
            .unwrap_or(clauses.len().min(start + MAX_NAME_WORDS));
        let found = (start + 2..=reach).rev().find_map(|end| {
            let phrase: Vec<&str> = (start..end).filter_map(word).collect();
            names_query(&phrase.join(" "), fields, knowledge, keys, None)
                .map(|names| (end, names.others.unwrap_or_else(|| Box::new(EmptyQuery))))
        });
        match found {
            Some((end, q)) => {
                joined.push((start..end, q));
                start = end;
            }
            None => start += 1,
        }
    }
    for (range, names) in joined.into_iter().rev() {
        let words: Vec<(Occur, Box<dyn Query>)> = subs.drain(range.clone()).collect();
        let either: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Should, Box::new(BooleanQuery::new(words))),
            (Occur::Should, names),
        ];
        subs.insert(
            range.start,
            (Occur::Must, Box::new(BooleanQuery::new(either))),
        );
    }
}

/// Longest phrase whose words are searched by their spellings.
const MAX_PHRASE_WORDS: usize = 12;

/// Longest run of query words looked up as one name.
const MAX_NAME_WORDS: usize = 6;

/// Most names of one actor or place searched for.
const MAX_NAMES: usize = 48;

/// The query for the names of what a phrase names (see [`names_query`]).
struct Names {
    /// What matches the names, scoring [`NAMES_SCORE`]; `None` when nothing is left to search.
    others: Option<Box<dyn Query>>,
    /// Whether one of the names has exactly the typed words' keys, at the same offsets: that
    /// name is left out of `others`, since the typed words' own spelling query matches the
    /// same texts.
    typed_is_a_name: bool,
}

/// What matches every name of the actor or place `phrase` names: the actor in the actors
/// field, and each name's spelling keys in the variant fields; `None` when the phrase names
/// nothing known. One-word names are added to `keys` so their spellings are highlighted.
/// `typed` holds the typed words and their slop when their own spellings are searched.
fn names_query(
    phrase: &str,
    fields: &Fields,
    knowledge: &Knowledge,
    keys: &mut HashMap<String, String>,
    typed: Option<(&[variant::Word], u32)>,
) -> Option<Names> {
    let names = knowledge.names_of(phrase)?;
    let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut typed_is_a_name = false;
    if let Some(actor) = names.actor {
        let term = Term::from_field_text(fields.actors, &actor.name.to_lowercase());
        any.push((
            Occur::Should,
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
        ));
    }
    let spelled: Vec<Vec<variant::Word>> = names
        .all
        .iter()
        .take(MAX_NAMES)
        .map(|name| variant::words(name, false))
        .collect();
    for (i, words) in spelled.iter().enumerate() {
        if let [only] = words.as_slice() {
            for key in &only.keys {
                keys.entry(key.clone())
                    .or_insert_with(|| phrase.to_string());
            }
        }
        // A name that only matches where a shorter (or earlier) name of the same thing
        // matches adds nothing to the union but phrase work: "Mustafa al-Kadhimi" where
        // "Kadhimi" is a name too.
        let redundant = spelled.iter().enumerate().any(|(j, other)| {
            (other.len(), j) < (words.len(), i)
                && other.len() <= MAX_PHRASE_WORDS
                && implies(words, other)
        });
        if redundant {
            continue;
        }
        if typed.is_some_and(|(typed, slop)| slop == 0 && same_keys(words, typed)) {
            typed_is_a_name = true;
            continue;
        }
        for field in [fields.title_variants, fields.body_variants] {
            if let Some(q) = key_query(field, words, 0) {
                any.push((Occur::Should, q));
            }
        }
    }
    // However many of its names an article uses, knowing the name adds one small constant:
    // spellings typed exactly still rank first.
    let others = (!any.is_empty()).then(|| -> Box<dyn Query> {
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(any)),
            NAMES_SCORE,
        ))
    });
    Some(Names {
        others,
        typed_is_a_name,
    })
}

/// Whether two runs of words search the same keys at the same offsets, and so match the same
/// texts in a variant field.
fn same_keys(a: &[variant::Word], b: &[variant::Word]) -> bool {
    let (Some(a0), Some(b0)) = (a.first(), b.first()) else {
        return false;
    };
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.keys == y.keys && x.position - a0.position == y.position - b0.position)
}

/// True when every text that `long` matches in a variant field is matched by `short` too:
/// shifted by one offset, each word of `short` falls on a word of `long` that has no key
/// `short`'s word lacks.
fn implies(long: &[variant::Word], short: &[variant::Word]) -> bool {
    let Some(first) = short.first() else {
        return false;
    };
    long.iter().any(|anchor| {
        short.iter().all(|word| {
            let at = anchor.position + word.position;
            at >= first.position
                && long.iter().any(|l| {
                    l.position == at - first.position
                        && l.keys.iter().all(|k| word.keys.contains(k))
                })
        })
    })
}

/// The score a match through a known name adds.
const NAMES_SCORE: f32 = 0.5;

/// Matches the keys of `words` in a variant field: any key of a single word; for several
/// words, a phrase over their positions (one phrase per combination of alternative keys).
fn key_query(field: Field, words: &[variant::Word], slop: u32) -> Option<Box<dyn Query>> {
    let term = |key: &str| Term::from_field_text(field, key);
    match words {
        [] => None,
        // A phrase this long is no name: its exact form is searched, not its spellings.
        _ if words.len() > MAX_PHRASE_WORDS => None,
        [only] => {
            let any: Vec<(Occur, Box<dyn Query>)> = only
                .keys
                .iter()
                .map(|k| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term(k), IndexRecordOption::WithFreqs)),
                    )
                })
                .collect();
            Some(Box::new(BooleanQuery::new(any)))
        }
        _ => {
            let first = words[0].position;
            let mut combos: Vec<Vec<(usize, Term)>> = vec![Vec::new()];
            for word in words {
                let next: Vec<Vec<(usize, Term)>> = combos
                    .iter()
                    .flat_map(|c| {
                        word.keys.iter().map(move |k| {
                            let mut c = c.clone();
                            c.push((word.position - first, term(k)));
                            c
                        })
                    })
                    .take(16)
                    .collect();
                combos = next;
            }
            let any: Vec<(Occur, Box<dyn Query>)> = combos
                .into_iter()
                .map(|terms| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Should,
                        Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)),
                    )
                })
                .collect();
            Some(Box::new(BooleanQuery::new(any)))
        }
    }
}

/// Spellings in `text` that match the query's keys: their byte ranges, and (query word, text
/// word) pairs where the spelling differs from what was typed.
pub fn spellings(
    text: &str,
    keys: &HashMap<String, String>,
) -> (Vec<Range<usize>>, BTreeSet<(String, String)>) {
    let mut ranges = Vec::new();
    let mut pairs = BTreeSet::new();
    if keys.is_empty() {
        return (ranges, pairs);
    }
    let wanted = |folded: &str| variant::may_share_a_key(folded, keys.keys().map(String::as_str));
    for word in variant::words_where(text, true, wanted) {
        let Some(typed) = word.keys.iter().find_map(|k| keys.get(k)) else {
            continue;
        };
        let found = &text[word.range.clone()];
        if fold::key(found) != fold::key(typed) {
            pairs.insert((typed.clone(), found.to_string()));
        }
        ranges.push(word.range);
    }
    (ranges, pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn implied(long: &str, short: &str) -> bool {
        implies(&variant::words(long, false), &variant::words(short, false))
    }

    #[test]
    fn a_longer_name_holding_a_shorter_one_is_implied_by_it() {
        assert!(implied("Mustafa al-Kadhimi", "Kadhimi"));
        assert!(implied("Mustafa al-Kadhimi", "al-Kadhemi"));
        assert!(implied("Abu Mahdi al-Muhandis", "Mahdi al-Muhandis"));
        assert!(!implied("Kadhimi", "Mustafa al-Kadhimi"));
        assert!(!implied("Mustafa al-Kadhimi", "Mustafa Kadhimi"));
        assert!(!implied("Mahdi al-Muhandis", "Abu Mahdi"));
        assert!(!implied("Kadhimi", ""));
    }
}
