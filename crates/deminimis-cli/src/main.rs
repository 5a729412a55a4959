//! `deminimis`: landed-cost quotes, comparisons and timelines from a shell.
//!
//! Bad input exits with status 2 and one line per problem (`JSON path: expected …, found … (code)`).

mod render;

use clap::{Parser, Subcommand};
use deminimis::{Errors, RuleSet, Shipment};
use jiff::civil::Date;
use std::io::Read;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "deminimis",
    version,
    about = "Decimal-exact landed cost (duty, VAT, fees, de minimis) into the US and the EU, by date",
    after_help = "A quote is an estimate from the published rules, not a customs ruling: the customs \
authority's classification, valuation and exchange rate decide what is finally owed."
)]
struct Cli {
    /// A rule document (rules.json format) to use instead of the bundled rules.
    #[arg(long, global = true, value_name = "FILE")]
    rules: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Quote one shipment (a JSON file, or - for standard input).
    Quote {
        /// Shipment JSON file or `-`.
        file: String,
        /// Print the Quote document as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Quote one shipment at several dates.
    Compare {
        /// Shipment JSON file or `-`.
        file: String,
        /// Comma-separated dates (YYYY-MM-DD).
        #[arg(long, value_delimiter = ',', required = true)]
        dates: Vec<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Every date a rule touching the shipment changes, with the quote from then on.
    Timeline {
        /// Shipment JSON file or `-`.
        file: String,
        /// First date (default: where the rule data starts).
        #[arg(long)]
        from: Option<String>,
        /// Last date (default: today).
        #[arg(long)]
        to: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The ordinary duty rate of an HS code in the destination's bundled tariff on a date.
    Tariff {
        /// `US` or an EU member state.
        destination: String,
        /// HS code (6, 8 or 10 digits; dots and spaces allowed).
        hs_code: String,
        /// The date (YYYY-MM-DD; default: today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Print the JSON Schema of the Shipment (input) and Quote (output) documents.
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(Failure::Input(errors)) => {
            for e in errors.iter() {
                eprintln!("{} ({})", printable(&e.to_string()), e.code());
            }
            ExitCode::from(2)
        }
        Err(Failure::Other(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Input(Errors),
    Other(String),
}

impl From<Errors> for Failure {
    fn from(e: Errors) -> Self {
        Failure::Input(e)
    }
}

/// The most characters of one problem's line (a value echoed in it may be any size).
const LINE_LIMIT: usize = 500;

/// A problem's line as the terminal should see it: one line (control characters, a newline among
/// them, written as escapes, so that no input can move the cursor or colour the text) and at most
/// [`LINE_LIMIT`] characters.
fn printable(line: &str) -> String {
    let mut out = String::new();
    for (n, c) in line.chars().enumerate() {
        if n == LINE_LIMIT {
            out.push_str(&format!(" … ({} characters in all)", line.chars().count()));
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The document in `file` (`-`: standard input). Bytes that are not UTF-8 are bad input (JSON is
/// UTF-8), not a failure to read.
fn read_input(file: &str) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Other(format!("reading standard input: {e}")))?;
    } else {
        bytes = std::fs::read(file).map_err(|e| Failure::Other(format!("reading {file}: {e}")))?;
    }
    String::from_utf8(bytes).map_err(|e| {
        Failure::Input(Errors::from(deminimis::Error::InvalidJson {
            path: "$".into(),
            found: format!(
                "bytes that are not UTF-8 (from byte {})",
                e.utf8_error().valid_up_to()
            ),
        }))
    })
}

fn parse_date(arg: &str, value: &str) -> Result<Date, Failure> {
    let ok = value.len() == 10 && value.as_bytes().get(4) == Some(&b'-');
    match value.parse::<Date>() {
        Ok(d) if ok => Ok(d),
        _ => Err(Failure::Input(Errors::from(
            deminimis::Error::InvalidDate {
                path: format!("--{arg}"),
                found: format!("\"{value}\""),
            },
        ))),
    }
}

/// Today's date in UTC (the CLI may read the clock; the library never does).
fn today() -> Date {
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

fn run(cli: Cli) -> Result<String, Failure> {
    let loaded;
    let rules: &RuleSet = match &cli.rules {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::Other(format!("reading {path}: {e}")))?;
            loaded = RuleSet::from_json(&text)?;
            &loaded
        }
        None => RuleSet::bundled()?,
    };
    match cli.command {
        Command::Quote { file, json } => {
            let s = Shipment::from_json(&read_input(&file)?)?;
            let q = rules.quote(&s)?;
            Ok(if json {
                format!("{}\n", q.to_json_pretty())
            } else {
                render::quote(&q)
            })
        }
        Command::Compare { file, dates, json } => {
            let s = Shipment::from_json(&read_input(&file)?)?;
            let dates = dates
                .iter()
                .map(|d| parse_date("dates", d))
                .collect::<Result<Vec<_>, _>>()?;
            let qs = rules.compare(&s, &dates)?;
            if json {
                Ok(format!(
                    "{}\n",
                    serde_json::to_string_pretty(&qs).map_err(|e| Failure::Other(e.to_string()))?
                ))
            } else {
                Ok(render::compare(&qs))
            }
        }
        Command::Timeline {
            file,
            from,
            to,
            json,
        } => {
            let s = Shipment::from_json(&read_input(&file)?)?;
            let from = match from {
                Some(d) => parse_date("from", &d)?,
                None => rules.data_starts(),
            };
            let to = match to {
                Some(d) => parse_date("to", &d)?,
                None => today(),
            };
            let t = rules.timeline(&s, from, to)?;
            if t.is_empty() && !json {
                return Ok(format!(
                    "No date to show from {from} to {to}: the range is empty, or ends before the \
                     rules start ({}).\n",
                    rules.data_starts()
                ));
            }
            if json {
                Ok(format!(
                    "{}\n",
                    serde_json::to_string_pretty(&t).map_err(|e| Failure::Other(e.to_string()))?
                ))
            } else {
                Ok(render::timeline(&s, &t))
            }
        }
        Command::Tariff {
            destination,
            hs_code,
            date,
        } => {
            let date = match date {
                Some(d) => parse_date("date", &d)?,
                None => today(),
            };
            let t = rules.tariff(&destination, &hs_code, date)?;
            Ok(render::tariff(&t, date))
        }
        Command::Schema => {
            // One generator for both documents: their definitions (and the types they share) sit
            // in the root's `$defs`, where every `$ref` points.
            let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
            let shipment = generator.subschema_for::<Shipment>();
            let quote = generator.subschema_for::<deminimis::Quote>();
            let schema = serde_json::json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": "deminimis documents",
                "description": "Shipment (#/$defs/Shipment) is the input of `deminimis quote`; Quote (#/$defs/Quote) is its output. Amounts are decimal strings.",
                "anyOf": [shipment, quote],
                "$defs": generator.take_definitions(true),
            });
            Ok(format!(
                "{}\n",
                serde_json::to_string_pretty(&schema).map_err(|e| Failure::Other(e.to_string()))?
            ))
        }
    }
}
