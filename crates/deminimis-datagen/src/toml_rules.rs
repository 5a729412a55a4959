//! The authored rule data: every `*.toml` under `data/`.
//!
//! Each file may hold rule families as arrays of tables (`[[regimes]]` …) and extra
//! `[[currencies]]`. `meta.toml` also holds `version`, `data_starts` and `country_aliases`;
//! `reference/country_names.toml` holds `aliases` (HTS country name → ISO code), which is
//! generator input rather than a rule family. Any other top-level key is an error.
//!
//! Rows are converted to JSON generically (TOML dates become `"YYYY-MM-DD"`, floats are refused
//! because money and rates must be exact strings) and their keys are put in the field order of
//! the structs in `crates/deminimis/src/rules/model.rs`; a key that struct does not have is an error.

use crate::json::Json;
use crate::values::is_date;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// A rule family: its key in the document and its fields in model order.
#[derive(Debug)]
pub struct Family {
    /// Top-level key (`regimes`, …).
    pub name: &'static str,
    /// Field names in the order of the model struct.
    pub fields: &'static [&'static str],
}

/// Every rule family, in `RuleData` order.
pub const FAMILIES: [Family; 13] = [
    Family {
        name: "memberships",
        fields: &[
            "id",
            "group",
            "country",
            "valid_from",
            "valid_to",
            "legal_basis",
        ],
    },
    Family {
        name: "currencies_in_use",
        fields: &[
            "id",
            "country",
            "currency",
            "valid_from",
            "valid_to",
            "legal_basis",
        ],
    },
    Family {
        name: "regimes",
        fields: &[
            "id",
            "territory",
            "name",
            "valid_from",
            "valid_to",
            "legal_basis",
            "warning",
        ],
    },
    Family {
        name: "thresholds",
        fields: &[
            "id",
            "test",
            "countries",
            "amount",
            "currency",
            "comparison",
            "rate",
            "valid_from",
            "valid_to",
            "legal_basis",
            "warning",
        ],
    },
    Family {
        name: "suspensions",
        fields: &[
            "id",
            "test",
            "origins",
            "valid_from",
            "valid_to",
            "legal_basis",
        ],
    },
    Family {
        name: "exclusions",
        fields: &[
            "id",
            "tests",
            "category",
            "hs_prefixes",
            "unless_not_exceeding",
            "currency",
            "excise",
            "valid_from",
            "valid_to",
            "legal_basis",
        ],
    },
    Family {
        name: "duty_layers",
        fields: &[
            "id",
            "territory",
            "measure",
            "ieepa",
            "heading",
            "origins",
            "except_origins",
            "method",
            "rate",
            "postal_rate",
            "exempt_preferences",
            "products",
            "except_products",
            "metal",
            "valid_from",
            "valid_to",
            "legal_basis",
            "warning",
        ],
    },
    Family {
        name: "postal_duties",
        fields: &[
            "id",
            "origins",
            "ordinary",
            "ad_valorem",
            "specific",
            "currency",
            "heading",
            "valid_from",
            "valid_to",
            "legal_basis",
            "warning",
        ],
    },
    Family {
        name: "flat_duties",
        fields: &[
            "id",
            "territory",
            "amount",
            "currency",
            "kinds",
            "max_value",
            "valid_from",
            "valid_to",
            "legal_basis",
            "warning",
        ],
    },
    Family {
        name: "fees",
        fields: &[
            "id",
            "fee",
            "name",
            "territory",
            "countries",
            "modes",
            "except_modes",
            "kinds",
            "when",
            "basis",
            "amount",
            "rate",
            "min",
            "max",
            "currency",
            "max_value",
            "comparison",
            "max_value_currency",
            "exempt_preferences",
            "carry_forward",
            "disputed_unit",
            "valid_from",
            "valid_to",
            "legal_basis",
            "warning",
        ],
    },
    Family {
        name: "vat_rates",
        fields: &[
            "id",
            "country",
            "rate",
            "valid_from",
            "valid_to",
            "legal_basis",
        ],
    },
    Family {
        name: "stacking",
        fields: &[
            "id",
            "measure",
            "origins",
            "excluded_by",
            "not_on_portion_of",
            "valid_from",
            "valid_to",
            "legal_basis",
        ],
    },
    Family {
        name: "fixed_rates",
        fields: &[
            "id",
            "currency",
            "per_eur",
            "valid_from",
            "valid_to",
            "legal_basis",
        ],
    },
];

