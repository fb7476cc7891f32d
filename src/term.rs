//! Printing to the terminal without ever panicking.
//!
//! `println!` and `eprintln!` panic when the stream is closed (a pipe whose reader left) or
//! full (`2>/dev/full`), turning a finished run into exit status 101. Everything rungs prints
//! goes through here instead: a failed write is dropped, and the run ends with the status it
//! earned. Only `cli` and `serve` print.

//!
//! How much is said is set once per run (`-q`/`-v`): errors always; warnings, summaries and
//! progress unless quiet ([`info`]); stage timings only when verbose ([`verbose`]).

use std::io::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};

/// How much a run prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verbosity {
    /// Errors only (`-q`).
    Quiet = 0,
    /// Errors, warnings, summaries and progress.
    Normal = 1,
    /// Also how long each stage took (`-v`).
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

/// Sets how much this run prints.
pub(crate) fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, Ordering::Relaxed);
}

/// Whether messages of level `v` are printed.
pub(crate) fn shows(v: Verbosity) -> bool {
    VERBOSITY.load(Ordering::Relaxed) >= v as u8
}

/// Writes to stderr; a closed or full stream is ignored.
pub(crate) fn write_stderr(args: std::fmt::Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// Writes to stdout and flushes; a closed or full stream is ignored.
pub(crate) fn write_stdout(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_fmt(args);
    let _ = out.flush();
}

/// `eprint!` that never panics.
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::term::write_stderr(format_args!($($arg)*))
    };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::term::write_stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` for warnings, summaries and progress: silent with `-q`.
macro_rules! info {
    ($($arg:tt)*) => {
        if $crate::term::shows($crate::term::Verbosity::Normal) {
            $crate::term::write_stderr(format_args!("{}\n", format_args!($($arg)*)))
        }
    };
}

/// `eprintln!` for stage timings: only with `-v`.
macro_rules! verbose {
    ($($arg:tt)*) => {
        if $crate::term::shows($crate::term::Verbosity::Verbose) {
            $crate::term::write_stderr(format_args!("{}\n", format_args!($($arg)*)))
        }
    };
}

/// `println!` that never panics.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::term::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {err, errln, info, outln, verbose};
