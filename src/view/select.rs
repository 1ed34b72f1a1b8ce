//! What a document shows: the whole profile for a résumé, a ranked part for a one-page summary
//! or a page limit, and how tightly it is set.
//!
//! Everything that can be left out is a *unit* with an importance: a summary paragraph after the
//! first, a highlight, a labelled detail, a project, a role after the most recent one, a
//! position, an education entry after the latest, a certificate, an item of a secondary section,
//! a skill group or keyword, a language, an interest. Condensing drops the least important units
//! first, one at a time, so a page is filled as far as it holds rather than emptied in jumps.
//! Importance ranks what a reader looks for: current roles before older ones, a role's first
//! highlights before its later ones, quantified highlights ("cut p95 by 40%") before others, the
//! core sections before the secondary ones. `inSummary: true` keeps a unit through any
//! condensation; `inSummary: false` keeps it out of summaries. The name, the contacts, the first
//! summary paragraph and the most recent role are never dropped, and an entry left with nothing
//! under its name goes with its last line.

use crate::profile::{Detail, Highlight, Profile, Project};

/// The two kinds of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Kind {
    #[default]
    Resume,
    Summary,
    /// A cover letter: always one page, fitted by type and spacing only.
    Letter,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Resume => "resume",
            Kind::Summary => "summary",
            Kind::Letter => "letter",
        }
    }
}

/// One step of condensation: how many of the least important units are left out, and the type
/// and spacing scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Condense {
    /// Units dropped, least important first (see the module's description).
    pub drop: usize,
    /// Type size, as a factor of the template's (templates keep body text ≥ 8.5 pt).
    pub scale: f64,
    /// Vertical spacing, as a factor of the template's.
    pub spacing: f64,
}

impl Condense {
    /// Everything, at the template's size.
    pub const FULL: Condense = Condense {
        drop: 0,
        scale: 1.0,
        spacing: 1.0,
    };

    /// Whether this step shows less than `FULL` (as opposed to only setting it tighter).
    pub fn drops_content(&self) -> bool {
        self.drop > 0
    }

    /// How much room the same content takes at this step's type and spacing, relative to the
    /// template's own (1.0): type scales line heights and widths, spacing only the gaps, which
    /// are about half of a résumé's height. An estimate, to guide page fitting.
    pub fn layout_size(&self) -> f64 {
        self.scale * (0.5 + 0.5 * self.spacing)
    }

    /// This step's content at another step's type and spacing.
    pub fn with_layout_of(&self, other: &Condense) -> Condense {
        Condense {
            scale: other.scale,
            spacing: other.spacing,
            ..self.clone()
        }
    }
}

/// Type and spacing, from the template's own to as tight as reads well (body ≥ 9 pt in a 10 pt
/// template): a document is set tighter before anything is left out.
const LAYOUTS: [(f64, f64); 5] = [
    (1.0, 1.0),
    (1.0, 0.9),
    (0.97, 0.85),
    (0.94, 0.8),
    (0.9, 0.7),
];

/// Tighter still, only once everything that can go has gone.
const LAST_RESORT: [(f64, f64); 2] = [(0.88, 0.65), (0.85, 0.6)];

/// The steps from richest to leanest for `profile` as a document of `kind`: layout first,
/// then one unit at a time, least important first.
pub fn ladder(profile: &Profile, kind: Kind) -> Vec<Condense> {
    // A letter never loses a word: only its type and spacing condense.
    let units = match kind {
        Kind::Letter => 0,
        _ => droppable(profile, kind),
    };
    let (scale, spacing) = LAYOUTS[LAYOUTS.len() - 1];
    let layout = |drop, (scale, spacing): (f64, f64)| Condense {
        drop,
        scale,
        spacing,
    };
    LAYOUTS
        .iter()
        .map(|&l| layout(0, l))
        .chain((1..=units).map(|drop| Condense {
            drop,
            scale,
            spacing,
        }))
        .chain(LAST_RESORT.iter().map(|&l| layout(units, l)))
        .collect()
}

/// The steps that only tighten layout, for dropping a near-empty last page.
pub fn tightening() -> Vec<Condense> {
    LAYOUTS
        .iter()
        .map(|&(scale, spacing)| Condense {
            drop: 0,
            scale,
            spacing,
        })
        .collect()
}

/// How many units of `profile` a document of `kind` could leave out.
pub fn droppable(profile: &Profile, kind: Kind) -> usize {
    let mut p = profile.clone();
    if kind == Kind::Summary {
        summary_part(&mut p);
    }
    let mut n = 0;
    walk(&mut p, kind, &mut |u| {
        n += usize::from(!u.pinned);
        true
    });
    n
}