/// `RuleWarning` fields.
const WARNING_FIELDS: &[&str] = &["code", "message"];
/// `PostalTier` fields.
const TIER_FIELDS: &[&str] = &["rate_below", "rate_not_exceeding", "amount"];
/// `CurrencyInfo` fields.
const CURRENCY_FIELDS: &[&str] = &["code", "minor_units"];

/// The metadata file, relative to the data directory.
pub const META_FILE: &str = "meta.toml";
/// The HTS country-name alias file, relative to the data directory.
pub const ALIASES_FILE: &str = "reference/country_names.toml";
/// Keys allowed only in [`META_FILE`].
const META_KEYS: [&str; 3] = ["version", "data_starts", "country_aliases"];

/// `data/meta.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Bare version (`2026-11-26`).
    pub version: String,
    /// First date covered, `YYYY-MM-DD`.
    pub data_starts: String,
    /// `(alias, ISO code)` pairs.
    pub country_aliases: Vec<(String, String)>,
}

/// Everything read from the data directory.
#[derive(Debug, Default)]
pub struct Authored {
    /// The metadata (`None` until `meta.toml` is read).
    pub meta: Option<Meta>,
    /// Rows per family, aligned with [`FAMILIES`], in file order.
    pub families: Vec<Vec<Json>>,
    /// Extra `[[currencies]]`: code, minor units, file.
    pub currencies: Vec<(String, u32, String)>,
    /// HTS country-name aliases.
    pub aliases: Vec<(String, String)>,
    /// Files read.
    pub files: Vec<String>,
}

/// Read every `*.toml` under `dir` (recursively, sorted by path).
pub fn load(dir: &Path) -> Result<Authored, String> {
    let mut paths = Vec::new();
    collect_toml(dir, dir, &mut paths)?;
    paths.sort();
    let mut authored = Authored {
        families: vec![Vec::new(); FAMILIES.len()],
        ..Authored::default()
    };
    for (rel, path) in paths {
        let text = crate::csvfile::read_text(&path)?;
        load_file(&rel, &text, &mut authored)?;
    }
    if authored.meta.is_none() {
        return Err(format!("{}: no {META_FILE}", dir.display()));
    }
    Ok(authored)
}

