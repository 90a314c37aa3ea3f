//! Laying the parts of a long chronology out in worker processes.
//!
//! Typst memoises its work in caches that all the threads of a process share, behind locks
//! that every memoised call takes, so two parts laid out on two threads of one process slow
//! each other down; in two processes they do not (`docs/performance.md`). So when several
//! parts are laid out at once, each worker of [`super::parallel`] starts a process of its own,
//! the program [`crate::Generator::layout_workers`] names, run as `layout-worker`, and hands it
//! its parts' sources one at a time.
//!
//! This process renders every source; the worker process only lays out and exports, with the
//! same templates folder (confined as here), fonts, date and export settings, through the same
//! functions. A part comes out byte-identical wherever it was laid out, and its errors and
//! warnings are traced back to their template lines in the same way. The worker process keeps
//! its last layout until the part is finished, so a part laid out again with its true first
//! page reuses Typst's memoised work from its first layout, as in this process.
//!
//! The protocol runs over the worker's standard input and output: a [`Setup`], then requests,
//! each answered by one reply, and a finished part's files after its reply. A message is its
//! length (8 bytes, little-endian) and its JSON; a file, its length and its bytes. It is
//! written by hand because it is this small: two requests, between two copies of one program.

use std::borrow::Cow;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use attache_core::{Diagnostic, Diagnostics};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use typst_layout::PagedDocument;

use super::layout::{Export, Exported, PartFiles, Run};
use super::parallel::{self, Layouter, Sketch};
use super::plan::Target;
use crate::folder::TemplatesFolder;
use crate::linemap::Rendered;
use crate::typeset;
use crate::{Briefing, Generator};

/// What a worker process is told once, when it starts.
#[derive(Serialize, Deserialize)]
struct Setup {
    /// The user's templates folder, if any.
    templates: Option<PathBuf>,
    export: Export,
}

/// What a worker process is asked to do.
#[derive(Serialize, Deserialize)]
enum Request<'a> {
    /// Lay this source out, in place of the layout kept so far; answered by [`LaidOut`].
    LayOut(Cow<'a, Rendered>),
    /// Export the kept layout, its pages numbered from `first_page`, and let it go; answered
    /// by [`Finished`] and the part's files.
    Finish { first_page: usize },
}

/// The answer to [`Request::LayOut`].
#[derive(Serialize, Deserialize)]
struct LaidOut {
    pages: usize,
    warnings: Vec<Diagnostic>,
}

/// The answer to [`Request::Finish`], before the part's files.
#[derive(Serialize, Deserialize)]
struct Finished {
    /// How many files follow: one PDF, or one image per page.
    files: usize,
    targets: Vec<(String, Target)>,
    /// The files read from the templates folder so far, which no output may replace.
    read: Vec<PathBuf>,
}

/// A reply: the answer, or the problems that prevented it.
type Reply<T> = Result<T, Vec<Diagnostic>>;

/// A worker process, serving one worker of this process.
pub(super) struct WorkerProcess<'r> {
    run: &'r Run<'r>,
    /// The setup, until it goes out with the first request.
    setup: Option<Setup>,
    child: Child,
    to: BufWriter<ChildStdin>,
    from: BufReader<ChildStdout>,
}

impl<'r> WorkerProcess<'r> {
    /// Starts `program` as a worker process for the parts of `run`. Only a program that
    /// cannot be started fails here; one that stops fails the first request.
    pub(super) fn start(program: &Path, run: &'r Run<'r>) -> io::Result<Self> {
        let mut child = Command::new(program)
            .arg(crate::LAYOUT_WORKER)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let (Some(to), Some(from)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("the worker process has no pipes"));
        };
        Ok(Self {
            run,
            setup: Some(Setup {
                templates: run.templates().map(Path::to_owned),
                export: run.exporting.clone(),
            }),
            child,
            to: BufWriter::new(to),
            from: BufReader::new(from),
        })
    }

    /// Sends a request (after the setup, the first time) and reads its answer.
    fn ask<T: DeserializeOwned>(&mut self, request: &Request<'_>) -> Result<T, Diagnostics> {
        let setup = match self.setup.take() {
            Some(setup) => send(&mut self.to, &setup),
            None => Ok(()),
        };
        let reply: Reply<T> = setup
            .and_then(|()| send(&mut self.to, request))
            .and_then(|()| self.to.flush())
            .and_then(|()| receive(&mut self.from)?.ok_or_else(ended))
            .map_err(stopped)?;
        reply.map_err(Diagnostics)
    }
}

