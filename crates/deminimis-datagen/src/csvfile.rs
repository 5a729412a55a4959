//! Reading the CSV inputs by column name.

use std::path::Path;

/// A parsed CSV file with a header row.
#[derive(Debug)]
pub struct CsvTable {
    /// Name for messages (the path).
    name: String,
    /// Header names.
    headers: Vec<String>,
    /// Data rows.
    rows: Vec<csv::StringRecord>,
}

impl CsvTable {
    /// Read and parse `path`.
    pub fn read(path: &Path) -> Result<CsvTable, String> {
        let text = read_text(path)?;
        CsvTable::parse(&path.display().to_string(), &text)
    }

    /// Parse CSV `text` (a leading byte-order mark is ignored); `name` is used in messages.
    pub fn parse(name: &str, text: &str) -> Result<CsvTable, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| format!("{name}: {e}"))?
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("{name}: {e}"))?;
        Ok(CsvTable {
            name: name.to_owned(),
            headers,
            rows,
        })
    }

    /// Index of the column `header`.
    pub fn column(&self, header: &str) -> Result<usize, String> {
        self.headers
            .iter()
            .position(|h| h == header)
            .ok_or_else(|| format!("{}: no column `{header}`", self.name))
    }

    /// The data rows.
    pub fn rows(&self) -> &[csv::StringRecord] {
        &self.rows
    }

    /// The file name for messages.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The cell at `idx` (empty if the row is short).
pub fn cell(row: &csv::StringRecord, idx: usize) -> &str {
    row.get(idx).unwrap_or("")
}

/// Read a UTF-8 text file, naming it in the error.
pub fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}
