//! Printing to the terminal without ever panicking.
//!
//! `println!` and `eprintln!` panic when the stream is closed (a pipe whose reader left) or
//! full (`2>/dev/full`), turning a finished run into exit status 101. Everything rungs prints
//! goes through here instead: a failed write is dropped, and the run ends with the status it
//! earned. Only `cli` and `serve` print.

use std::io::Write as _;

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

/// `println!` that never panics.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::term::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {err, errln, outln};
