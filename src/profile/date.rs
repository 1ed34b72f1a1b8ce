//! Résumé dates: a year, a month or a day, as JSON Resume's ISO 8601 subset allows.

use std::fmt;

/// A date with as much precision as the author gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let bad = || format!("`{s}` is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD");
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
        };
        match parts.as_slice() {
            [y] => Ok(Date {
                year: num(y, 4).ok_or_else(bad)? as i32,
                month: None,
                day: None,
            }),
            [y, m] => {
                let year = num(y, 4).ok_or_else(bad)? as i32;
                let month = num(m, 2).ok_or_else(bad)?;
                let month = time::Month::try_from(month as u8)
                    .map_err(|_| format!("`{s}` has no month {month} (months run 01 to 12)"))?;
                Ok(Date {
                    year,
                    month: Some(month as u8),
                    day: None,
                })
            }
            [y, m, d] => {
                let year = num(y, 4).ok_or_else(bad)? as i32;
                let month = num(m, 2).ok_or_else(bad)?;
                let day = num(d, 2).ok_or_else(bad)?;
                let month_t = time::Month::try_from(month as u8)
                    .map_err(|_| format!("`{s}` has no month {month} (months run 01 to 12)"))?;
                time::Date::from_calendar_date(year, month_t, day as u8)
                    .map_err(|_| format!("`{s}` is not a day of the calendar"))?;
                Ok(Date {
                    year,
                    month: Some(month as u8),
                    day: Some(day as u8),
                })
            }
            _ => Err(bad()),
        }
    }

    /// Whether `self` ends before `start` begins, comparing only the precision both have.
    pub fn is_before(&self, start: &Date) -> bool {
        let a = (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31));
        let b = (start.year, start.month.unwrap_or(1), start.day.unwrap_or(1));
        a < b
    }

    /// A key for "most recent first" ordering.
    pub fn sort_key(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_precisions() {
        assert_eq!(
            Date::parse("2021").unwrap(),
            Date {
                year: 2021,
                month: None,
                day: None
            }
        );
        assert_eq!(Date::parse("2021-03").unwrap().month, Some(3));
        assert_eq!(Date::parse("2020-02-29").unwrap().day, Some(29));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2021-13").unwrap_err().contains("no month 13"));
        assert!(Date::parse("2021-02-30").is_err());
        assert!(Date::parse("March 2021").is_err());
        assert!(Date::parse("21-03").is_err());
    }

    #[test]
    fn ordering_respects_precision() {
        let y2021 = Date::parse("2021").unwrap();
        let m2021_06 = Date::parse("2021-06").unwrap();
        assert!(!y2021.is_before(&m2021_06));
        assert!(Date::parse("2020-12").unwrap().is_before(&m2021_06));
    }
}
