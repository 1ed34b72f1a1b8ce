//! Page fitting: find the richest step of a condensation ladder whose document fits.
//!
//! Page count falls as the ladder condenses. Each compile also says how long the document is
//! (how many full pages its text would fill), and the caller can say how big each step is
//! relative to the others (type size × amount of text), so the search first probes where the
//! document is *predicted* to fit, then confirms the step before it does not: usually three
//! compiles (the full document, the predicted step, its neighbour). When a prediction proves
//! wrong the search falls back to galloping and bisection, so the result is always the first
//! step that fits, in O(log n) compiles (see [`max_compiles`]).
//!
//! The first step need not be compiled when its length is known already ([`Start::Over`]): a
//! draft being tightened was compiled before the search, and a document whose size alone says
//! it is pages too long for its target is never compiled whole.

/// The outcome of a search: the chosen step, its document, and how many compiles it took.
#[derive(Debug)]
pub struct Fitted<D> {
    pub step: usize,
    pub pages: usize,
    /// See [`Trial::length`].
    pub length: f64,
    pub document: D,
    pub compiles: usize,
}

/// What one compile tells the search.
#[derive(Debug)]
pub struct Trial<D> {
    pub pages: usize,
    /// How many full pages the text would fill (1.3: a page and a third). It fits `n` pages
    /// roughly when it is at most `n`; only the predictions use it, never the verdict.
    pub length: f64,
    pub document: D,
}

/// Why nothing fit.
#[derive(Debug)]
pub enum FitError<E> {
    /// Even the leanest step needs this many pages.
    TooLong {
        pages: usize,
        /// How many full pages the leanest step's text would fill (see [`Trial::length`]).
        length: f64,
        compiles: usize,
    },
    Failed(E),
}

/// Predicted probes before the search falls back to galloping and bisection.
const GUIDED: usize = 4;

/// What is known of the first step before the search begins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Start {
    /// Nothing: compile it.
    Compile,
    /// It does not fit, and its text is this long (measured by an earlier compile, or
    /// predicted from a size that is certainly too long): the search goes on from there
    /// without compiling it.
    Over { pages: usize, length: f64 },
}

/// Search `steps` (richest first) for the first whose document has at most `max_pages` pages
/// — or, sooner, for any that fits and fills its pages to `good` (a length: 0.92 is a page 92 %
/// full; `f64::INFINITY` insists on the very first that fits). With steps of a line or two
/// each, a page filled that far is as good as the richest, and is found in far fewer compiles.
///
/// `size(i)` is step `i`'s size relative to the others (any unit: only ratios are used; a
/// constant means "no idea", which degrades to galloping). `try_step(i)` compiles step `i`.
/// `start` says whether step 0 must be compiled or is known not to fit.
pub fn search<D, E>(
    steps: usize,
    max_pages: usize,
    good: f64,
    start: Start,
    size: impl Fn(usize) -> f64,
    mut try_step: impl FnMut(usize) -> Result<Trial<D>, E>,
) -> Result<Fitted<D>, FitError<E>> {
    let mut compiles = 0;
    let mut run = |i: usize| {
        compiles += 1;
        try_step(i).map_err(FitError::Failed)
    };
    let fitted = |step, t: Trial<D>, compiles| Fitted {
        step,
        pages: t.pages,
        length: t.length,
        document: t.document,
        compiles,
    };
    let (first_pages, first_length) = match start {
        Start::Compile => {
            let first = run(0)?;
            if first.pages <= max_pages {
                return Ok(fitted(0, first, 1));
            }
            (first.pages, first.length)
        }
        Start::Over { pages, length } => (pages, length),
    };
    let last = steps.saturating_sub(1);
    if last == 0 {
        return Err(FitError::TooLong {
            pages: first_pages,
            length: first_length,
            compiles,
        });
    }
    // Every (size, length) compiled so far: a step's length is predicted from the nearest.
    let mut known = vec![(size(0), first_length)];
    let estimate = |known: &[(f64, f64)], i: usize| {
        let s = size(i);
        let distance = |k: &(f64, f64)| (s.max(1e-9) / k.0.max(1e-9)).ln().abs();
        let nearest = known
            .iter()
            .min_by(|a, b| distance(a).total_cmp(&distance(b)));
        match nearest {
            Some(&(ks, kl)) if ks > 0.0 => kl * s / ks,
            _ => first_length,
        }
    };
    // Where this template's page really ends, learnt from what fit and what did not: a length
    // of 1.05 may fit one template's page and overflow another's.
    let (mut longest_fit, mut shortest_overflow) = (0.0_f64, first_length);
    let will_fit = |length: f64, longest_fit: f64, shortest_overflow: f64| {
        length <= longest_fit || (length <= max_pages as f64 && length < shortest_overflow)
    };
    // Invariant: `lo` does not fit; `best`, when found, is the first step known to fit, and
    // lies after `lo`.
    let mut lo = 0;
    let mut best: Option<(usize, Trial<D>)> = None;
    let mut guided = GUIDED;
    let mut gallop = 1;
    loop {
        let upper = best.as_ref().map_or(last, |(hi, _)| hi - 1);
        if upper == lo {
            break;
        }
        let (at, predicted) = if guided > 0 {
            guided -= 1;
            let fits = |i| will_fit(estimate(&known, i), longest_fit, shortest_overflow);
            // Sizes fall along the ladder, so the first step predicted to fit is found by
            // bisection: a ladder of hundreds of steps costs a few predictions, not hundreds.
            let steps: Vec<usize> = (lo + 1..=upper).collect();
            let first = steps.partition_point(|&i| !fits(i));
            match steps.get(first) {
                Some(&i) => (i, Some(true)),
                // Nothing before `upper` should fit: confirm that `upper` does not.
                None => (upper, Some(false)),
            }
        } else if best.is_some() {
            (lo + (upper + 1 - lo) / 2, None)
        } else {
            let at = (lo + gallop).min(upper);
            gallop *= 2;
            (at, None)
        };
        let trial = run(at)?;
        known.push((size(at), trial.length));
        let fits = trial.pages <= max_pages;
        if fits {
            longest_fit = longest_fit.max(trial.length);
        } else {
            shortest_overflow = shortest_overflow.min(trial.length);
        }
        if predicted.is_some_and(|p| p != fits) {
            // Wrong once: one more guess with what was learnt, then plain bisection.
            guided = guided.min(1);
        }
        if fits && trial.length >= good {
            return Ok(fitted(at, trial, compiles));
        }
        if fits {
            best = Some((at, trial));
        } else if at == last {
            return Err(FitError::TooLong {
                pages: trial.pages,
                length: trial.length,
                compiles,
            });
        } else {
            lo = at;
        }
    }
    let (step, trial) = best.expect("the loop ends with a step that fits");
    Ok(fitted(step, trial, compiles))
}