/// The part of `profile` a document of `kind` shows at condensation `c`, and notes on what
/// was left out (for `vitae check --kind summary` and the report).
pub fn select(profile: &Profile, kind: Kind, c: &Condense) -> (Profile, Vec<String>) {
    let mut p = profile.clone();
    if kind == Kind::Summary {
        summary_part(&mut p);
    }
    let mut notes = Notes::default();
    if c.drop > 0 {
        // Rank every unit on a copy, then walk the real one dropping the `drop` least important.
        let mut ranked = Vec::new();
        walk(&mut p.clone(), kind, &mut |u| {
            ranked.push((u.importance, u.pinned));
            true
        });
        let mut order: Vec<usize> = (0..ranked.len()).filter(|&i| !ranked[i].1).collect();
        // Least important first; among equals, the later one (the profile's order is a signal).
        order.sort_by(|&a, &b| ranked[a].0.total_cmp(&ranked[b].0).then(b.cmp(&a)));
        let mut dropped = vec![false; ranked.len()];
        for &i in order.iter().take(c.drop) {
            dropped[i] = true;
        }
        let mut index = 0;
        walk(&mut p, kind, &mut |u| {
            let keep = !dropped.get(index).copied().unwrap_or(false) && !u.emptied;
            index += 1;
            if !keep {
                notes.add(u.what, u.owner);
            }
            keep
        });
    }
    let mut notes = notes.finish();
    if c.scale < 1.0 {
        notes.push(format!("type at {:.0}%", c.scale * 100.0));
    }
    if c.spacing < 1.0 {
        notes.push(format!("spacing at {:.0}%", c.spacing * 100.0));
    }
    (p, notes)
}

/// Something a document may leave out.
struct Unit<'a> {
    /// Higher is kept longer.
    importance: f64,
    /// Never left out (`inSummary: true`, the most recent role, the first paragraph …).
    pinned: bool,
    /// What it is, for the notes: `highlight`, `role`, `project` …
    what: &'static str,
    /// Whose it is, for the notes: the employer, the section.
    owner: &'a str,
    /// An entry whose lines under its name have all been dropped: it goes too.
    emptied: bool,
}

/// A highlight with a figure in it ("cut p95 by 40%", "500+ jobs a day") tells more.
fn quantified(h: &Highlight) -> f64 {
    if h.text.chars().any(|c| c.is_ascii_digit()) {
        8.0
    } else {
        0.0
    }
}

/// Keep the items of `items` that `keep` accepts, asking about each exactly once, in order.
fn filter<T>(items: &mut Vec<T>, mut keep: impl FnMut(usize, &mut T) -> bool) {
    let mut i = 0;
    items.retain_mut(|x| {
        let k = keep(i, x);
        i += 1;
        k
    });
}

type Keep<'k> = dyn FnMut(Unit) -> bool + 'k;

