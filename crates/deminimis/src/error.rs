//! The crate's one error type. Every variant has a stable snake_case [`Error::code`], the JSON
//! path of the field at fault ([`Error::path`], `$` for the whole document) and a message that says
//! what was expected and what was found.

use std::fmt;

/// Everything that can go wrong in `deminimis`. Codes are stable: bindings and callers may match
/// on [`Error::code`].
///
/// # Example
/// ```
/// let err = deminimis::Shipment::from_json(r#"{"date":"2025-06-01"}"#).unwrap_err();
/// assert_eq!(err.first().map(|e| e.code()), Some("missing_field"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The document is not valid JSON.
    #[error("{path}: expected valid JSON, found {found}")]
    InvalidJson {
        /// JSON path.
        path: String,
        /// Parser message.
        found: String,
    },
    /// A money amount or rate was a JSON number.
    #[error("{path}: expected a decimal string, found the JSON number {found} (a float cannot hold most decimal amounts exactly)")]
    FloatAmount {
        /// JSON path.
        path: String,
        /// The number as written.
        found: String,
    },
    /// A field the contract does not define.
    #[error("{path}: expected only the fields of the contract, found the unknown field `{found}`")]
    UnknownField {
        /// JSON path of the unknown field itself.
        path: String,
        /// The unknown field's name.
        found: String,
    },
    /// A required field is absent.
    #[error("{path}: expected the required field `{found}`, found nothing")]
    MissingField {
        /// JSON path of the object missing the field.
        path: String,
        /// The missing field's name.
        found: String,
    },
    /// A value of the wrong type or outside an enumeration.
    #[error("{path}: expected {expected}, found {found}")]
    InvalidValue {
        /// JSON path.
        path: String,
        /// What the contract allows.
        expected: String,
        /// What was given.
        found: String,
    },
    /// A string that is not a plain decimal number.
    #[error("{path}: expected a decimal string such as \"12.50\", found {found}")]
    InvalidAmount {
        /// JSON path.
        path: String,
        /// What was given.
        found: String,
    },
    /// A percentage that does not parse.
    #[error("{path}: expected a percentage such as \"16.5%\" or \"Free\", found {found}")]
    InvalidRate {
        /// JSON path.
        path: String,
        /// What was given.
        found: String,
    },
    /// A date that is not `YYYY-MM-DD`.
    #[error("{path}: expected a date written YYYY-MM-DD, found {found}")]
    InvalidDate {
        /// JSON path.
        path: String,
        /// What was given.
        found: String,
    },
    /// Not an ISO 3166-1 alpha-2 code.
    #[error(
        "{path}: expected an ISO 3166-1 alpha-2 country code such as \"CN\", found \"{found}\""
    )]
    UnknownCountry {
        /// JSON path.
        path: String,
        /// What was given.
        found: String,
    },
    /// A real country that the rules do not cover as a destination on that date.
    #[error("{path}: expected \"US\" or a member state of the EU on {date}, found \"{found}\"")]
    UnsupportedDestination {
        /// JSON path.
        path: String,
        /// What was given.
        found: String,
        /// The shipment's date.
        date: String,
    },
    /// Not an ISO 4217 currency code.
    #[error("{path}: expected an ISO 4217 currency code such as \"EUR\", found \"{found}\"")]
    UnknownCurrency {
        /// JSON path.
        path: String,
        /// What was given.
        found: String,
    },
    /// An HS code that is not 6, 8 or 10 digits (dots and spaces allowed).
    #[error("{path}: expected an HS code of 6, 8 or 10 digits (dots and spaces allowed), found \"{found}\"")]
    InvalidHsCode {
        /// JSON path.
        path: String,
        /// What was given.
        found: String,
    },
    /// A money amount below zero.
    #[error("{path}: expected an amount of zero or more, found {found}")]
    NegativeAmount {
        /// JSON path.
        path: String,
        /// What was given.
        found: String,
    },
    /// A quantity of zero or less.
    #[error("{path}: expected a quantity greater than zero, found {found}")]
    InvalidQuantity {
        /// JSON path.
        path: String,
        /// What was given.
        found: String,
    },
    /// A shipment without items.
    #[error("{path}: expected at least one item, found none")]
    EmptyItems {
        /// JSON path.
        path: String,
    },
    /// A date before the rule data starts.
    #[error(
        "{path}: expected a date on or after {first} (where the rule data starts), found {found}"
    )]
    DateOutOfRange {
        /// JSON path.
        path: String,
        /// What was given.
        found: String,
        /// The first supported date.
        first: String,
    },
    /// IOSS asked for a consignment above the EUR 150 intrinsic-value limit.
    #[error("{path}: expected a consignment of intrinsic value not exceeding EUR {threshold} for IOSS (Art 369l VAT Directive), found EUR {found}")]
    IossAboveThreshold {
        /// JSON path.
        path: String,
        /// Intrinsic value in EUR.
        found: String,
        /// The limit.
        threshold: String,
    },
    /// A VAT route that the law does not allow for this consignment.
    #[error("{path}: expected {expected}, found \"{found}\"")]
    VatRouteNotApplicable {
        /// JSON path.
        path: String,
        /// Why and what would be allowed.
        expected: String,
        /// The route asked for.
        found: String,
    },
    /// A rate expression that the engine cannot apply.
    #[error("{path}: expected a rate the engine can apply, found \"{found}\" ({reason})")]
    RateNotSupported {
        /// JSON path.
        path: String,
        /// The rate text.
        found: String,
        /// Why it cannot be applied.
        reason: String,
    },
    /// A specific duty needs a quantity the item does not give.
    #[error("{path}: expected the quantity in \"{unit}\" that the rate \"{rate}\" needs (net_weight_kg for kg, else units.{unit}), found none")]
    MissingQuantity {
        /// JSON path of the item.
        path: String,
        /// The unit needed.
        unit: String,
        /// The rate text.
        rate: String,
    },
    /// A percentage on a part of the goods needs that part's value.
    #[error(
        "{path}: expected the value of the {part} that the rate \"{rate}\" applies to, found none"
    )]
    MissingValuePart {
        /// JSON path of the item.
        path: String,
        /// The part.
        part: String,
        /// The rate text.
        rate: String,
    },
    /// A Section 232 derivative needs its metal content declared.
    #[error("{path}: expected the {metal} content value of HS {found} (a Section 232 derivative in {list}: the duty applies to the metal content), found none")]
    Section232ContentRequired {
        /// JSON path of the item's `section_232`.
        path: String,
        /// The HS code.
        found: String,
        /// The metal.
        metal: String,
        /// The product list.
        list: String,
    },
    /// The HS code is not in the tariff schedule in force.
    #[error("{path}: expected an HS code of the {schedule} tariff schedule, found \"{found}\"")]
    HsCodeNotFound {
        /// JSON path.
        path: String,
        /// The code asked for.
        found: String,
        /// The schedule searched.
        schedule: String,
    },
    /// A short code whose lines carry different rates (or EU sources that disagree).
    #[error(
        "{path}: expected a code with one rate, found \"{found}\" whose lines differ: {candidates}"
    )]
    AmbiguousCode {
        /// JSON path.
        path: String,
        /// The code asked for.
        found: String,
        /// The candidate codes and their rates.
        candidates: String,
    },
    /// No exchange rate for a needed conversion.
    #[error("{path}: expected an exchange rate {from}->{to} for {date} in fx_rates or the bundled ECB data, found none")]
    FxRateUnavailable {
        /// JSON path of the amount to convert.
        path: String,
        /// Source currency.
        from: String,
        /// Target currency.
        to: String,
        /// Rate date wanted.
        date: String,
    },
    /// Rule data failed validation.
    #[error("{path}: {message}")]
    InvalidRules {
        /// Path inside the rule document.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Two rows of one rule family overlap in time.
    #[error("{path}: expected validity ranges that do not overlap, found {found}")]
    OverlappingValidity {
        /// Path inside the rule document.
        path: String,
        /// The two rows.
        found: String,
    },
    /// Rows of one rule family are not sorted by `valid_from`.
    #[error("{path}: expected rows sorted by valid_from, found {found}")]
    UnsortedValidity {
        /// Path inside the rule document.
        path: String,
        /// The out-of-order rows.
        found: String,
    },
}

