//! Exit codes, and how a failure's cause becomes one.

use crate::diag::{Cause, Failed};

use super::printer::Reporter;

/// Why a document could not be made, and so the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Failure {
    Input = 1,
    Usage = 2,
    Internal = 3,
}

impl From<Cause> for Failure {
    fn from(cause: Cause) -> Failure {
        match cause {
            Cause::Input => Failure::Input,
            Cause::Internal => Failure::Internal,
        }
    }
}

/// Print a failure's diagnostics; its exit code.
pub fn report_failed(failed: Failed, reporter: &mut Reporter) -> Failure {
    failed.diagnostics.iter().for_each(|d| reporter.emit(d));
    Failure::from(failed.cause)
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
