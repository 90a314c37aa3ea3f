//! The PDFs of a long chronology's parts, kept in an unnamed temporary file until they are
//! joined, so that memory does not grow with the length of the chronology: a 100,000-event
//! chronology's parts come to about 400 MB.
//!
//! The file has no name (`tempfile::tempfile`): nothing is left behind if the run stops, and no
//! other process can open it.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

use attache_core::{Diagnostic, Diagnostics};

/// Where one part's bytes lie in the spool.
#[derive(Debug, Clone, Copy)]
pub(super) struct Spooled {
    offset: u64,
    len: usize,
}

impl Spooled {
    /// How many bytes the part has.
    pub(super) fn len(&self) -> usize {
        self.len
    }
}

/// Parts written one after another into a temporary file, read back in any order.
pub(super) struct Spool {
    file: Mutex<File>,
}

impl Spool {
    /// An empty spool in the system's temporary folder.
    pub(super) fn new() -> Result<Self, Diagnostics> {
        let file = tempfile::tempfile().map_err(|e| failed("make", &e))?;
        Ok(Self {
            file: Mutex::new(file),
        })
    }

    /// Appends one part's bytes.
    pub(super) fn put(&self, bytes: &[u8]) -> Result<Spooled, Diagnostics> {
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let offset = file
            .seek(SeekFrom::End(0))
            .and_then(|offset| file.write_all(bytes).map(|()| offset))
            .map_err(|e| failed("write", &e))?;
        Ok(Spooled {
            offset,
            len: bytes.len(),
        })
    }

    /// Reads one part's bytes back.
    pub(super) fn take(&self, at: Spooled) -> Result<Vec<u8>, Diagnostics> {
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let mut bytes = vec![0; at.len];
        file.seek(SeekFrom::Start(at.offset))
            .and_then(|_| file.read_exact(&mut bytes))
            .map_err(|e| failed("read", &e))?;
        Ok(bytes)
    }
}

/// A spool that could not be used, with the system's reason.
fn failed(what: &str, e: &std::io::Error) -> Diagnostics {
    Diagnostic::error(format!(
        "cannot {what} the temporary file that holds the parts of the chronology: {e}"
    ))
    .with_hint("check the free space of the temporary folder (TMPDIR), or narrow the selection")
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_as_they_went_in_whatever_the_order() {
        let spool = Spool::new().expect("a spool");
        let one = spool.put(b"first part").expect("written");
        let two = spool.put(b"").expect("written");
        let three = spool.put(b"third").expect("written");
        assert_eq!(spool.take(three).expect("read"), b"third");
        assert_eq!(spool.take(one).expect("read"), b"first part");
        assert_eq!(spool.take(two).expect("read"), b"");
    }
}