/// The most compiles [`search`] makes over `steps` steps: the first, the predicted probes,
/// then a gallop and a bisection.
pub fn max_compiles(steps: usize) -> usize {
    let log = |n: usize| (usize::BITS - n.saturating_sub(1).leading_zeros()) as usize;
    if steps <= 1 {
        1
    } else {
        1 + GUIDED + (log(steps - 1) + 1) + log(steps / 2 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake document whose content at step `i` is `content[i]` pages.
    fn trial(content: f64, i: usize) -> Result<Trial<usize>, ()> {
        Ok(Trial {
            pages: (content.ceil() as usize).max(1),
            length: content,
            document: i,
        })
    }

    fn compiles<D>(r: &Result<Fitted<D>, FitError<()>>) -> usize {
        match r {
            Ok(f) => f.compiles,
            Err(FitError::TooLong { compiles, .. }) => *compiles,
            Err(FitError::Failed(())) => unreachable!(),
        }
    }

    /// Size predictions of every quality: exact, none, backwards, and noisy.
    fn predictors(content: &[f64]) -> Vec<Vec<f64>> {
        let n = content.len();
        vec![
            content.to_vec(),
            vec![1.0; n],
            (0..n).map(|i| (i + 1) as f64).collect(),
            content
                .iter()
                .enumerate()
                .map(|(i, c)| c * [0.6, 1.5, 0.9, 1.2, 0.0][i % 5])
                .collect(),
        ]
    }

    #[test]
    fn finds_the_richest_step_that_fits_however_good_the_prediction() {
        let content: Vec<f64> = (0..13).map(|i| 4.6 - 0.3 * i as f64).collect();
        for sizes in predictors(&content) {
            for max in 1..=5 {
                let found = search(
                    13,
                    max,
                    f64::INFINITY,
                    Start::Compile,
                    |i| sizes[i],
                    |i| trial(content[i], i),
                );
                let expected = (0..13).find(|&i| content[i].ceil() as usize <= max);
                assert_eq!(found.as_ref().ok().map(|f| f.step), expected, "max {max}");
                assert!(compiles(&found) <= max_compiles(13));
            }
        }
    }

    #[test]
    fn a_good_prediction_needs_three_compiles_or_four_near_the_edge() {
        // Like vitae's ladder: type and spacing shrink first, then content goes.
        let factor = [
            1.0, 0.95, 0.9, 0.85, 0.77, 0.72, 0.65, 0.6, 0.52, 0.47, 0.4, 0.35, 0.3, 0.25,
        ];
        let mut total = 0;
        for tenth in 5..40 {
            let full = tenth as f64 / 10.0 + 0.05;
            // The real lengths are within 3% of the prediction.
            let content: Vec<f64> = (0..14)
                .map(|i| full * factor[i] * [1.0, 1.03, 0.97][i % 3])
                .collect();
            let found = search(
                14,
                1,
                f64::INFINITY,
                Start::Compile,
                |i| factor[i],
                |i| trial(content[i], i),
            );
            let expected = (0..14).find(|&i| content[i] <= 1.0);
            assert_eq!(found.as_ref().ok().map(|f| f.step), expected, "{full}");
            // A fourth when a step lies within the prediction's error of the page's end.
            assert!(
                compiles(&found) <= 4,
                "{full}: {} compiles",
                compiles(&found)
            );
            total += compiles(&found);
        }
        assert!(total <= 3 * 35, "{total} compiles for 35 documents");
    }

    #[test]
    fn fitting_content_takes_one_compile_and_a_slight_overflow_two() {
        let content = [1.05, 0.98, 0.93];
        let fits = search(
            3,
            2,
            f64::INFINITY,
            Start::Compile,
            |i| content[i],
            |i| trial(content[i], i),
        )
        .unwrap();
        assert_eq!((fits.step, fits.compiles), (0, 1));
        let slight = search(
            3,
            1,
            f64::INFINITY,
            Start::Compile,
            |i| content[i],
            |i| trial(content[i], i),
        )
        .unwrap();
        assert_eq!((slight.step, slight.compiles), (1, 2));
        match search(
            3,
            0,
            f64::INFINITY,
            Start::Compile,
            |i| content[i],
            |i| trial(content[i], i),
        ) {
            Err(FitError::TooLong { pages: 1, .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_step_that_fills_its_page_well_ends_the_search() {
        // Steps a line each: 2.0 pages down to 0.5; the page holds 1.0.
        let content: Vec<f64> = (0..61).map(|i| 2.0 - 0.025 * i as f64).collect();
        let good = search(
            61,
            1,
            0.92,
            Start::Compile,
            |i| content[i],
            |i| trial(content[i], i),
        )
        .unwrap();
        assert!(good.length >= 0.92 && good.length <= 1.0, "{}", good.length);
        assert!(good.compiles <= 3, "{} compiles", good.compiles);
        let richest = search(
            61,
            1,
            f64::INFINITY,
            Start::Compile,
            |i| content[i],
            |i| trial(content[i], i),
        );
        assert_eq!(richest.unwrap().step, 40);
    }

    /// The richest step, wherever the cut, whatever the prediction, within the bound — and,
    /// when the first step is known to overflow, never compiling it.
    #[test]
    fn every_outcome_stays_within_the_bound() {
        let over = Start::Over {
            pages: 2,
            length: 1.5,
        };
        for steps in 1..40 {
            for cut in 0..=steps {
                // Step i fits when i >= cut.
                let content: Vec<f64> = (0..steps)
                    .map(|i| if i >= cut { 0.9 } else { 1.5 })
                    .collect();
                let starts = if cut == 0 {
                    vec![Start::Compile]
                } else {
                    vec![Start::Compile, over]
                };
                for (sizes, start) in predictors(&content)
                    .into_iter()
                    .flat_map(|sizes| starts.iter().map(move |&start| (sizes.clone(), start)))
                {
                    let r = search(
                        steps,
                        1,
                        f64::INFINITY,
                        start,
                        |i| sizes[i],
                        |i| {
                            assert!(i > 0 || start == Start::Compile, "step 0 compiled");
                            trial(content[i], i)
                        },
                    );
                    match &r {
                        Ok(f) => assert_eq!(f.step, cut, "steps {steps}, cut {cut}"),
                        Err(FitError::TooLong { .. }) => assert_eq!(cut, steps),
                        Err(FitError::Failed(())) => unreachable!(),
                    }
                    let bound = max_compiles(steps);
                    assert!(
                        compiles(&r) <= bound,
                        "steps {steps}, cut {cut}: {} > {bound}",
                        compiles(&r)
                    );
                }
            }
        }
    }

    #[test]
    fn a_first_step_known_to_overflow_is_never_compiled() {
        // A two-page draft (length 1.1) tightened to one page, its length measured already:
        // the predicted step fills its page well and is taken at once.
        let content = [1.1, 1.05, 0.97, 0.93, 0.85];
        let tightened = search(
            5,
            1,
            0.93,
            Start::Over {
                pages: 2,
                length: 1.1,
            },
            |i| content[i],
            |i| {
                assert_ne!(i, 0, "step 0 was compiled");
                trial(content[i], i)
            },
        )
        .unwrap();
        assert_eq!((tightened.step, tightened.compiles), (2, 1));
    }

    #[test]
    fn a_far_too_long_document_is_fitted_from_a_predicted_length() {
        // A 28-page profile into one page, its first length only predicted (26 pages, from
        // its size): the search never compiles it and lands in a few compiles.
        let factor: Vec<f64> = (0..40).map(|i| 1.0 - 0.024 * i as f64).collect();
        let content: Vec<f64> = factor.iter().map(|f| 28.0 * f * f * f * f).collect();
        let sizes: Vec<f64> = factor.iter().map(|f| f * f * f * f).collect();
        let expected = (0..40).find(|&i| content[i] <= 1.0);
        let r = search(
            40,
            1,
            f64::INFINITY,
            Start::Over {
                pages: 26,
                length: 26.0,
            },
            |i| sizes[i],
            |i| {
                assert_ne!(i, 0);
                trial(content[i], i)
            },
        );
        assert_eq!(r.as_ref().ok().map(|f| f.step), expected);
        assert!(compiles(&r) <= 4, "{} compiles", compiles(&r));
    }
}
