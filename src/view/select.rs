//! What a document shows: the whole profile for a résumé, a chosen part for a one-page
//! summary, and how far either is condensed to fit its pages.
//!
//! Order in the profile is the priority signal: the first role, highlight or project matters
//! most. `inSummary: true` keeps an item through any condensation; `inSummary: false` keeps it
//! out of summaries. The name, the contacts and the most recent role are never dropped.

use crate::profile::{Highlight, Profile, Project};

/// The two kinds of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Kind {
    #[default]
    Resume,
    Summary,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Resume => "resume",
            Kind::Summary => "summary",
        }
    }
}

/// One step of condensation: caps on what is shown, and the type and spacing scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Condense {
    pub roles: Option<usize>,
    pub positions: Option<usize>,
    /// Per role, position and project.
    pub highlights: Option<usize>,
    /// Top-level projects.
    pub projects: Option<usize>,
    /// Projects inside a role.
    pub nested_projects: Option<usize>,
    pub details: bool,
    /// Secondary sections (custom, references, volunteering, publications, awards) kept, the
    /// least important going first; what is marked `inSummary: true` always stays.
    pub extras: Option<usize>,
    pub skill_groups: Option<usize>,
    /// Keywords per skill group.
    pub keywords: Option<usize>,
    /// Type size, as a factor of the template's (templates keep body text ≥ 8.5 pt).
    pub scale: f64,
    /// Vertical spacing, as a factor of the template's.
    pub spacing: f64,
}

impl Condense {
    /// Everything, at the template's size.
    pub const FULL: Condense = Condense {
        roles: None,
        positions: None,
        highlights: None,
        projects: None,
        nested_projects: None,
        details: true,
        extras: None,
        skill_groups: None,
        keywords: None,
        scale: 1.0,
        spacing: 1.0,
    };