/// Collect `(relative path with '/', full path)` of every `*.toml` under `dir`.
fn collect_toml(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let path = entry.path();
        let file_type = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if file_type.is_dir() {
            collect_toml(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path
                .strip_prefix(root)
                .map_err(|e| format!("{}: {e}", path.display()))?
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
    Ok(())
}

/// Add the contents of one file (`rel` = its path relative to the data directory).
pub fn load_file(rel: &str, text: &str, acc: &mut Authored) -> Result<(), String> {
    if acc.families.len() != FAMILIES.len() {
        acc.families.resize(FAMILIES.len(), Vec::new());
    }
    let table: Table = text.parse().map_err(|e| format!("data/{rel}: {e}"))?;
    let file = format!("data/{rel}");
    if rel == META_FILE {
        acc.meta = Some(meta(&file, &table)?);
    }
    for (key, value) in &table {
        if let Some(idx) = FAMILIES.iter().position(|f| f.name == key) {
            let (Some(family), Some(rows)) = (FAMILIES.get(idx), acc.families.get_mut(idx)) else {
                continue;
            };
            for (i, item) in tables(&file, key, value)?.into_iter().enumerate() {
                rows.push(rule_row(&file, family, i, item)?);
            }
        } else if key == "currencies" {
            for (i, item) in tables(&file, key, value)?.into_iter().enumerate() {
                let ctx = format!("{file}: currencies[{i}]");
                check_fields(&ctx, item, CURRENCY_FIELDS)?;
                let code = item
                    .get("code")
                    .and_then(Value::as_str)
                    .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
                    .ok_or_else(|| format!("{ctx}: `code` must be a 3-letter ISO 4217 code"))?;
                let minor = item
                    .get("minor_units")
                    .and_then(Value::as_integer)
                    .and_then(|m| u32::try_from(m).ok())
                    .filter(|m| *m <= 9)
                    .ok_or_else(|| format!("{ctx}: `minor_units` must be an integer 0-9"))?;
                acc.currencies.push((code.to_owned(), minor, file.clone()));
            }
        } else if rel == META_FILE && META_KEYS.contains(&key.as_str()) {
            // Read by `meta` above.
        } else if rel == ALIASES_FILE && key == "aliases" {
            acc.aliases
                .extend(pairs(&format!("{file}: aliases"), value)?);
        } else {
            return Err(format!(
                "{file}: unknown top-level key `{key}` (allowed: the rule families {}, `currencies`{})",
                FAMILIES.iter().map(|f| f.name).collect::<Vec<_>>().join(", "),
                match rel {
                    META_FILE => ", `version`, `data_starts`, `country_aliases`",
                    ALIASES_FILE => ", `aliases`",
                    _ => "",
                }
            ));
        }
    }
    acc.files.push(file);
    Ok(())
}

/// The metadata keys of `meta.toml`.
fn meta(file: &str, table: &Table) -> Result<Meta, String> {
    let version = table
        .get("version")
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty() && !v.contains('+'))
        .ok_or_else(|| format!("{file}: `version` must be a non-empty string without '+'"))?;
    let data_starts = match table.get("data_starts") {
        Some(v) => to_json(v, &format!("{file}: data_starts"))?,
        None => return Err(format!("{file}: `data_starts` is missing")),
    };
    let data_starts = data_starts.as_str().filter(|d| is_date(d)).ok_or_else(|| {
        format!("{file}: `data_starts` must be a date (data_starts = 2015-01-01)")
    })?;
    let country_aliases = match table.get("country_aliases") {
        Some(v) => pairs(&format!("{file}: country_aliases"), v)?,
        None => return Err(format!("{file}: `country_aliases` is missing")),
    };
    Ok(Meta {
        version: version.to_owned(),
        data_starts: data_starts.to_owned(),
        country_aliases,
    })
}

/// An array of 2-element string arrays.
fn pairs(ctx: &str, value: &Value) -> Result<Vec<(String, String)>, String> {
    let err = || format!("{ctx}: expected an array of [\"name\", \"code\"] pairs");
    let items = value.as_array().ok_or_else(err)?;
    items
        .iter()
        .map(|item| match item.as_array().map(Vec::as_slice) {
            Some([Value::String(a), Value::String(b)]) => Ok((a.clone(), b.clone())),
            _ => Err(err()),
        })
        .collect()
}

/// The tables of an array of tables.
fn tables<'a>(file: &str, key: &str, value: &'a Value) -> Result<Vec<&'a Table>, String> {
    let err = || format!("{file}: `{key}` must be an array of tables ([[{key}]])");
    value
        .as_array()
        .ok_or_else(err)?
        .iter()
        .map(|v| v.as_table().ok_or_else(err))
        .collect()
}

/// Error on keys not in `fields`.
fn check_fields(ctx: &str, table: &Table, fields: &[&str]) -> Result<(), String> {
    match table.keys().find(|k| !fields.contains(&k.as_str())) {
        Some(k) => Err(format!(
            "{ctx}: unknown field `{k}` (expected one of: {}; the list mirrors \
             crates/deminimis/src/rules/model.rs, see deminimis-datagen src/toml_rules.rs)",
            fields.join(", ")
        )),
        None => Ok(()),
    }
}

