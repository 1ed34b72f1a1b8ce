//! Languages: the words a document shows that the profile did not write (section titles,
//! "Present", "Page 1 of 2", quotation marks, list separators) from one embedded file per
//! language (`locales/<tag>.json`; adding a file adds a language), and its dates — month
//! names and the order of month and year — from CLDR through ICU4X, always in the Gregorian
//! calendar (a month of a résumé is a Gregorian month).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets;
use icu_datetime::input::Date as IcuDate;
use serde::{Deserialize, Serialize};

mod files {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// The phrases every locale file holds (and `meta.phrases` may override).
pub const PHRASES: [&str; 17] = [
    "present",
    "range",
    "quotes",
    "list",
    "continued",
    "page",
    "score",
    "courses",
    "roles",
    "email",
    "phone",
    "website",
    "location",
    "salutation",
    "greeting",
    "closing",
    "enclosure",
];

/// Writing direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
}

/// One language's fixed words, as its file gives them. (Unknown keys are caught by the
/// completeness test: serde cannot deny them beside a flattened struct.)
#[derive(Debug, Deserialize)]
pub struct Locale {
    /// The BCP 47 tag, as the file is named (`de`, `pt-BR`, `zh-Hant`).
    pub lang: String,
    /// The language's name in itself.
    pub name: String,
    pub dir: Dir,
    /// The words and marks a layout puts around the profile's text.
    #[serde(flatten)]
    pub phrases: Phrases,
    titles: BTreeMap<String, String>,
    #[serde(skip)]
    dates: OnceLock<Option<Dates>>,
}

/// Words and marks a layout puts around the profile's text: a locale's, with a profile's own
/// (`meta.phrases`) over them in the view.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Phrases {
    /// The open end of a date range (`Aug 2024 – Present`).
    pub present: String,
    /// Between the ends of a date range.
    pub range: String,
    /// Opening and closing quotation marks.
    pub quotes: [String; 2],
    /// Between the items of an inline list.
    pub list: String,
    /// After a section title repeated where the section goes on (`Projects (continued)`).
    pub continued: String,
    /// The page footer, with `{page}` and `{pages}`.
    pub page: String,
    pub score: String,
    pub courses: String,
    pub roles: String,
    /// Labels of the contacts where they are written out (`Email: …` in plain text).
    pub email: String,
    pub phone: String,
    pub website: String,
    pub location: String,
    /// A letter's opening with the recipient's name (`Dear {name},`), and without one.
    pub salutation: String,
    pub greeting: String,
    /// A letter's close before the signature (`Kind regards,`).
    pub closing: String,
    /// The note at a letter's foot that the résumé is enclosed.
    pub enclosure: String,
}

impl Phrases {
    /// A text phrase by its key (one of [`PHRASES`] but `quotes`).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "present" => &mut self.present,
            "range" => &mut self.range,
            "list" => &mut self.list,
            "continued" => &mut self.continued,
            "page" => &mut self.page,
            "score" => &mut self.score,
            "courses" => &mut self.courses,
            "roles" => &mut self.roles,
            "email" => &mut self.email,
            "phone" => &mut self.phone,
            "website" => &mut self.website,
            "location" => &mut self.location,
            "salutation" => &mut self.salutation,
            "greeting" => &mut self.greeting,
            "closing" => &mut self.closing,
            "enclosure" => &mut self.enclosure,
            _ => return None,
        })
    }
}

/// CLDR's month-and-year and year formats for a locale.
struct Dates {
    month_year: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YM>,
    year: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::Y>,
    /// A letter's date, in full: `30 November 2026`.
    day: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YMD>,
}

impl std::fmt::Debug for Dates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Dates")
    }
}

/// Every embedded locale, read once.
pub fn all() -> &'static [Locale] {
    static ALL: OnceLock<Vec<Locale>> = OnceLock::new();
    ALL.get_or_init(|| {
        files::FILES
            .iter()
            .map(|(tag, text)| {
                let locale: Locale = serde_json::from_str(text)
                    .unwrap_or_else(|e| panic!("locales/{tag}.json: {e}"));
                assert_eq!(locale.lang, *tag, "locales/{tag}.json: `lang` is not {tag}");
                locale
            })
            .collect()
    })
}

pub fn english() -> &'static Locale {
    find("en").expect("locales/en.json is embedded")
}

/// The locale for a BCP 47 tag: the file of that tag, else of a shorter one (`de-AT` → `de`,
/// `zh-TW` → `zh-Hant`, `pt` → `pt`). `None` when no file serves the language.
pub fn find(tag: &str) -> Option<&'static Locale> {
    let all = all();
    let get = |t: &str| all.iter().find(|l| l.lang.eq_ignore_ascii_case(t));
    let parts: Vec<&str> = tag
        .trim()
        .split(['-', '_'])
        .filter(|p| !p.is_empty())
        .collect();
    let language = parts.first()?.to_ascii_lowercase();
    let script = parts
        .iter()
        .skip(1)
        .find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()));
    let region = parts
        .iter()
        .skip(1)
        .find(|p| p.len() == 2 || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit())));
    // Chinese is told apart by script; a region implies one.
    let script = script
        .map(|s| s.to_string())
        .or_else(|| match (language.as_str(), region) {
            ("zh", Some(r)) if ["TW", "HK", "MO"].contains(&r.to_ascii_uppercase().as_str()) => {
                Some("Hant".into())
            }
            ("zh", _) => Some("Hans".into()),
            _ => None,
        });
    let mut tries = Vec::new();
    if let Some(r) = region {
        tries.push(format!("{language}-{r}"));
    }
    if let Some(s) = &script {
        tries.push(format!("{language}-{s}"));
    }
    tries.push(language.clone());
    tries.iter().find_map(|t| get(t))
}

