//! [`Text`]: an immutable string that is cheap to copy into a quote.
//!
//! Most strings in a quote come from the rules (ids, names, measures, headings, legal bases) or
//! are fixed words of the engine (`"mfn"`, `"USD"`). Copying them into every quote as `String`s
//! cost most of a quote's allocations; a `Text` is either a `&'static str` or a shared
//! `Arc<str>`, so putting one in a quote copies a pointer (and for a shared one, counts a
//! reference). It reads as a `str`, compares with `str`, `&str` and `String`, and serializes as a
//! JSON string.
//!
//! The bundled rules live as long as the process, so their strings are made `'static` while they
//! are loaded ([`bundled`]): copying one into a quote then touches no reference count, which
//! threads quoting in parallel would otherwise all update on the same cache lines. Rules loaded at
//! run time keep shared `Arc<str>`s, freed with their rule set.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::cell::Cell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string: a `&'static str` or a shared `Arc<str>`.
///
/// # Example
/// ```
/// use deminimis::Text;
/// let a = Text::from_static("mfn");
/// let b = Text::from(String::from("mfn"));
/// assert_eq!(a, b);
/// assert_eq!(a, "mfn");
/// assert_eq!(b.len(), 3);
/// assert_eq!(serde_json::to_string(&a).unwrap(), "\"mfn\"");
/// ```
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    Shared(Arc<str>),
}

impl Text {
    /// A text of a string literal (no allocation, ever).
    ///
    /// # Example
    /// ```
    /// const USD: deminimis::Text = deminimis::Text::from_static("USD");
    /// assert_eq!(USD.as_str(), "USD");
    /// ```
    pub const fn from_static(s: &'static str) -> Text {
        Text(Repr::Static(s))
    }

    /// The string.
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::Text::from("HTSUS").as_str(), "HTSUS");
    /// ```
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            Repr::Shared(s) => s,
        }
    }
}

thread_local! {
    /// Set while this thread loads the bundled rules (see [`bundled`]).
    static BUNDLED: Cell<bool> = const { Cell::new(false) };
}

/// Run `load` (the loading of the bundled rules or tariffs, once per process) with the texts it
/// reads made `'static`: their memory is kept for the life of the process, as the bundled rule
/// set that holds them is.
pub(crate) fn bundled<T>(load: impl FnOnce() -> T) -> T {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            BUNDLED.with(|b| b.set(self.0));
        }
    }
    let _reset = Reset(BUNDLED.with(|b| b.replace(true)));
    load()
}

impl Text {
    /// [`Text::of_rules`] of a borrowed string (copied once, not twice, when shared).
    pub(crate) fn of_rules_str(s: &str) -> Text {
        if BUNDLED.with(Cell::get) {
            Text::of_rules(s.to_owned())
        } else {
            Text::from(s)
        }
    }

    /// A text of rule data: `'static` while the bundled rules load, shared otherwise.
    pub(crate) fn of_rules(s: String) -> Text {
        if BUNDLED.with(Cell::get) {
            Text::from_static(Box::leak(s.into_boxed_str()))
        } else {
            Text::from(s)
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::from_static("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Repr::Shared(Arc::from(s)))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Repr::Shared(Arc::from(s)))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text::from(s.as_str())
    }
}

impl From<Arc<str>> for Text {
    fn from(s: Arc<str>) -> Self {
        Text(Repr::Shared(s))
    }
}

impl From<&Text> for Text {
    fn from(s: &Text) -> Self {
        s.clone()
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.as_str().to_string()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text::of_rules)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "String".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(g)
    }
    fn inline_schema() -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::Text;

    #[test]
    fn static_and_shared_texts_are_equal_when_their_strings_are() {
        let a = Text::from_static("us-s321-800");
        let b = Text::from("us-s321-800");
        assert_eq!(a, b);
        assert_eq!(a.cmp(&b), std::cmp::Ordering::Equal);
        assert_ne!(a, Text::from("us-s321-200"));
        assert_eq!("us-s321-800", b);
        assert_eq!(String::from("us-s321-800"), a);
        assert_eq!(format!("{a}|{b:?}"), "us-s321-800|\"us-s321-800\"");
    }

    #[test]
    fn texts_of_the_bundled_rules_are_static_and_others_shared() {
        let shared = Text::of_rules("HTSUS".into());
        assert!(matches!(shared.0, super::Repr::Shared(_)));
        let fixed = super::bundled(|| Text::of_rules("HTSUS".into()));
        assert!(matches!(fixed.0, super::Repr::Static(_)));
        assert!(matches!(
            Text::of_rules("x".into()).0,
            super::Repr::Shared(_)
        ));
        assert_eq!(shared, fixed);
    }

    #[test]
    fn round_trips_as_a_json_string() {
        let t: Text = serde_json::from_str("\"HTSUS\"").unwrap_or_default();
        assert_eq!(t, "HTSUS");
        assert_eq!(serde_json::to_string(&t).ok().as_deref(), Some("\"HTSUS\""));
    }
}