/// Convert `table` to an object with the keys in `fields` order (nested warnings and postal
/// tiers too).
fn ordered(ctx: &str, table: &Table, fields: &[&str]) -> Result<Json, String> {
    check_fields(ctx, table, fields)?;
    let mut out = Vec::new();
    for field in fields {
        let Some(value) = table.get(*field) else {
            continue;
        };
        let fctx = format!("{ctx}.{field}");
        let json = match (*field, value) {
            ("warning", Value::Table(t)) => ordered(&fctx, t, WARNING_FIELDS)?,
            ("specific", Value::Array(items)) => Json::Arr(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| match v {
                        Value::Table(t) => ordered(&format!("{fctx}[{i}]"), t, TIER_FIELDS),
                        other => to_json(other, &format!("{fctx}[{i}]")),
                    })
                    .collect::<Result<_, _>>()?,
            ),
            _ => to_json(value, &fctx)?,
        };
        out.push(((*field).to_owned(), json));
    }
    Ok(Json::Obj(out))
}

/// One rule row: ordered, with a string `id` and date `valid_from` (and `valid_to` after it).
fn rule_row(file: &str, family: &Family, index: usize, table: &Table) -> Result<Json, String> {
    let id = table.get("id").and_then(Value::as_str).unwrap_or("");
    let ctx = format!("{file}: {}[{index}] (id {id:?})", family.name);
    if id.is_empty() {
        return Err(format!("{ctx}: `id` must be a non-empty string"));
    }
    let row = ordered(&ctx, table, family.fields)?;
    let from = row
        .get("valid_from")
        .and_then(Json::as_str)
        .filter(|d| is_date(d));
    let Some(from) = from else {
        return Err(format!(
            "{ctx}: `valid_from` must be a date (valid_from = 2025-05-02)"
        ));
    };
    if let Some(to) = row.get("valid_to") {
        match to.as_str().filter(|d| is_date(d)) {
            Some(to) if to > from => {}
            Some(to) => {
                return Err(format!(
                    "{ctx}: valid_to {to} is not after valid_from {from}"
                ))
            }
            None => return Err(format!("{ctx}: `valid_to` must be a date")),
        }
    }
    Ok(row)
}