    /// Whether this step shows less than `FULL` (as opposed to only setting it tighter).
    pub fn drops_content(&self) -> bool {
        let full = Condense {
            scale: self.scale,
            spacing: self.spacing,
            ..Condense::FULL
        };
        *self != full
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

/// The steps from richest to leanest. Layout is tightened before content is dropped, and
/// content goes in the order a reader would miss it least.
pub fn ladder() -> Vec<Condense> {
    let f = Condense::FULL;
    // Content is dropped only once type and spacing are as tight as reads well (body ≥ 9 pt
    // in a 10 pt template).
    let tight = Condense {
        scale: 0.9,
        spacing: 0.7,
        ..f.clone()
    };
    let mut steps = vec![
        f.clone(),
        Condense {
            spacing: 0.9,
            ..f.clone()
        },
        Condense {
            scale: 0.97,
            spacing: 0.85,
            ..f.clone()
        },
        Condense {
            scale: 0.94,
            spacing: 0.8,
            ..f.clone()
        },
        tight.clone(),
    ];
    let few_extras = Condense {
        details: false,
        highlights: Some(2),
        nested_projects: Some(1),
        projects: Some(2),
        roles: Some(3),
        positions: Some(2),
        keywords: Some(8),
        skill_groups: Some(6),
        ..tight.clone()
    };
    let content = [
        Condense {
            details: false,
            ..tight.clone()
        },
        Condense {
            details: false,
            highlights: Some(5),
            nested_projects: Some(3),
            ..tight.clone()
        },
        Condense {
            details: false,
            highlights: Some(4),
            nested_projects: Some(2),
            projects: Some(4),
            ..tight.clone()
        },
        Condense {
            details: false,
            highlights: Some(3),
            nested_projects: Some(2),
            projects: Some(3),
            roles: Some(5),
            positions: Some(3),
            ..tight.clone()
        },
        Condense {
            details: false,
            highlights: Some(3),
            nested_projects: Some(1),
            projects: Some(2),
            roles: Some(4),
            positions: Some(2),
            keywords: Some(10),
            ..tight.clone()
        },
        few_extras.clone(),
        // Secondary sections go a few at a time, so that a résumé held to two pages keeps
        // what still fits instead of losing them all at once.
        Condense {
            extras: Some(4),
            ..few_extras.clone()
        },
        Condense {
            extras: Some(2),
            ..few_extras
        },
        Condense {
            details: false,
            highlights: Some(2),
            nested_projects: Some(0),
            projects: Some(1),
            roles: Some(3),
            positions: Some(2),
            keywords: Some(6),
            skill_groups: Some(5),
            extras: Some(0),
            scale: 0.9,
            spacing: 0.7,
        },
        Condense {
            details: false,
            highlights: Some(1),
            nested_projects: Some(0),
            projects: Some(1),
            roles: Some(2),
            positions: Some(1),
            keywords: Some(6),
            skill_groups: Some(4),
            extras: Some(0),
            scale: 0.88,
            spacing: 0.65,
        },
        Condense {
            details: false,
            highlights: Some(1),
            nested_projects: Some(0),
            projects: Some(0),
            roles: Some(1),
            positions: Some(1),
            keywords: Some(5),
            skill_groups: Some(3),
            extras: Some(0),
            scale: 0.85,
            spacing: 0.6,
        },
    ];
    steps.extend(content);
    steps
}

/// The steps that only tighten layout, for dropping a near-empty last page.
pub fn tightening() -> Vec<Condense> {
    ladder()
        .into_iter()
        .filter(|c| !c.drops_content())
        .collect()
}

/// The part of `profile` a document of `kind` shows at condensation `c`, and notes on what
/// was left out (for `vitae check --kind summary`).
pub fn select(profile: &Profile, kind: Kind, c: &Condense) -> (Profile, Vec<String>) {
    let mut p = profile.clone();
    let mut notes = Notes::default();
    if kind == Kind::Summary {
        summary_part(&mut p);
    }
    let work_names: Vec<String> = p
        .work
        .iter()
        .map(|w| {
            w.name
                .clone()
                .or_else(|| w.position.clone())
                .unwrap_or_default()
        })
        .collect();
    if let Some(cap) = c.roles {
        let dropped = keep(&mut p.work, cap.max(1), |i, w| {
            i == 0 || w.in_summary == Some(true)
        });
        notes.add(
            dropped.len(),
            "role",
            &dropped
                .iter()
                .map(|&i| work_names[i].clone())
                .collect::<Vec<_>>(),
        );
    }
    for w in &mut p.work {
        let name = w
            .name
            .clone()
            .or_else(|| w.position.clone())
            .unwrap_or_default();
        if let Some(cap) = c.positions {
            let n = keep(&mut w.positions, cap.max(1), |i, x| {
                i == 0 || x.in_summary == Some(true)
            })
            .len();
            notes.count_in(n, "position", &name);
        }
        let mut highlights = cap_highlights(&mut w.highlights, c.highlights);
        let mut projects = cap_projects(&mut w.projects, c.nested_projects);
        let mut details = 0;
        if !c.details {
            details += std::mem::take(&mut w.details).len();
        }
        for x in &mut w.positions {
            highlights += cap_highlights(&mut x.highlights, c.highlights);
            projects += cap_projects(&mut x.projects, c.nested_projects);
            for pr in &mut x.projects {
                highlights += cap_highlights(&mut pr.highlights, c.highlights);
                if !c.details {
                    details += std::mem::take(&mut pr.details).len();
                }
            }
            if !c.details {
                details += std::mem::take(&mut x.details).len();
            }
        }
        for pr in &mut w.projects {
            highlights += cap_highlights(&mut pr.highlights, c.highlights);
            if !c.details {
                details += std::mem::take(&mut pr.details).len();
            }
        }
        notes.count_in(highlights, "highlight", &name);
        notes.count_in(projects, "project", &name);
        notes.count_in(details, "detail", &name);
    }
    if let Some(cap) = c.projects {
        let n = keep(&mut p.projects, cap, |_, x| x.in_summary == Some(true)).len();
        notes.add(n, "project", &[]);
    }
    let mut highlights = 0;
    let mut details = 0;
    for pr in &mut p.projects {
        highlights += cap_highlights(&mut pr.highlights, c.highlights);
        if !c.details {
            details += std::mem::take(&mut pr.details).len();
        }
    }
    notes.count_in(highlights, "highlight", "projects");
    notes.count_in(details, "detail", "projects");
    if let Some(cap) = c.extras {
        let before = sections(&p);
        cap_secondary(&mut p, cap);
        notes.add(before - sections(&p), "section", &[]);
    }
    if let Some(cap) = c.skill_groups {
        let n = keep(&mut p.skills, cap, |_, s| s.in_summary == Some(true)).len();
        notes.add(n, "skill group", &[]);
    }
    if let Some(cap) = c.keywords {
        let n: usize = p
            .skills
            .iter_mut()
            .map(|s| truncate(&mut s.keywords, cap))
            .sum();
        notes.add(n, "skill", &[]);
    }
    if c.scale < 1.0 {
        notes.0.push(format!("type at {:.0}%", c.scale * 100.0));
    }
    if c.spacing < 1.0 {
        notes
            .0
            .push(format!("spacing at {:.0}%", c.spacing * 100.0));
    }
    (p, notes.0)
}

/// A summary shows the summary's first paragraph, roles with their highlights, featured
/// projects, skills, the latest education and certificates; other sections only where marked
/// `inSummary: true`. Labelled details stay in the full résumé.
fn summary_part(p: &mut Profile) {
    if let Some(summary) = &p.basics.summary {
        let first = summary
            .split("\n\n")
            .map(str::trim)
            .find(|s| !s.is_empty())
            .unwrap_or("")
            .to_string();
        p.basics.summary = (!first.is_empty()).then_some(first);
    }
    let shown = |flag: Option<bool>| flag != Some(false);
    let marked = |flag: Option<bool>| flag == Some(true);
    p.work.retain(|w| shown(w.in_summary));
    // Labelled write-ups (Problem / Solution …) belong to the full résumé.
    for w in &mut p.work {
        w.details.clear();
        w.projects.iter_mut().for_each(|x| x.details.clear());
        for x in &mut w.positions {
            x.details.clear();
            x.projects.iter_mut().for_each(|pr| pr.details.clear());
        }
    }
    p.projects.iter_mut().for_each(|x| x.details.clear());
    for w in &mut p.work {
        w.positions.retain(|x| shown(x.in_summary));
        w.projects.retain(|x| shown(x.in_summary));
        w.highlights.retain(|h| shown(h.in_summary));
        for x in &mut w.positions {
            x.highlights.retain(|h| shown(h.in_summary));
            x.projects.retain(|pr| shown(pr.in_summary));
        }
    }
    if p.projects.iter().any(|x| marked(x.in_summary)) {
        p.projects.retain(|x| marked(x.in_summary));
    } else {
        p.projects.retain(|x| shown(x.in_summary));
    }
    for x in &mut p.projects {
        x.highlights.retain(|h| shown(h.in_summary));
    }
    p.skills.retain(|s| shown(s.in_summary));
    p.certificates.retain(|c| shown(c.in_summary));
    p.education.retain(|e| shown(e.in_summary));
    let mut first = true;
    p.education
        .retain(|e| std::mem::replace(&mut first, false) || marked(e.in_summary));
    secondary_only_marked(p);
    p.languages.clear();
    p.interests.clear();
}

/// Secondary sections keep only what is marked `inSummary: true`.
fn secondary_only_marked(p: &mut Profile) {
    let marked = |flag: Option<bool>| flag == Some(true);
    p.volunteer.retain(|x| marked(x.in_summary));
    p.awards.retain(|x| marked(x.in_summary));
    p.publications.retain(|x| marked(x.in_summary));
    p.references.retain(|x| marked(x.in_summary));
    p.custom.retain(|x| marked(x.in_summary));
}

/// Drop secondary sections until at most `cap` remain (or only marked items are left): custom
/// sections from the last, then references, volunteering, publications and awards. Items
/// marked `inSummary: true` stay.
fn cap_secondary(p: &mut Profile, cap: usize) {
    let marked = |flag: Option<bool>| flag == Some(true);
    while sections(p) > cap {
        if let Some(i) = p.custom.iter().rposition(|x| !marked(x.in_summary)) {
            p.custom.remove(i);
            continue;
        }
        let before = sections(p);
        // One standard section at a time, least important first; a section that keeps a marked
        // item still counts, so the next one goes too.
        for strip in [
            |p: &mut Profile| p.references.retain(|x| x.in_summary == Some(true)),
            |p: &mut Profile| p.volunteer.retain(|x| x.in_summary == Some(true)),
            |p: &mut Profile| p.publications.retain(|x| x.in_summary == Some(true)),
            |p: &mut Profile| p.awards.retain(|x| x.in_summary == Some(true)),
        ] {
            strip(p);
            if sections(p) < before {
                break;
            }
        }
        if sections(p) == before {
            break;
        }
    }
}

/// How many secondary sections have something to show.
fn sections(p: &Profile) -> usize {
    let standard = [
        p.volunteer.is_empty(),
        p.awards.is_empty(),
        p.publications.is_empty(),
        p.references.is_empty(),
    ];
    standard.iter().filter(|empty| !**empty).count() + p.custom.len()
}

/// Keep at most `cap` items: those `must` keeps first, then the rest in order; the kept ones
/// stay in their original order. Returns the indices dropped.
fn keep<T>(items: &mut Vec<T>, cap: usize, must: impl Fn(usize, &T) -> bool) -> Vec<usize> {
    if items.len() <= cap {
        return Vec::new();
    }
    let mut chosen: Vec<usize> = (0..items.len()).filter(|&i| must(i, &items[i])).collect();
    for i in 0..items.len() {
        if chosen.len() >= cap {
            break;
        }
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    let dropped: Vec<usize> = (0..items.len()).filter(|i| !chosen.contains(i)).collect();
    let mut index = 0;
    items.retain(|_| {
        let k = chosen.contains(&index);
        index += 1;
        k
    });
    dropped
}

fn cap_highlights(hs: &mut Vec<Highlight>, cap: Option<usize>) -> usize {
    cap.map_or(0, |cap| {
        keep(hs, cap, |_, h| h.in_summary == Some(true)).len()
    })
}

fn cap_projects(ps: &mut Vec<Project>, cap: Option<usize>) -> usize {
    cap.map_or(0, |cap| {
        keep(ps, cap, |_, p| p.in_summary == Some(true)).len()
    })
}

fn truncate<T>(v: &mut Vec<T>, cap: usize) -> usize {
    let n = v.len().saturating_sub(cap);
    v.truncate(cap);
    n
}

/// "dropped 2 highlights from Spyne".
#[derive(Default)]
struct Notes(Vec<String>);

impl Notes {
    fn add(&mut self, n: usize, what: &str, names: &[String]) {
        if n == 0 {
            return;
        }
        let s = if n == 1 { "" } else { "s" };
        let names: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|x| !x.is_empty())
            .collect();
        match names.is_empty() {
            true => self.0.push(format!("dropped {n} {what}{s}")),
            false => self
                .0
                .push(format!("dropped {n} {what}{s} ({})", names.join(", "))),
        }
    }

    fn count_in(&mut self, n: usize, what: &str, from: &str) {
        if n > 0 {
            let s = if n == 1 { "" } else { "s" };
            self.0.push(format!("dropped {n} {what}{s} from {from}"));
        }
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

    const P: &str = "basics:\n  name: A\n  summary: |\n    First.\n\n    Second.\nwork:\n  - name: Spyne\n    highlights: [a, b, c, {text: d, inSummary: true}]\n  - name: Old\n    highlights: [x]\n  - name: Older\n    inSummary: false\nreferences:\n  - name: R\nlanguages:\n  - language: English\n";

    #[test]
    fn the_ladder_goes_from_full_to_lean_and_tightens_before_dropping() {
        let l = ladder();
        assert_eq!(l[0], Condense::FULL);
        let first_drop = l.iter().position(Condense::drops_content).unwrap();
        assert!(l[..first_drop].iter().all(|c| !c.drops_content()));
        assert!(
            l.iter().all(|c| c.scale * 10.0 >= 8.5),
            "body text stays readable"
        );
        assert!(!tightening().is_empty() && tightening().iter().all(|c| !c.drops_content()));
    }

    #[test]
    fn secondary_sections_go_a_few_at_a_time_least_important_first() {
        let p = profile(
            "basics:\n  name: A\nreferences:\n  - name: R\nawards:\n  - title: W\ncustom:\n  - title: One\n    paragraphs: [x]\n  - title: Two\n    inSummary: true\n    paragraphs: [y]\n  - title: Three\n    paragraphs: [z]\n",
        );
        let kept = |cap| {
            let c = Condense {
                extras: Some(cap),
                ..Condense::FULL
            };
            let (p, notes) = select(&p, Kind::Resume, &c);
            let titles: Vec<String> = p.custom.iter().map(|s| s.title.clone()).collect();
            (titles, p.references.len(), p.awards.len(), notes)
        };
        let (titles, references, awards, notes) = kept(4);
        assert_eq!(
            (titles, references, awards),
            (vec!["One".into(), "Two".into()], 1, 1)
        );
        assert!(
            notes.contains(&"dropped 1 section".to_string()),
            "{notes:?}"
        );
        // Custom sections from the last (the marked one stays), then references.
        assert_eq!(kept(2).0, ["Two"]);
        assert_eq!((kept(2).1, kept(2).2), (0, 1));
        // Nothing unmarked is left at 0; the marked custom section still is.
        assert_eq!(
            (kept(0).0, kept(0).1, kept(0).2),
            (vec!["Two".to_string()], 0, 0)
        );
    }

    #[test]
    fn a_summary_keeps_the_first_paragraph_and_drops_what_is_marked_out() {
        let (p, _) = select(&profile(P), Kind::Summary, &Condense::FULL);
        assert_eq!(p.basics.summary.as_deref(), Some("First."));
        assert_eq!(p.work.len(), 2, "Older is marked out");
        assert!(p.references.is_empty() && p.languages.is_empty());
    }

    #[test]
    fn condensing_keeps_marked_highlights_and_the_most_recent_role() {
        let c = Condense {
            highlights: Some(2),
            roles: Some(0),
            ..Condense::FULL
        };
        let (p, notes) = select(&profile(P), Kind::Resume, &c);
        assert_eq!(p.work.len(), 1);
        assert_eq!(p.work[0].name.as_deref(), Some("Spyne"));
        let texts: Vec<&str> = p.work[0]
            .highlights
            .iter()
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(
            texts,
            ["a", "d"],
            "the marked highlight survives, order kept"
        );
        assert!(
            notes.contains(&"dropped 2 highlights from Spyne".to_string()),
            "{notes:?}"
        );
        assert!(
            notes.iter().any(|n| n.starts_with("dropped 2 roles")),
            "{notes:?}"
        );
    }
}
