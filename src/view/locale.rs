//! The words a document shows that the profile did not write: section titles, month names,
//! "Present". Templates get them from the data, never from their own source.

/// One language's phrases.
#[derive(Debug, Clone)]
pub struct Locale {
    pub lang: &'static str,
    pub months: [&'static str; 12],
    pub present: &'static str,
    /// Between the two ends of a date range.
    pub range_separator: &'static str,
    /// Opening and closing quotation marks.
    pub quotes: [&'static str; 2],
    /// Between the items of an inline list.
    pub list_separator: &'static str,
    /// After a section's title where the section goes on past a page or column: "Projects
    /// (continued)".
    pub continued: &'static str,
    pub score: &'static str,
    pub courses: &'static str,
    pub roles: &'static str,
    titles: &'static [(&'static str, &'static str)],
}

impl Locale {
    pub fn english() -> &'static Locale {
        &ENGLISH
    }

    /// The default title of a standard section.
    pub fn title(&self, id: &str) -> Option<&'static str> {
        self.titles.iter().find(|(k, _)| *k == id).map(|(_, v)| *v)
    }
}

static ENGLISH: Locale = Locale {
    lang: "en",
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    present: "Present",
    range_separator: " – ",
    quotes: ["“", "”"],
    list_separator: ", ",
    continued: "continued",
    score: "Score",
    courses: "Courses",
    roles: "Roles",
    titles: &[
        ("summary", "Summary"),
        ("work", "Experience"),
        ("projects", "Projects"),
        ("skills", "Skills"),
        ("education", "Education"),
        ("certificates", "Certifications"),
        ("awards", "Awards"),
        ("publications", "Publications"),
        ("volunteer", "Volunteering"),
        ("languages", "Languages"),
        ("interests", "Interests"),
        ("references", "Recommendations"),
    ],
};