impl Error {
    /// The stable snake_case code of this error.
    ///
    /// # Example
    /// ```
    /// let e = deminimis::Error::EmptyItems { path: "$.items".into() };
    /// assert_eq!(e.code(), "empty_items");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidJson { .. } => "invalid_json",
            Error::FloatAmount { .. } => "float_amount",
            Error::UnknownField { .. } => "unknown_field",
            Error::MissingField { .. } => "missing_field",
            Error::InvalidValue { .. } => "invalid_value",
            Error::InvalidAmount { .. } => "invalid_amount",
            Error::InvalidRate { .. } => "invalid_rate",
            Error::InvalidDate { .. } => "invalid_date",
            Error::UnknownCountry { .. } => "unknown_country",
            Error::UnsupportedDestination { .. } => "unsupported_destination",
            Error::UnknownCurrency { .. } => "unknown_currency",
            Error::InvalidHsCode { .. } => "invalid_hs_code",
            Error::NegativeAmount { .. } => "negative_amount",
            Error::InvalidQuantity { .. } => "invalid_quantity",
            Error::EmptyItems { .. } => "empty_items",
            Error::DateOutOfRange { .. } => "date_out_of_range",
            Error::IossAboveThreshold { .. } => "ioss_above_threshold",
            Error::VatRouteNotApplicable { .. } => "vat_route_not_applicable",
            Error::RateNotSupported { .. } => "rate_not_supported",
            Error::MissingQuantity { .. } => "missing_quantity",
            Error::MissingValuePart { .. } => "missing_value_part",
            Error::HsCodeNotFound { .. } => "hs_code_not_found",
            Error::Section232ContentRequired { .. } => "section_232_content_required",
            Error::AmbiguousCode { .. } => "ambiguous_code",
            Error::FxRateUnavailable { .. } => "fx_rate_unavailable",
            Error::InvalidRules { .. } => "invalid_rules",
            Error::OverlappingValidity { .. } => "overlapping_validity",
            Error::UnsortedValidity { .. } => "unsorted_validity",
        }
    }

    /// The JSON path of the field at fault (`$` is the whole document).
    ///
    /// # Example
    /// ```
    /// let e = deminimis::Error::EmptyItems { path: "$.items".into() };
    /// assert_eq!(e.path(), "$.items");
    /// ```
    pub fn path(&self) -> &str {
        match self {
            Error::InvalidJson { path, .. }
            | Error::FloatAmount { path, .. }
            | Error::UnknownField { path, .. }
            | Error::MissingField { path, .. }
            | Error::InvalidValue { path, .. }
            | Error::InvalidAmount { path, .. }
            | Error::InvalidRate { path, .. }
            | Error::InvalidDate { path, .. }
            | Error::UnknownCountry { path, .. }
            | Error::UnsupportedDestination { path, .. }
            | Error::UnknownCurrency { path, .. }
            | Error::InvalidHsCode { path, .. }
            | Error::NegativeAmount { path, .. }
            | Error::InvalidQuantity { path, .. }
            | Error::EmptyItems { path }
            | Error::DateOutOfRange { path, .. }
            | Error::IossAboveThreshold { path, .. }
            | Error::VatRouteNotApplicable { path, .. }
            | Error::RateNotSupported { path, .. }
            | Error::MissingQuantity { path, .. }
            | Error::MissingValuePart { path, .. }
            | Error::HsCodeNotFound { path, .. }
            | Error::Section232ContentRequired { path, .. }
            | Error::AmbiguousCode { path, .. }
            | Error::FxRateUnavailable { path, .. }
            | Error::InvalidRules { path, .. }
            | Error::OverlappingValidity { path, .. }
            | Error::UnsortedValidity { path, .. } => path,
        }
    }

    /// Every code this crate can return, for bindings and documentation.
    ///
    /// # Example
    /// ```
    /// assert!(deminimis::Error::ALL_CODES.contains(&"float_amount"));
    /// ```
    pub const ALL_CODES: &'static [&'static str] = &[
        "invalid_json",
        "float_amount",
        "unknown_field",
        "missing_field",
        "invalid_value",
        "invalid_amount",
        "invalid_rate",
        "invalid_date",
        "unknown_country",
        "unsupported_destination",
        "unknown_currency",
        "invalid_hs_code",
        "negative_amount",
        "invalid_quantity",
        "empty_items",
        "date_out_of_range",
        "ioss_above_threshold",
        "vat_route_not_applicable",
        "rate_not_supported",
        "missing_quantity",
        "missing_value_part",
        "hs_code_not_found",
        "section_232_content_required",
        "ambiguous_code",
        "fx_rate_unavailable",
        "invalid_rules",
        "overlapping_validity",
        "unsorted_validity",
    ];

    /// Turn a serde error at a JSON path into the matching variant (decoding the code prefix our
    /// own deserializers put in their messages).
    pub(crate) fn from_serde(path: String, message: &str) -> Error {
        let msg = strip_position(message);
        if let Some(rest) = msg.strip_prefix("float_amount: ") {
            let found = rest
                .rsplit("found the JSON number ")
                .next()
                .unwrap_or(rest)
                .to_string();
            return Error::FloatAmount { path, found };
        }
        if let Some(rest) = msg.strip_prefix("invalid_amount: ") {
            let found = rest.rsplit("found ").next().unwrap_or(rest).to_string();
            return Error::InvalidAmount { path, found };
        }
        if let Some(rest) = msg.strip_prefix("invalid_rate: ") {
            let found = rest.rsplit("found ").next().unwrap_or(rest).to_string();
            return Error::InvalidRate { path, found };
        }
        if let Some(rest) = msg.strip_prefix("invalid_date: ") {
            return Error::InvalidDate {
                path,
                found: rest.to_string(),
            };
        }
        if let Some(rest) = msg.strip_prefix("unknown field `") {
            let field = rest.split('`').next().unwrap_or(rest).to_string();
            return Error::UnknownField { path, found: field };
        }
        if let Some(rest) = msg.strip_prefix("missing field `") {
            let field = rest.split('`').next().unwrap_or(rest).to_string();
            return Error::MissingField { path, found: field };
        }
        if let Some(rest) = msg.strip_prefix("unknown variant `") {
            let mut parts = rest.splitn(2, "`, expected ");
            let found = parts.next().unwrap_or_default().to_string();
            let expected = parts.next().unwrap_or("a known value").to_string();
            return Error::InvalidValue {
                path,
                expected,
                found: format!("\"{found}\""),
            };
        }
        if let Some(rest) = msg.strip_prefix("invalid type: ") {
            let mut parts = rest.splitn(2, ", expected ");
            // serde names JSON's arrays and objects by its own data model.
            let found = match parts.next().unwrap_or_default() {
                "sequence" => "a list",
                "map" => "an object",
                other => other,
            }
            .to_string();
            let expected = match parts.next().unwrap_or("another type") {
                "a sequence" => "a list",
                other => other,
            }
            .to_string();
            return Error::InvalidValue {
                path,
                expected,
                found,
            };
        }
        Error::InvalidValue {
            path,
            expected: "a value allowed by the contract".into(),
            found: msg.to_string(),
        }
    }
}

fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message),
        None => message,
    }
}

/// One or more errors, reported together (one line per problem).
///
/// # Example
/// ```
/// let errs = deminimis::Errors::from(deminimis::Error::EmptyItems { path: "$.items".into() });
/// assert_eq!(errs.len(), 1);
/// assert_eq!(errs.to_string(), "$.items: expected at least one item, found none (empty_items)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(Vec<Error>);

impl Errors {
    /// Wrap a list of errors (it should not be empty).
    ///
    /// # Example
    /// ```
    /// assert!(deminimis::Errors::new(vec![]).is_empty());
    /// ```
    pub fn new(errors: Vec<Error>) -> Self {
        Errors(errors)
    }
    /// The errors, in the order found.
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::Errors::new(vec![]).iter().count(), 0);
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, Error> {
        self.0.iter()
    }
    /// The first error.
    ///
    /// # Example
    /// ```
    /// assert!(deminimis::Errors::new(vec![]).first().is_none());
    /// ```
    pub fn first(&self) -> Option<&Error> {
        self.0.first()
    }
    /// How many errors.
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::Errors::new(vec![]).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there are none.
    ///
    /// # Example
    /// ```
    /// assert!(deminimis::Errors::new(vec![]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The errors as a vector.
    ///
    /// # Example
    /// ```
    /// assert!(deminimis::Errors::new(vec![]).into_vec().is_empty());
    /// ```
    pub fn into_vec(self) -> Vec<Error> {
        self.0
    }
}

impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        Errors(vec![e])
    }
}

impl IntoIterator for Errors {
    type Item = Error;
    type IntoIter = std::vec::IntoIter<Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e} ({})", e.code())?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}