/// Every unit of `p`, in one fixed order (children before the entry that holds them, so that
/// every unit is asked about whatever is decided for its parent), each kept or removed as
/// `keep` says. Importances are documented at the top of this module.
fn walk(p: &mut Profile, kind: Kind, keep: &mut Keep) {
    let marked = |flag: Option<bool>| flag == Some(true);
    // Summary paragraphs after the first.
    if let Some(summary) = &p.basics.summary {
        let mut paragraphs: Vec<String> = summary
            .split("\n\n")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        filter(&mut paragraphs, |i, _| {
            keep(Unit {
                importance: 62.0 - 14.0 * i as f64,
                pinned: i == 0,
                what: "summary paragraph",
                owner: "",
                emptied: false,
            })
        });
        p.basics.summary = Some(paragraphs.join("\n\n"));
    }
    for (r, w) in p.work.iter_mut().enumerate() {
        let r = r as f64;
        let owner = w
            .name
            .clone()
            .or_else(|| w.position.clone())
            .unwrap_or_default();
        highlights(&mut w.highlights, 70.0 - 12.0 * r, &owner, keep);
        for (j, x) in w.positions.iter_mut().enumerate() {
            let base = 70.0 - 12.0 * r - 5.0 * j as f64;
            highlights(&mut x.highlights, base, &owner, keep);
            projects(&mut x.projects, base - 26.0, &owner, keep);
            details(&mut x.details, 30.0 - 10.0 * r, &owner, keep);
        }
        filter(&mut w.positions, |j, x| {
            keep(Unit {
                // Above its own highlights: a position's line outlasts its bullets.
                importance: 71.0 - 12.0 * r - 5.0 * j as f64,
                pinned: (r == 0.0 && j == 0) || marked(x.in_summary),
                what: "position",
                owner: &owner,
                emptied: false,
            })
        });
        projects(&mut w.projects, 44.0 - 12.0 * r, &owner, keep);
        details(&mut w.details, 30.0 - 10.0 * r, &owner, keep);
    }
    filter(&mut p.work, |r, w| {
        keep(Unit {
            // Above its highlights: an older role kept as one line tells more than a later
            // bullet of a newer one.
            importance: 72.0 - 12.0 * r as f64,
            pinned: r == 0 || marked(w.in_summary),
            what: "role",
            owner: "",
            emptied: false,
        })
    });
    projects(&mut p.projects, 50.0, "projects", keep);
    for (g, s) in p.skills.iter_mut().enumerate() {
        let pinned = marked(s.in_summary);
        filter(&mut s.keywords, |k, _| {
            keep(Unit {
                importance: 42.0 - 4.0 * g as f64 - 1.5 * k as f64,
                pinned: pinned || k < 3,
                what: "skill",
                owner: "",
                emptied: false,
            })
        });
    }
    filter(&mut p.skills, |g, s| {
        keep(Unit {
            importance: 56.0 - 5.0 * g as f64,
            pinned: g == 0 || marked(s.in_summary),
            what: "skill group",
            owner: "",
            emptied: false,
        })
    });
    for e in &mut p.education {
        highlights(&mut e.highlights, 20.0, "education", keep);
    }
    filter(&mut p.education, |i, e| {
        keep(Unit {
            importance: 24.0 - 4.0 * i as f64,
            pinned: i == 0 || marked(e.in_summary),
            what: "education entry",
            owner: "",
            emptied: false,
        })
    });
    let secondary = |importance: f64, pinned: bool, what| Unit {
        importance,
        pinned,
        what,
        owner: "",
        emptied: false,
    };
    filter(&mut p.certificates, |i, c| {
        keep(secondary(
            36.0 - 3.0 * i as f64,
            marked(c.in_summary),
            "certificate",
        ))
    });
    filter(&mut p.awards, |i, a| {
        keep(secondary(
            20.0 - 2.0 * i as f64,
            marked(a.in_summary),
            "award",
        ))
    });
    filter(&mut p.publications, |i, x| {
        keep(secondary(
            19.0 - 2.0 * i as f64,
            marked(x.in_summary),
            "publication",
        ))
    });
    for v in &mut p.volunteer {
        highlights(&mut v.highlights, 15.0, "volunteering", keep);
        details(&mut v.details, 12.0, "volunteering", keep);
    }
    filter(&mut p.volunteer, |i, v| {
        keep(secondary(
            18.0 - 2.0 * i as f64,
            marked(v.in_summary),
            "volunteering entry",
        ))
    });
    filter(&mut p.references, |i, x| {
        keep(secondary(
            14.0 - 2.0 * i as f64,
            marked(x.in_summary),
            "reference",
        ))
    });
    for (c, section) in p.custom.iter_mut().enumerate() {
        // Custom sections rank below the standard secondary ones, the later below the earlier.
        let base = 14.0 - 2.0 * c as f64;
        let pinned = marked(section.in_summary);
        let owner = section.title.clone();
        filter(&mut section.paragraphs, |i, _| {
            keep(Unit {
                importance: base - 6.0 - 3.0 * i as f64,
                pinned,
                what: "paragraph",
                owner: &owner,
                emptied: false,
            })
        });
        filter(&mut section.items, |i, _| {
            keep(Unit {
                importance: base - 8.0 - 2.0 * i as f64,
                pinned,
                what: "item",
                owner: &owner,
                emptied: false,
            })
        });
        projects(&mut section.entries, base, &owner, keep);
    }
    filter(&mut p.languages, |i, _| {
        keep(secondary(16.0 - i as f64, false, "language"))
    });
    filter(&mut p.interests, |i, _| {
        keep(secondary(11.0 - i as f64, false, "interest"))
    });
    let _ = kind;
}

/// A list of highlights, the first from `base` down.
fn highlights(hs: &mut Vec<Highlight>, base: f64, owner: &str, keep: &mut Keep) {
    filter(hs, |h, x| {
        keep(Unit {
            importance: base - 6.0 * h as f64 + quantified(x),
            pinned: x.in_summary == Some(true),
            what: "highlight",
            owner,
            emptied: false,
        })
    });
}