/// The tags of every embedded locale.
pub fn tags() -> impl Iterator<Item = &'static str> {
    all().iter().map(|l| l.lang.as_str())
}

impl Locale {
    /// The default title of a standard section.
    pub fn title(&self, id: &str) -> Option<&str> {
        self.titles.get(id).map(String::as_str)
    }

    /// The standard section ids this locale titles.
    pub fn title_ids(&self) -> impl Iterator<Item = &str> {
        self.titles.keys().map(String::as_str)
    }

    fn dates(&self) -> Option<&Dates> {
        self.dates
            .get_or_init(|| {
                let locale: icu_locale_core::Locale = self.lang.parse().ok()?;
                let prefs = (&locale).into();
                Some(Dates {
                    month_year: FixedCalendarDateTimeFormatter::try_new(
                        prefs,
                        fieldsets::YM::medium(),
                    )
                    .ok()?,
                    year: FixedCalendarDateTimeFormatter::try_new(prefs, fieldsets::Y::medium())
                        .ok()?,
                    day: FixedCalendarDateTimeFormatter::try_new(prefs, fieldsets::YMD::long())
                        .ok()?,
                })
            })
            .as_ref()
    }

    /// A month of a year as this language writes it on a résumé: `Mar 2021`, `März 2021`,
    /// `2021年3月`.
    pub fn month_year(&self, year: i32, month: u8) -> String {
        let date = IcuDate::try_new_gregorian(year, month, 1).ok();
        match (self.dates(), date) {
            (Some(d), Some(date)) => plain(d.month_year.format(&date).to_string()),
            _ => format!("{year}-{month:02}"),
        }
    }

    /// A day as a letter is dated: `30 November 2026`, `30. November 2026`, `2026年11月30日`.
    pub fn day(&self, year: i32, month: u8, day: u8) -> String {
        let date = IcuDate::try_new_gregorian(year, month, day).ok();
        match (self.dates(), date) {
            (Some(d), Some(date)) => plain(d.day.format(&date).to_string()),
            _ => format!("{year}-{month:02}-{day:02}"),
        }
    }

    /// A year alone.
    pub fn year(&self, year: i32) -> String {
        let date = IcuDate::try_new_gregorian(year, 1, 1).ok();
        match (self.dates(), date) {
            (Some(d), Some(date)) => plain(d.year.format(&date).to_string()),
            _ => year.to_string(),
        }
    }
}

/// Without the invisible direction marks CLDR puts in some patterns (`03\u{200f}/2021`): the
/// layout orders text itself, and a reader copying the text should not get them.
fn plain(s: String) -> String {
    s.replace(['\u{200e}', '\u{200f}', '\u{061c}'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_file_has_every_key_and_every_title() {
        let english = english();
        for l in all() {
            let mut phrases = l.phrases.clone();
            for key in PHRASES.iter().filter(|k| **k != "quotes") {
                assert!(
                    phrases
                        .get_mut(key)
                        .is_some_and(|p| !p.trim().is_empty() || *key == "list"),
                    "locales/{}.json: `{key}` is empty",
                    l.lang
                );
            }
            let p = &l.phrases;
            assert!(
                p.page.contains("{page}") && p.page.contains("{pages}"),
                "{}",
                l.lang
            );
            assert!(p.quotes.iter().all(|q| !q.trim().is_empty()), "{}", l.lang);
            let ids: Vec<&str> = l.title_ids().collect();
            let want: Vec<&str> = english.title_ids().collect();
            assert_eq!(ids, want, "locales/{}.json: titles", l.lang);
            assert!(
                l.titles.values().all(|t| !t.trim().is_empty()),
                "{}",
                l.lang
            );
            assert!(
                !l.month_year(2021, 3).contains("2021-03"),
                "{}: no CLDR data",
                l.lang
            );
        }
    }

    /// No key beyond the schema (a misspelt phrase would otherwise be ignored).
    #[test]
    fn locale_files_hold_only_known_keys() {
        for (tag, text) in files::FILES {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            for key in v.as_object().unwrap().keys() {
                let known = ["lang", "name", "dir", "titles"].contains(&key.as_str())
                    || PHRASES.contains(&key.as_str());
                assert!(known, "locales/{tag}.json: unknown key `{key}`");
            }
        }
    }

    #[test]
    fn tags_fall_back_to_the_language() {
        assert_eq!(find("en-GB").unwrap().lang, "en");
        assert_eq!(find("EN").unwrap().lang, "en");
        assert!(find("xx").is_none());
        assert!(find("").is_none());
    }

    #[test]
    fn english_dates_are_as_before() {
        let en = english();
        assert_eq!(en.month_year(2021, 3), "Mar 2021");
        assert_eq!(en.year(2015), "2015");
    }
}
