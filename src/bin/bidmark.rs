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
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        match cli.command {
            Command::Score { file, json } => {
                let Some(e) = read(&file) else {
                    return ExitCode::FAILURE;
                };
                let results = bidmark::score(&e);
                let out = if json {
                    bidmark::report::to_json(&results)
                } else {
                    bidmark::report::table(&e, &results)
                };
                print(&out)
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

    /// Reads and checks a file; on failure, says why on standard error.
    fn read(path: &PathBuf) -> Option<bidmark::Evaluation> {
        let bytes = if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf) {
                eprintln!("bidmark: cannot read standard input: {e}");
                return None;
            }
            buf
        } else {
            match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("bidmark: cannot read {}: {e}", path.display());
                    return None;
                }
            }
        };
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
