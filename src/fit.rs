//! Page fitting: find the richest step of a condensation ladder whose document fits.
//!
//! Page count grows with content, so a binary search over the ladder finds the first step that
//! fits in `2 + ⌈log₂ n⌉` compiles at most, instead of one compile per step.

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
    if pages <= max_pages || steps <= 1 {
        return match pages <= max_pages {
            true => Ok(Fitted {
                step: 0,
                pages,
                document,
                compiles: 1,
            }),
            false => Err(FitError::TooLong { pages, compiles: 1 }),
        };
    }
    let last = steps - 1;
    let (pages, document) = run(last)?;
    if pages > max_pages {
        return Err(FitError::TooLong { pages, compiles: 2 });
    }
    // Invariant: `lo` does not fit, `hi` fits and `best` is its document.
    let (mut lo, mut hi, mut best) = (0, last, (pages, document));
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

/// The most compiles [`search`] makes over `steps` steps.
pub fn max_compiles(steps: usize) -> usize {
    if steps <= 1 {
        1
    } else {
        2 + (usize::BITS - (steps - 1).leading_zeros()) as usize
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
    fn fitting_content_takes_one_compile_and_too_long_content_two() {
        assert_eq!(
            search::<_, ()>(13, 9, |i| Ok((pages_at(i), i)))
                .unwrap()
                .compiles,
            1
        );
        match search::<usize, ()>(13, 0, |i| Ok((pages_at(i), i))) {
            Err(FitError::TooLong {
                pages: 1,
                compiles: 2,
            }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_bound_is_logarithmic() {
        assert_eq!(max_compiles(13), 6);
        assert_eq!(max_compiles(2), 3);
        assert_eq!(max_compiles(1), 1);
    }
}