/// Labelled details (a summary has none: see [`summary_part`]).
fn details(ds: &mut Vec<Detail>, base: f64, owner: &str, keep: &mut Keep) {
    filter(ds, |d, _| {
        keep(Unit {
            importance: base - 2.0 * d as f64,
            pinned: false,
            what: "detail",
            owner,
            emptied: false,
        })
    });
}

/// Projects (nested in a role, top-level, or a custom section's entries) with their
/// highlights and details; one left with nothing under its name goes too.
fn projects(ps: &mut Vec<Project>, base: f64, owner: &str, keep: &mut Keep) {
    let body = |x: &Project| {
        x.description.is_some()
            || !x.highlights.is_empty()
            || !x.details.is_empty()
            || !x.keywords.is_empty()
    };
    let had: Vec<bool> = ps.iter().map(body).collect();
    for (k, x) in ps.iter_mut().enumerate() {
        let b = base - 5.0 * k as f64;
        highlights(&mut x.highlights, b + 4.0, owner, keep);
        details(&mut x.details, b - 14.0, owner, keep);
        // (The project itself ranks above its highlights: see below.)
    }
    filter(ps, |k, x| {
        let pinned = x.in_summary == Some(true);
        keep(Unit {
            importance: base + 6.0 - 5.0 * k as f64,
            pinned,
            what: "project",
            owner,
            emptied: had[k] && !body(x) && !pinned,
        })
    });
}

/// What a summary starts from: everything a reader of one page could want, without what is
/// marked `inSummary: false` and without labelled write-ups (Problem / Solution …), which
/// belong to the full résumé. Ranking then fills the page (see [`select`]).
fn summary_part(p: &mut Profile) {
    let shown = |flag: Option<bool>| flag != Some(false);
    p.work.retain(|w| shown(w.in_summary));
    for w in &mut p.work {
        w.details.clear();
        w.positions.retain(|x| shown(x.in_summary));
        w.projects.retain(|x| shown(x.in_summary));
        w.highlights.retain(|h| shown(h.in_summary));
        for x in &mut w.positions {
            x.details.clear();
            x.highlights.retain(|h| shown(h.in_summary));
            x.projects.retain(|pr| shown(pr.in_summary));
        }
    }
    // A project's labelled write-ups go; one left with only its name (its story was all in
    // them) goes too, unless it is marked for the summary: a bold name with nothing under it
    // tells a reader nothing.
    let projects = |ps: &mut Vec<Project>| {
        ps.retain(|x| shown(x.in_summary));
        for x in ps.iter_mut() {
            x.details.clear();
            x.highlights.retain(|h| shown(h.in_summary));
        }
        ps.retain(|x| {
            x.in_summary == Some(true)
                || x.description.is_some()
                || !x.highlights.is_empty()
                || !x.keywords.is_empty()
        });
    };
    projects(&mut p.projects);
    for w in &mut p.work {
        projects(&mut w.projects);
        for x in &mut w.positions {
            projects(&mut x.projects);
        }
    }
    p.skills.retain(|s| shown(s.in_summary));
    p.certificates.retain(|c| shown(c.in_summary));
    p.education.retain(|e| shown(e.in_summary));
    p.volunteer.retain(|x| shown(x.in_summary));
    for v in &mut p.volunteer {
        v.details.clear();
    }
    p.awards.retain(|x| shown(x.in_summary));
    p.publications.retain(|x| shown(x.in_summary));
    p.references.retain(|x| shown(x.in_summary));
    p.custom.retain(|x| shown(x.in_summary));
    for c in &mut p.custom {
        c.items.retain(|i| shown(i.in_summary));
        projects(&mut c.entries);
    }
    p.custom
        .retain(|c| !c.paragraphs.is_empty() || !c.items.is_empty() || !c.entries.is_empty());
}

