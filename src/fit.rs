//! Page fitting: find the richest step of a condensation ladder whose document fits.
//!
//! Page count falls as the ladder condenses, so a galloping binary search finds the first step
//! that fits in O(log n) compiles (see [`max_compiles`]) instead of one compile per step.

/// The outcome of a search: the chosen step, its document, and how many compiles it took.
#[derive(Debug)]
pub struct Fitted<D> {
    pub step: usize,
    pub pages: usize,
    pub document: D,
    pub compiles: usize,
}

/// Why nothing fit.
#[derive(Debug)]
pub enum FitError<E> {
    /// Even the leanest step needs this many pages.
    TooLong {
        pages: usize,
        compiles: usize,
    },
    Failed(E),
}

/// Search `steps` (richest first) for the first whose document has at most `max_pages` pages.
/// `try_step(i)` compiles step `i` and returns its page count and document.
///
/// Most documents overflow by a little, so the search gallops (steps 1, 2, 4, 8, …) until one
/// fits, then bisects between the last that did not and the first that did.
pub fn search<D, E>(
    steps: usize,
    max_pages: usize,
    mut try_step: impl FnMut(usize) -> Result<(usize, D), E>,
) -> Result<Fitted<D>, FitError<E>> {
    let mut compiles = 0;
    let mut run = |i: usize| {
        compiles += 1;
        try_step(i).map_err(FitError::Failed)
    };
    let (pages, document) = run(0)?;
    if pages <= max_pages {
        return Ok(Fitted {
            step: 0,
            pages,
            document,
            compiles: 1,
        });
    }
    let last = steps.saturating_sub(1);
    let (mut lo, mut probe) = (0, 1);
    let (mut hi, mut best) = loop {
        if lo == last {
            return Err(FitError::TooLong { pages, compiles: 1 });
        }
        let at = probe.min(last);
        let (pages, document) = run(at)?;
        if pages <= max_pages {
            break (at, (pages, document));
        }
        if at == last {
            return Err(FitError::TooLong { pages, compiles });
        }
        lo = at;
        probe *= 2;
    };
    // Invariant: `lo` does not fit, `hi` fits and `best` is its document.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let (pages, document) = run(mid)?;
        if pages <= max_pages {
            hi = mid;
            best = (pages, document);
        } else {
            lo = mid;
        }
    }
    Ok(Fitted {
        step: hi,
        pages: best.0,
        document: best.1,
        compiles,
    })
}

/// The most compiles [`search`] makes over `steps` steps: the first, the gallop, the bisection.
pub fn max_compiles(steps: usize) -> usize {
    let log = |n: usize| (usize::BITS - n.saturating_sub(1).leading_zeros()) as usize;
    if steps <= 1 {
        1
    } else {
        1 + (log(steps - 1) + 1) + log(steps / 2 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Steps of a fake document whose page count falls as the step rises.
    fn pages_at(i: usize) -> usize {
        [5, 4, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1][i]
    }

    #[test]
    fn finds_the_richest_step_that_fits() {
        for max in 1..=5 {
            let found = search::<_, ()>(13, max, |i| Ok((pages_at(i), i))).unwrap();
            let expected = (0..13).find(|&i| pages_at(i) <= max).unwrap();
            assert_eq!(found.step, expected, "max {max}");
            assert!(
                found.compiles <= max_compiles(13),
                "{} compiles",
                found.compiles
            );
        }
    }

    #[test]
    fn fitting_content_takes_one_compile_and_a_slight_overflow_two() {
        assert_eq!(
            search::<_, ()>(13, 9, |i| Ok((pages_at(i), i)))
                .unwrap()
                .compiles,
            1
        );
        let slight = search::<_, ()>(13, 4, |i| Ok((pages_at(i), i))).unwrap();
        assert_eq!((slight.step, slight.compiles), (1, 2));
        match search::<usize, ()>(13, 0, |i| Ok((pages_at(i), i))) {
            Err(FitError::TooLong { pages: 1, .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_outcome_stays_within_the_bound() {
        for steps in 1..40 {
            for cut in 0..=steps {
                // Step i fits when i >= cut.
                let r = search::<_, ()>(steps, 1, |i| Ok((if i >= cut { 1 } else { 2 }, i)));
                let compiles = match r {
                    Ok(f) => {
                        assert_eq!(f.step, cut, "steps {steps}, cut {cut}");
                        f.compiles
                    }
                    Err(FitError::TooLong { compiles, .. }) => {
                        assert_eq!(cut, steps);
                        compiles
                    }
                    Err(FitError::Failed(())) => unreachable!(),
                };
                let bound = max_compiles(steps);
                assert!(
                    compiles <= bound,
                    "steps {steps}, cut {cut}: {compiles} > {bound}"
                );
            }
        }
        // A ladder of 14 steps, like vitae's: at most 9 compiles, the bound is tight.
        let worst = (0..=14)
            .map(
                |cut| match search::<_, ()>(14, 1, |i| Ok((if i >= cut { 1 } else { 2 }, i))) {
                    Ok(f) => f.compiles,
                    Err(FitError::TooLong { compiles, .. }) => compiles,
                    Err(FitError::Failed(())) => unreachable!(),
                },
            )
            .max();
        assert_eq!(worst, Some(max_compiles(14)));
    }
}