/// Generic TOML → JSON: dates become `YYYY-MM-DD`; floats, times and offsets are errors.
pub fn to_json(value: &Value, ctx: &str) -> Result<Json, String> {
    Ok(match value {
        Value::String(s) => Json::Str(s.clone()),
        Value::Integer(i) => Json::Int(*i),
        Value::Boolean(b) => Json::Bool(*b),
        Value::Float(f) => {
            return Err(format!(
                "{ctx}: floating-point number {f} is not allowed: write money and rates as strings (\"12.5\", \"16.5%\")"
            ))
        }
        Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => Json::Str(format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
            _ => return Err(format!("{ctx}: {dt} is not a plain date (write valid_from = 2025-05-02)")),
        },
        Value::Array(items) => Json::Arr(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| to_json(v, &format!("{ctx}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Value::Table(t) => Json::Obj(
            t.iter()
                .map(|(k, v)| Ok((k.clone(), to_json(v, &format!("{ctx}.{k}"))?)))
                .collect::<Result<_, String>>()?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_one(rel: &str, text: &str) -> Result<Authored, String> {
        let mut acc = Authored::default();
        load_file(rel, text, &mut acc)?;
        Ok(acc)
    }

    #[test]
    fn meta_and_rows() {
        let acc = load_one(
            "meta.toml",
            r#"
version = "2026-11-26"
data_starts = 2015-01-01
country_aliases = [["EL", "GR"]]

[[regimes]]
valid_from = 2025-05-02
legal_basis = "x"
name = "Postal"
id = "US-R"
territory = "US"
warning = { message = "m", code = "c" }
"#,
        )
        .unwrap();
        let meta = acc.meta.unwrap();
        assert_eq!(meta.data_starts, "2015-01-01");
        assert_eq!(meta.country_aliases, [("EL".to_owned(), "GR".to_owned())]);
        let regimes = &acc.families[2];
        let text = crate::json::to_pretty(&regimes[0]).unwrap();
        assert_eq!(
            text,
            "{\n  \"id\": \"US-R\",\n  \"territory\": \"US\",\n  \"name\": \"Postal\",\n  \
             \"valid_from\": \"2025-05-02\",\n  \"legal_basis\": \"x\",\n  \"warning\": {\n    \
             \"code\": \"c\",\n    \"message\": \"m\"\n  }\n}\n"
        );
    }

    #[test]
    fn postal_tiers_are_ordered() {
        let acc = load_one(
            "us/postal.toml",
            r#"
[[postal_duties]]
id = "P"
origins = ["*"]
ad_valorem = "ieepa_effective"
specific = [{ amount = "80", rate_below = "16%" }, { amount = "200" }]
currency = "USD"
heading = "9903.01.91"
valid_from = 2025-08-29
legal_basis = "x"
"#,
        )
        .unwrap();
        let row = &acc.families[7][0];
        let tiers = crate::json::to_pretty(row.get("specific").unwrap()).unwrap();
        assert!(
            tiers.find("rate_below").unwrap() < tiers.find("amount").unwrap(),
            "{tiers}"
        );
    }

    #[test]
    fn errors() {
        let float = load_one(
            "us/a.toml",
            "[[fees]]\nid = \"F\"\nvalid_from = 2025-01-01\nrate = 0.3464\n",
        );
        assert!(float.unwrap_err().contains("floating-point"));
        let unknown = load_one("us/a.toml", "whatever = 1\n").unwrap_err();
        assert!(
            unknown.contains("data/us/a.toml") && unknown.contains("whatever"),
            "{unknown}"
        );
        let meta_elsewhere = load_one("us/a.toml", "version = \"x\"\n").unwrap_err();
        assert!(meta_elsewhere.contains("version"));
        let aliases_elsewhere = load_one("us/a.toml", "aliases = []\n").unwrap_err();
        assert!(aliases_elsewhere.contains("aliases"));
        let field = load_one(
            "eu/v.toml",
            "[[vat_rates]]\nid = \"V\"\nvalid_from = 2025-01-01\nrat = \"1%\"\n",
        );
        assert!(field.unwrap_err().contains("`rat`"));
        let time = load_one(
            "eu/v.toml",
            "[[vat_rates]]\nid = \"V\"\nvalid_from = 2025-01-01T00:00:00\n",
        );
        assert!(time.unwrap_err().contains("plain date"));
        let order = load_one(
            "eu/v.toml",
            "[[vat_rates]]\nid = \"V\"\nvalid_from = 2025-01-01\nvalid_to = 2025-01-01\n",
        );
        assert!(order.unwrap_err().contains("not after"));
        let no_id = load_one("eu/v.toml", "[[vat_rates]]\nvalid_from = 2025-01-01\n");
        assert!(no_id.unwrap_err().contains("`id`"));
    }

    #[test]
    fn currencies_and_aliases() {
        let mut acc = Authored::default();
        load_file(
            "reference/currencies.toml",
            "[[currencies]]\ncode = \"HRK\"\nminor_units = 2\n",
            &mut acc,
        )
        .unwrap();
        load_file(ALIASES_FILE, "aliases = [[\"Laos\", \"LA\"]]\n", &mut acc).unwrap();
        assert_eq!(acc.currencies[0].0, "HRK");
        assert_eq!(acc.aliases, [("Laos".to_owned(), "LA".to_owned())]);
        assert!(load_file(
            "x.toml",
            "[[currencies]]\ncode = \"hrk\"\nminor_units = 2\n",
            &mut acc
        )
        .is_err());
    }
}