/// "dropped 3 highlights (Spyne, Innovaccer)", one line per kind of unit, in the order met.
#[derive(Default)]
struct Notes(Vec<(&'static str, usize, Vec<String>)>);

impl Notes {
    fn add(&mut self, what: &'static str, owner: &str) {
        let i = match self.0.iter().position(|(w, _, _)| *w == what) {
            Some(i) => i,
            None => {
                self.0.push((what, 0, Vec::new()));
                self.0.len() - 1
            }
        };
        let (_, n, owners) = &mut self.0[i];
        *n += 1;
        if !owner.is_empty() && !owners.iter().any(|o| o == owner) {
            owners.push(owner.to_string());
        }
    }

    fn finish(self) -> Vec<String> {
        self.0
            .into_iter()
            .map(|(what, n, owners)| {
                let s = match (n, what.ends_with('y')) {
                    (1, _) => what.to_string(),
                    (_, true) => format!("{}ies", &what[..what.len() - 1]),
                    _ => format!("{what}s"),
                };
                match owners.is_empty() {
                    true => format!("dropped {n} {s}"),
                    false => format!("dropped {n} {s} ({})", owners.join(", ")),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{LoadOptions, load};

    fn profile(yaml: &str) -> Profile {
        load("p.yaml", yaml.as_bytes(), LoadOptions::default())
            .unwrap()
            .profile
    }

    const P: &str = "basics:\n  name: A\n  summary: |\n    First.\n\n    Second.\nwork:\n  - name: Spyne\n    highlights: [a, b, c 40%, {text: d, inSummary: true}]\n  - name: Old\n    highlights: [x]\n  - name: Older\n    inSummary: false\nreferences:\n  - name: R\n    reference: Good\nlanguages:\n  - language: English\n";

    fn at(drop: usize) -> Condense {
        Condense {
            drop,
            ..Condense::FULL
        }
    }

    #[test]
    fn the_ladder_tightens_before_dropping_then_drops_one_unit_at_a_time() {
        let p = profile(P);
        let l = ladder(&p, Kind::Resume);
        assert_eq!(l[0], Condense::FULL);
        let first_drop = l.iter().position(Condense::drops_content).unwrap();
        assert!(l[..first_drop].iter().all(|c| !c.drops_content()));
        let drops: Vec<usize> = l.iter().map(|c| c.drop).collect();
        assert!(drops.windows(2).all(|w| w[1] == w[0] || w[1] == w[0] + 1));
        assert_eq!(*drops.last().unwrap(), droppable(&p, Kind::Resume));
        assert!(
            l.iter().all(|c| c.scale * 10.0 >= 8.5),
            "body text stays readable"
        );
        assert!(tightening().iter().all(|c| !c.drops_content()));
    }

    #[test]
    fn the_least_important_goes_first() {
        let p = profile(P);
        // References first (the least of the standard sections), then the language, then the
        // older role's and the current role's last highlights; the quantified one outlasts its
        // unquantified neighbours.
        let (one, notes) = select(&p, Kind::Resume, &at(1));
        assert!(
            one.references.is_empty() && !one.languages.is_empty(),
            "{notes:?}"
        );
        assert_eq!(notes, ["dropped 1 reference"]);
        let (many, _) = select(&p, Kind::Resume, &at(droppable(&p, Kind::Resume)));
        let texts: Vec<&str> = many.work[0]
            .highlights
            .iter()
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(texts, ["d"], "the marked highlight survives everything");
        assert_eq!(many.work.len(), 1, "the most recent role stays");
        assert_eq!(many.basics.summary.as_deref(), Some("First."));
        let (some, _) = select(&p, Kind::Resume, &at(4));
        let texts: Vec<&str> = some.work[0]
            .highlights
            .iter()
            .map(|h| h.text.as_str())
            .collect();
        assert!(texts.contains(&"c 40%"), "{texts:?}");
    }

    #[test]
    fn a_summary_keeps_everything_that_fits_but_what_is_marked_out() {
        let (p, notes) = select(&profile(P), Kind::Summary, &Condense::FULL);
        assert_eq!(p.basics.summary.as_deref(), Some("First.\n\nSecond."));
        assert_eq!(p.work.len(), 2, "Older is marked out");
        assert!(notes.is_empty());
    }

    #[test]
    fn an_entry_left_with_nothing_under_its_name_goes_too() {
        let p = profile(
            "basics:\n  name: A\ncustom:\n  - title: Depth\n    entries:\n      - name: Kafka\n        highlights: [one, two]\n",
        );
        let n = droppable(&p, Kind::Summary);
        let (q, notes) = select(&p, Kind::Summary, &at(2));
        assert!(q.custom[0].entries.is_empty(), "{notes:?} of {n}");
        assert!(notes.iter().any(|n| n.contains("project")), "{notes:?}");
    }

    #[test]
    fn notes_count_and_name_what_went() {
        let (_, notes) = select(&profile(P), Kind::Resume, &at(5));
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("dropped") && n.contains("highlight")),
            "{notes:?}"
        );
    }
}
