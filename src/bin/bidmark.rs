//! `bidmark`: re-check an award's arithmetic from the evaluation file alone.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::Write;
    use std::path::PathBuf;
    use std::process::ExitCode;

    use clap::{Parser, Subcommand};

    #[derive(Parser)]
    #[command(
        name = "bidmark",
        version,
        about = "Score public-sector bids against weighted criteria, with exact arithmetic.",
        long_about = "Score public-sector bids against weighted criteria, with exact arithmetic.\n\n\
                      Reads a Bidmark evaluation file (format bidmark/evaluation, version 1) and \
                      computes moderated scores, exclusions, price points, totals and ranks exactly \
                      as the Bidmark app does."
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
        /// Largest file to read, in MB (default 32, as in the app). Raise it only to
        /// re-check an evaluation larger than the app opens.
        #[arg(long, global = true, value_name = "MB")]
        max_size: Option<u64>,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Score an evaluation file and print the ranking.
        Score {
            /// The evaluation file (.json); "-" reads standard input.
            file: PathBuf,
            /// Print the results as JSON (the contract other tools rely on).
            #[arg(long)]
            json: bool,
        },
        /// Check an evaluation file and list every problem in it.
        Check {
            /// The evaluation file (.json); "-" reads standard input.
            file: PathBuf,
        },
        /// Write the moderated result (bidmark/result, with its digest) of an evaluation.
        Result {
            /// The evaluation file (.json); "-" reads standard input.
            file: PathBuf,
        },
        /// Recompute a result file from its own scores and weights and check its digest.
        Verify {
            /// The result file (bidmark/result).
            file: PathBuf,
        },
        /// Write the award report (HTML) of an evaluation or a verified result file.
        Report {
            /// An evaluation or result file.
            file: PathBuf,
        },
        /// Write a synthetic evaluation (for benchmarks and trials): every cell scored,
        /// the same file for the same seed.
        Generate {
            /// Number of bids.
            #[arg(long, default_value_t = 10)]
            bids: usize,
            /// Number of scored criteria (price comes on top).
            #[arg(long, default_value_t = 5)]
            criteria: usize,
            /// Number of evaluators, each scoring every cell.
            #[arg(long, default_value_t = 3)]
            evaluators: usize,
            #[arg(long, default_value_t = 1)]
            seed: u64,
            /// Moderation method: mean, median, trimmed_mean or consensus.
            #[arg(long, default_value = "mean")]
            method: String,
            /// Weight of price in percent (0: quality only).
            #[arg(long, default_value_t = 30)]
            price_weight: u32,
            /// Give every score a short justification.
            #[arg(long)]
            notes: bool,
            /// Write JSON without indentation (smaller, as large files are sent).
            #[arg(long)]
            compact: bool,
        },
        /// Write the assessment summaries (HTML), one per supplier or for one bid.
        Summaries {
            /// An evaluation or result file.
            file: PathBuf,
            /// Only this bid's summary (its id).
            #[arg(long)]
            bid: Option<String>,
        },
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        if let Some(mb) = cli.max_size {
            bidmark::model::set_max_file_bytes(mb.saturating_mul(1024 * 1024));
        }
        match cli.command {
            Command::Score { file, json } => {
                let Some(e) = read(&file) else {
                    return ExitCode::FAILURE;
                };
                let results = bidmark::scoring::lots::score_lots(&e);
                let out = if json {
                    bidmark::standings::lotted_to_json(&results)
                } else {
                    bidmark::standings::lotted_table(&e, &results)
                };
                print(&out)
            }
            Command::Result { file } => {
                let Some(e) = read(&file) else {
                    return ExitCode::FAILURE;
                };
                print(&bidmark::award::result::result_file(&e))
            }
            Command::Verify { file } => {
                let Some(text) = read_text(&file) else {
                    return ExitCode::FAILURE;
                };
                match bidmark::award::result::verify(&text) {
                    Err(problems) => {
                        eprintln!(
                            "bidmark: {} is not a result file that can be checked:",
                            file.display()
                        );
                        for p in problems {
                            eprintln!("  - {p}");
                        }
                        ExitCode::FAILURE
                    }
                    Ok(v) if v.holds() => {
                        // A digest in an earlier canonical form holds too; the note says
                        // which form, and the digest named is then the file's own.
                        let mut out = if v.notes.is_empty() {
                            format!(
                                "verified: {} — every result recomputes from its scores and weights, and the digest {} holds.\n",
                                v.evaluation.title,
                                bidmark::award::result::result_digest(&v.evaluation)
                            )
                        } else {
                            format!(
                                "verified: {} — every result recomputes from its scores and weights, and the digest holds.\n",
                                v.evaluation.title
                            )
                        };
                        for n in &v.notes {
                            out.push_str(&format!("note: {n}\n"));
                        }
                        for a in &v.approvals {
                            let word = if a.current {
                                "approval"
                            } else {
                                "STALE approval"
                            };
                            out.push_str(&format!("{word}: {}\n", a.text));
                        }
                        let code = print(&out);
                        if v.stale() {
                            eprintln!("bidmark: the figures hold, but an approval is stale: the result changed after it was approved. Record the decision again.");
                            return ExitCode::FAILURE;
                        }
                        code
                    }
                    Ok(v) => {
                        eprintln!(
                            "NOT verified: {} differs from what its own inputs give:",
                            file.display()
                        );
                        for d in &v.differences {
                            eprintln!("  - {d}");
                        }
                        ExitCode::FAILURE
                    }
                }
            }
            Command::Report { file } => {
                let Some(e) = read_any(&file) else {
                    return ExitCode::FAILURE;
                };
                let r = bidmark::scoring::lots::score_lots(&e);
                let digest = bidmark::award::result::result_digest(&e);
                let body = bidmark::award::report::lotted_report(&e, &r, &digest);
                print(&bidmark::award::html::document(
                    &format!("Award report: {}", e.title),
                    &body,
                ))
            }
            Command::Generate {
                bids,
                criteria,
                evaluators,
                seed,
                method,
                price_weight,
                notes,
                compact,
            } => {
                let Ok(method) = serde_json::from_value(serde_json::Value::String(method.clone()))
                else {
                    eprintln!("bidmark: unknown moderation method {method:?}: use mean, median, trimmed_mean or consensus");
                    return ExitCode::FAILURE;
                };
                let e = bidmark::generate::generate(&bidmark::generate::Spec {
                    bids,
                    criteria,
                    evaluators,
                    seed,
                    method,
                    price_weight,
                    notes,
                });
                let text = if compact {
                    serde_json::to_string(&e).expect("an evaluation always serialises")
                } else {
                    e.to_json()
                };
                let mut out = std::io::stdout().lock();
                if writeln!(out, "{text}").is_err() {
                    return ExitCode::FAILURE;
                }
                ExitCode::SUCCESS
            }
            Command::Summaries { file, bid } => {
                let Some(e) = read_any(&file) else {
                    return ExitCode::FAILURE;
                };
                let r = bidmark::scoring::lots::score_lots(&e);
                let body = match bid {
                    Some(id) => match bidmark::award::report::lotted_summary(&e, &r, &id) {
                        Some(b) => b,
                        None => {
                            eprintln!("bidmark: there is no bid \"{id}\" in {}.", file.display());
                            return ExitCode::FAILURE;
                        }
                    },
                    None => bidmark::award::report::lotted_summaries(&e, &r),
                };
                print(&bidmark::award::html::document(
                    &format!("Assessment summaries: {}", e.title),
                    &body,
                ))
            }
            Command::Check { file } => {
                let Some(e) = read(&file) else {
                    return ExitCode::FAILURE;
                };
                print(&format!(
                    "{}: no problems found ({} criteria, {} bids, {} evaluators, {} scores).\n",
                    file.display(),
                    e.walk().len(),
                    e.bids.len(),
                    e.evaluators.len(),
                    e.scores.len()
                ))
            }
        }
    }

    /// Reads a file as text, or says why not.
    fn read_text(path: &PathBuf) -> Option<String> {
        let bytes = read_bytes(path)?;
        match String::from_utf8(bytes) {
            Ok(t) => Some(t),
            Err(_) => {
                eprintln!("bidmark: {} is not UTF-8 text.", path.display());
                None
            }
        }
    }

    /// An evaluation file, or the evaluation inside a result file that verifies.
    fn read_any(path: &PathBuf) -> Option<bidmark::Evaluation> {
        let text = read_text(path)?;
        if text.contains("\"bidmark/result\"") {
            match bidmark::award::result::verify(&text) {
                Ok(v) if v.holds() => {
                    for n in &v.notes {
                        eprintln!("bidmark: note: {n}");
                    }
                    return Some(v.evaluation);
                }
                Ok(v) => {
                    eprintln!(
                        "bidmark: {} does not verify, so no document is made from it:",
                        path.display()
                    );
                    for d in &v.differences {
                        eprintln!("  - {d}");
                    }
                    return None;
                }
                Err(_) => {}
            }
        }
        read(path)
    }

    fn read_bytes(path: &PathBuf) -> Option<Vec<u8>> {
        if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            // One byte past the limit is enough to know the input is too large.
            let mut input =
                std::io::Read::take(std::io::stdin(), bidmark::model::max_file_bytes() + 1);
            if let Err(e) = std::io::Read::read_to_end(&mut input, &mut buf) {
                eprintln!("bidmark: cannot read standard input: {e}");
                return None;
            }
            let limit = bidmark::model::max_file_bytes();
            if buf.len() as u64 > limit {
                eprintln!(
                    "bidmark: standard input is larger than {}, the most Bidmark reads. {}",
                    bidmark::model::megabytes(limit),
                    max_size_hint(limit.saturating_mul(2))
                );
                return None;
            }
            Some(buf)
        } else {
            // Too large a file is refused before it is read.
            if let Ok(meta) = std::fs::metadata(path) {
                if let Err(e) = bidmark::model::check_size(meta.len()) {
                    eprintln!(
                        "bidmark: {}: {} {}",
                        path.display(),
                        e.problems[0].message,
                        max_size_hint(meta.len())
                    );
                    return None;
                }
            }
            match std::fs::read(path) {
                Ok(b) => Some(b),
                Err(e) => {
                    eprintln!("bidmark: cannot read {}: {e}", path.display());
                    None
                }
            }
        }
    }

    /// The way round the size limit, which only the command line has (the library's
    /// message is also the app's, where there is no such option): the `--max-size` that
    /// reads `len` bytes, in its own unit (MB of 1,048,576 bytes).
    fn max_size_hint(len: u64) -> String {
        let mb = len.div_ceil(1024 * 1024).max(1);
        format!("Use --max-size {mb} (in MB) to open larger files.")
    }

    /// Reads and checks a file; on failure, says why on standard error.
    fn read(path: &PathBuf) -> Option<bidmark::Evaluation> {
        let bytes = read_bytes(path)?;
        match bidmark::load_bytes(&bytes) {
            Ok(e) => Some(e),
            Err(err) => {
                eprint!("bidmark: {} cannot be scored.\n{err}", path.display());
                None
            }
        }
    }

    fn print(s: &str) -> ExitCode {
        let mut out = std::io::stdout().lock();
        match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
            Ok(()) => ExitCode::SUCCESS,
            // A closed pipe (`bidmark score f | head`) is not an error worth a message.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("bidmark: cannot write the results: {e}");
                ExitCode::FAILURE
            }
        }
    }
}