impl Layouter<Exported> for WorkerProcess<'_> {
    fn lay_out(&mut self, source: &Rendered) -> Result<Sketch, Diagnostics> {
        let laid: LaidOut = self.ask(&Request::LayOut(Cow::Borrowed(source)))?;
        Ok(Sketch {
            pages: laid.pages,
            warnings: laid.warnings,
        })
    }

    fn finish(&mut self, first_page: usize) -> Result<Exported, Diagnostics> {
        let finished: Finished = self.ask(&Request::Finish { first_page })?;
        let files = (0..finished.files)
            .map(|_| receive_bytes(&mut self.from)?.ok_or_else(ended))
            .collect::<io::Result<Vec<_>>>()
            .map_err(stopped)?;
        self.run.note_read(&finished.read);
        self.run.exported(PartFiles {
            files,
            targets: finished.targets,
        })
    }
}

impl Drop for WorkerProcess<'_> {
    /// Ends the worker process, which holds nothing worth keeping once its parts are finished.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Serves as a worker process: lays out and finishes the parts `input` brings, writing each
/// answer to `output`, until `input` ends.
pub(crate) fn serve(
    mut input: impl Read + Send,
    output: impl Write + Send,
) -> Result<(), Diagnostics> {
    let lost = |e: io::Error| {
        Diagnostics::from(Diagnostic::error(format!(
            "the layout worker lost touch with attache: {e}"
        )))
    };
    let Some(setup) = receive::<Setup>(&mut input).map_err(lost)? else {
        return Ok(());
    };
    // The same templates folder and file access as the run it serves; only its files and its
    // record of what was read are used here.
    let generator = Generator::new(setup.templates.as_deref(), Briefing::new(setup.export.date))?;
    let mut output = BufWriter::new(output);
    let mut laid: Option<PagedDocument> = None;
    parallel::on_one_thread(|| {
        while let Some(request) = receive::<Request>(&mut input)? {
            match request {
                Request::LayOut(source) => {
                    laid = None;
                    let reply = typeset::layout(&source, &generator.files, setup.export.date, None)
                        .map(|part| {
                            let pages = part.document.pages().len();
                            laid = Some(part.document);
                            LaidOut {
                                pages,
                                warnings: part.warnings,
                            }
                        });
                    send(&mut output, &reply.map_err(|problems| problems.0))?;
                }
                Request::Finish { first_page } => {
                    let exported = laid
                        .take()
                        .ok_or_else(|| Diagnostic::error("no part is laid out to finish").into())
                        .and_then(|document| setup.export.part(&document, first_page));
                    // With the part exported, nothing of its layout is of use any more.
                    typst::comemo::evict(0);
                    finished(&mut output, exported, generator.folder.as_ref())?;
                }
            }
            output.flush()?;
        }
        Ok(())
    })
    .map_err(lost)
}

/// Writes the answer to [`Request::Finish`], and the part's files after it.
fn finished(
    output: &mut impl Write,
    exported: Result<PartFiles, Diagnostics>,
    folder: Option<&TemplatesFolder>,
) -> io::Result<()> {
    match exported {
        Ok(PartFiles { files, targets }) => {
            let answer: Reply<Finished> = Ok(Finished {
                files: files.len(),
                targets,
                read: folder.map(TemplatesFolder::resolved).unwrap_or_default(),
            });
            send(output, &answer)?;
            files.iter().try_for_each(|file| send_bytes(output, file))
        }
        Err(problems) => send(output, &Reply::<Finished>::Err(problems.0)),
    }
}

/// The error of a worker process that stopped answering.
fn stopped(e: io::Error) -> Diagnostics {
    Diagnostic::error(format!("a layout worker process stopped: {e}"))
        .with_hint("run again with -j 1 to lay every part out in this process")
        .into()
}

/// The error of a stream that ended where a message was due.
fn ended() -> io::Error {
    io::ErrorKind::UnexpectedEof.into()
}

/// Writes a message.
fn send(to: &mut impl Write, message: &impl Serialize) -> io::Result<()> {
    send_bytes(to, &serde_json::to_vec(message)?)
}

/// Reads a message; `None` where the stream ends cleanly instead.
fn receive<T: DeserializeOwned>(from: &mut impl Read) -> io::Result<Option<T>> {
    receive_bytes(from)?
        .map(|bytes| serde_json::from_slice(&bytes).map_err(io::Error::from))
        .transpose()
}

/// Writes bytes after their length.
fn send_bytes(to: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    to.write_all(&(bytes.len() as u64).to_le_bytes())?;
    to.write_all(bytes)
}

/// Reads bytes after their length; `None` where the stream ends cleanly instead.
fn receive_bytes(from: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut length = [0; 8];
    let mut read = 0;
    while read < length.len() {
        match from.read(&mut length[read..])? {
            0 if read == 0 => return Ok(None),
            0 => return Err(ended()),
            n => read += n,
        }
    }
    // Read as it comes rather than allocated up front: a stream that is not a worker's
    // (someone typing at `attache layout-worker`) gives a nonsense length, and ends early.
    let length = u64::from_le_bytes(length);
    let mut bytes = Vec::new();
    from.by_ref().take(length).read_to_end(&mut bytes)?;
    if bytes.len() as u64 == length {
        Ok(Some(bytes))
    } else {
        Err(ended())
    }
}
